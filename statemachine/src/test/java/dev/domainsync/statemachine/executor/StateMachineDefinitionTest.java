package dev.domainsync.statemachine.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StateMachineDefinitionTest {

    private static String machine(String states) {
        return "{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"Foo\", \"States\": {" + states + "}}";
    }

    private static void assertRejected(String definition, String message) {
        assertThatThrownBy(() -> StateMachineDefinition.load(definition, Map.of()))
                .isInstanceOf(DefinitionException.class)
                .hasMessage(message);
    }

    @Test
    void jsonPathField_isRejectedNamingStateAndField() {
        assertRejected(machine("\"Foo\": {\"Type\": \"Pass\", \"ResultPath\": \"$.x\", \"End\": true}"),
                "state 'Foo': field 'ResultPath' is not supported (QueryLanguage JSONata)");
    }

    @Test
    void parallelState_isRejectedAsUnsupportedType() {
        assertRejected(machine("\"Foo\": {\"Type\": \"Parallel\", \"Branches\": [], \"End\": true}"),
                "state 'Foo': state type 'Parallel' is not supported");
    }

    @Test
    void jsonPathDefinition_isRejected() {
        assertThatThrownBy(() -> StateMachineDefinition.load(
                "{\"StartAt\": \"Foo\", \"States\": {\"Foo\": {\"Type\": \"Succeed\"}}}", Map.of()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageStartingWith("QueryLanguage 'JSONPath' is not supported");
    }

    @Test
    void jsonPathStateInJsonataMachine_isRejected() {
        assertRejected(machine("\"Foo\": {\"Type\": \"Succeed\", \"QueryLanguage\": \"JSONPath\"}"),
                "state 'Foo': QueryLanguage 'JSONPath' is not supported (QueryLanguage JSONata)");
    }

    @Test
    void unboundPlaceholder_isRejectedNamingIt() {
        String definition = machine("\"Foo\": {\"Type\": \"Task\", \"Resource\": \"${MissingFunctionArn}\", \"End\": true}");

        assertThatThrownBy(() -> StateMachineDefinition.load(definition, Map.of("Other", "x")))
                .isInstanceOf(DefinitionException.class)
                .hasMessage("placeholder '${MissingFunctionArn}' is not bound");
        assertThat(StateMachineDefinition.placeholders(definition)).containsExactly("MissingFunctionArn");
    }

    @Test
    void placeholders_listsEveryNameOnceInOrder() {
        assertThat(StateMachineDefinition.placeholders(Fixtures.text("map-failure.asl.json")))
                .containsExactly("ThrowingFunctionArn");
        assertThat(StateMachineDefinition.placeholders("${B} ${A} ${B}")).containsExactly("B", "A");
    }

    @Test
    void resourceWithoutRegisteredFunction_isRejectedWhenBuildingTheExecutor() {
        StateMachineDefinition definition = Fixtures.definition("task.asl.json");

        assertThatThrownBy(() -> new LocalExecutor(definition, Map.of(), new VirtualClock(Fixtures.START),
                ExecutorOptions.defaults("TestMachine")))
                .isInstanceOf(DefinitionException.class)
                .hasMessage("state 'Call': Resource '" + Fixtures.ECHO + "' is not a registered function");
    }

    @Test
    void serviceIntegrationResource_isRejected() {
        assertRejected(machine("\"Foo\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke\","
                        + " \"End\": true}"),
                "state 'Foo': Resource 'arn:aws:states:::lambda:invoke' is not supported: only Lambda function ARNs"
                        + " (arn:aws:lambda:...:function:NAME)");
    }

    @Test
    void jsonataSyntaxError_isRejectedAtLoad() {
        assertThatThrownBy(() -> StateMachineDefinition.load(
                machine("\"Foo\": {\"Type\": \"Pass\", \"Output\": {\"a\": \"{% $sum( %}\"}, \"End\": true}"),
                Map.of()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageStartingWith("state 'Foo': field 'Output/a': JSONata expression '$sum(' does not parse");
    }

    @Test
    void statesAllNotLast_isRejected() {
        assertRejected(machine("\"Foo\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:123456789012:"
                        + "function:F\", \"Retry\": [{\"ErrorEquals\": [\"States.ALL\"]}, {\"ErrorEquals\": [\"X\"]}],"
                        + " \"End\": true}"),
                "state 'Foo': Retry[0]: States.ALL must appear alone and in the last entry");
    }

    @Test
    void transitionToUnknownState_isRejected() {
        assertRejected(machine("\"Foo\": {\"Type\": \"Pass\", \"Next\": \"Nowhere\"}"),
                "state 'Foo': transition to 'Nowhere', which is not a state in the same States block");
    }

    @Test
    void distributedMap_isRejected() {
        assertRejected(machine("\"Foo\": {\"Type\": \"Map\", \"End\": true, \"ItemProcessor\": {\"ProcessorConfig\":"
                        + " {\"Mode\": \"DISTRIBUTED\"}, \"StartAt\": \"I\", \"States\": {\"I\": {\"Type\": \"Succeed\"}}}}"),
                "state 'Foo': ProcessorConfig Mode 'DISTRIBUTED' is not supported (inline Map only)");
    }

    @Test
    void mapItemReader_isRejectedNamingTheField() {
        assertRejected(machine("\"Foo\": {\"Type\": \"Map\", \"ItemReader\": {}, \"End\": true}"),
                "state 'Foo': field 'ItemReader' is not supported in a Map state");
    }

    @Test
    void unknownTopLevelField_isRejected() {
        assertRejected("{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"Foo\", \"Extra\": 1,"
                        + " \"States\": {\"Foo\": {\"Type\": \"Succeed\"}}}",
                "top-level field 'Extra' is not supported");
    }

    @Test
    void catcherResultPath_isRejected() {
        assertRejected(machine("\"Foo\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:123456789012:"
                        + "function:F\", \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"ResultPath\": \"$.e\","
                        + " \"Next\": \"Foo\"}], \"End\": true}"),
                "state 'Foo': Catch[0]: field 'ResultPath' is not supported (QueryLanguage JSONata)");
    }
}
