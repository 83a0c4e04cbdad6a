package dev.domainsync.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.domainsync.statemachine.executor.StateMachineDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SAM and the local executor share one substitution map per state machine: every {@code ${...}} of sync-domains and
 * of sync-stack is bound, by exactly the same names, in {@code sam/template.yaml}'s DefinitionSubstitutions of the
 * state machine whose DefinitionUri names it and in {@link LocalFunctions}; SAM binds each {@code ${<Step>FunctionArn}}
 * to the alias of {@code <Step>Function}, the version that the state machine's role may invoke.
 */
class DefinitionBindingTest {

    private static final Path SAM_TEMPLATE = Path.of("..", "sam", "template.yaml");
    private static final Pattern BLOCK_START = Pattern.compile("^( *)DefinitionSubstitutions:\\s*$");
    private static final Pattern DEFINITION_URI = Pattern.compile("^ *DefinitionUri: *\\S*/([^/\\s]+)\\s*$");
    private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_]+):");
    private static final Pattern TIMEOUT = Pattern.compile("^( *)Timeout: *(\\d+) *$");
    private static final Pattern FUNCTION_BINDING = Pattern.compile("^ +([A-Za-z0-9]+)FunctionArn: *(\\S.*?) *$");

    private final Set<String> placeholders = StateMachineDefinition.placeholders(LocalWorkflow.definitionJson());
    private final Set<String> syncStackPlaceholders = StateMachineDefinition.placeholders(
            LocalWorkflow.definitionJson(LocalWorkflow.SYNC_STACK_DEFINITION_RESOURCE));

    @Test
    void definition_hasAFunctionPlaceholderPerStep() {
        assertThat(placeholders).containsExactlyElementsOf(
                LocalFunctions.STEPS.stream().map(step -> step + "FunctionArn").toList());
    }

    @Test
    void definitionPlaceholders_areExactlyTheLocalFunctionsSubstitutions() {
        Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
        LocalFunctions.STEPS.forEach(step -> handlers.put(step, (in, out, context) -> { }));

        Set<String> bound = LocalFunctions.of(handlers).substitutions().keySet();

        assertThat(bound).containsExactlyInAnyOrderElementsOf(placeholders);
    }

    @Test
    void definitionPlaceholders_areExactlyTheSamTemplatesDefinitionSubstitutions() throws IOException {
        List<String> bound = definitionSubstitutionKeys(Files.readAllLines(SAM_TEMPLATE, StandardCharsets.UTF_8))
                .get("sync-domains.asl.json");

        assertThat(bound).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(placeholders);
    }

    @Test
    void samSubstitutions_bindEachStepToItsOwnFunctionsAlias() throws IOException {
        Map<String, String> bindings = new LinkedHashMap<>();
        for (String line : Files.readAllLines(SAM_TEMPLATE, StandardCharsets.UTF_8)) {
            Matcher binding = FUNCTION_BINDING.matcher(line);
            if (binding.matches()) {
                bindings.put(binding.group(1), binding.group(2));
            }
        }

        assertThat(bindings).containsOnlyKeys(
                Stream.concat(LocalFunctions.STEPS.stream(), LocalFunctions.SYNC_STACK_STEPS.stream()).toList());
        bindings.forEach((step, value) -> assertThat(value).as("${%sFunctionArn} in %s", step, SAM_TEMPLATE)
                .isEqualTo("!Ref " + step + "Function.Alias"));
    }

    @Test
    void stepFunctionTimeouts_areTheSamTemplatesTimeouts() throws IOException {
        Map<String, Duration> templateTimeouts =
                functionTimeouts(Files.readAllLines(SAM_TEMPLATE, StandardCharsets.UTF_8),
                        Stream.concat(LocalFunctions.STEPS.stream(), LocalFunctions.SYNC_STACK_STEPS.stream()).toList());

        assertThat(LocalFunctions.TIMEOUTS).containsExactlyInAnyOrderEntriesOf(templateTimeouts);
    }

    @Test
    void timeoutParser_takesAFunctionsOwnTimeoutOverTheGlobalOne() {
        Map<String, Duration> timeouts = functionTimeouts(List.of(
                "Globals:",
                "  Function:",
                "    Timeout: 120",
                "Resources:",
                "  AFunction:",
                "    Type: AWS::Serverless::Function",
                "    Properties:",
                "      Timeout: 30",
                "  ALogGroup:",
                "    Properties:",
                "      Timeout: 1",
                "  BFunction:",
                "    Properties:",
                "      Handler: b"), List.of("A", "B"));

        assertThat(timeouts).containsExactlyInAnyOrderEntriesOf(
                Map.of("A", Duration.ofSeconds(30), "B", Duration.ofSeconds(120)));
    }

    /** Each step's {@code <Step>Function} Timeout: its own {@code Properties.Timeout}, else the Globals one. */
    private static Map<String, Duration> functionTimeouts(List<String> lines, List<String> steps) {
        Long global = null;
        Map<String, Long> own = new LinkedHashMap<>();
        String section = "";
        String resource = "";
        for (String line : lines) {
            if (!line.startsWith(" ") && line.endsWith(":")) {
                section = line;
                continue;
            }
            Matcher key = KEY.matcher(line);
            if (key.find() && key.group(1).length() == 2) {
                resource = key.group(2);
            }
            Matcher timeout = TIMEOUT.matcher(line);
            if (timeout.matches()) {
                if (section.equals("Globals:") && timeout.group(1).length() == 4) {
                    global = Long.parseLong(timeout.group(2));
                } else if (section.equals("Resources:") && timeout.group(1).length() == 6) {
                    own.put(resource, Long.parseLong(timeout.group(2)));
                }
            }
        }
        assertThat(global).as("Globals.Function.Timeout in the template").isNotNull();
        Map<String, Duration> timeouts = new LinkedHashMap<>();
        for (String step : steps) {
            timeouts.put(step, Duration.ofSeconds(own.getOrDefault(step + "Function", global)));
        }
        return timeouts;
    }

    @Test
    void syncStack_hasAFunctionPlaceholderPerStep() {
        assertThat(syncStackPlaceholders).containsExactlyElementsOf(
                LocalFunctions.SYNC_STACK_STEPS.stream().map(step -> step + "FunctionArn").toList());
    }

    @Test
    void syncStackPlaceholders_areExactlyTheLocalFunctionsSubstitutions() {
        Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
        LocalFunctions.SYNC_STACK_STEPS.forEach(step -> handlers.put(step, (in, out, context) -> { }));

        Set<String> bound = LocalFunctions.ofSyncStack(handlers).substitutions().keySet();

        assertThat(bound).containsExactlyInAnyOrderElementsOf(syncStackPlaceholders);
    }

    @Test
    void syncStackPlaceholders_areExactlyTheSamTemplatesDefinitionSubstitutions() throws IOException {
        List<String> bound = definitionSubstitutionKeys(Files.readAllLines(SAM_TEMPLATE, StandardCharsets.UTF_8))
                .get("sync-stack.asl.json");

        assertThat(bound).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(syncStackPlaceholders);
    }

    @Test
    void templateParser_readsOnlyTheKeysDirectlyUnderTheBlock_byTheDefinitionFile() {
        Map<String, List<String>> keys = definitionSubstitutionKeys(List.of(
                "  StateMachine:",
                "    Properties:",
                "      DefinitionUri: ../statemachine/a.asl.json",
                "      DefinitionSubstitutions:",
                "        # a comment",
                "        AFunctionArn: !Ref A.Alias",
                "",
                "        BFunctionArn:",
                "          Fn::GetAtt: [B, Arn]",
                "      Tracing:",
                "        Enabled: true",
                "  OtherStateMachine:",
                "    Properties:",
                "      DefinitionUri: ../statemachine/c.asl.json",
                "      DefinitionSubstitutions:",
                "        CFunctionArn: !Ref C.Alias"));

        assertThat(keys).containsOnlyKeys("a.asl.json", "c.asl.json");
        assertThat(keys.get("a.asl.json")).containsExactly("AFunctionArn", "BFunctionArn");
        assertThat(keys.get("c.asl.json")).containsExactly("CFunctionArn");
    }

    /**
     * The keys of each DefinitionSubstitutions mapping (the lines indented one level below it), by the file name of
     * the DefinitionUri that comes before it in the same state machine.
     */
    private static Map<String, List<String>> definitionSubstitutionKeys(List<String> lines) {
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        String definition = null;
        int blockIndent = -1;
        int keyIndent = -1;
        for (String line : lines) {
            Matcher uri = DEFINITION_URI.matcher(line);
            if (uri.matches()) {
                definition = uri.group(1);
            }
            Matcher start = BLOCK_START.matcher(line);
            if (start.matches()) {
                assertThat(definition).as("a DefinitionUri before DefinitionSubstitutions").isNotNull();
                assertThat(blocks).as("DefinitionSubstitutions of " + definition).doesNotContainKey(definition);
                keys = new ArrayList<>();
                blocks.put(definition, keys);
                definition = null;
                blockIndent = start.group(1).length();
                keyIndent = -1;
                continue;
            }
            if (blockIndent < 0 || line.isBlank() || line.trim().startsWith("#")) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            if (indent <= blockIndent) {
                blockIndent = -1;
                continue;
            }
            Matcher key = KEY.matcher(line);
            if (keyIndent < 0) {
                keyIndent = indent;
            }
            if (indent == keyIndent && key.find()) {
                keys.add(key.group(2));
            }
        }
        return blocks;
    }
}
