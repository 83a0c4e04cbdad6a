package dev.domainsync.statemachine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StackSnapshotTest {

    private static final String VALID_STACK = """
            {"StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/ok/1", "StackName": "ok",
             "StackStatus": "CREATE_COMPLETE", "CreationTime": "2026-01-01T10:00:00Z"}""";

    @Test
    void load_fixture_keepsOrderFieldsAndTimes() {
        StackSnapshot snapshot = SnapshotFixtures.stacks();

        assertThat(snapshot.size()).isEqualTo(6);
        assertThat(snapshot.stacks()).extracting(SnapshotStack::stackName).containsExactly(
                "web-alpha", "web-beta", "web-reused", "web-reused", "web-alpha-Nested-1ABC", "web-gone");
        assertThat(snapshot.liveStacks()).extracting(SnapshotStack::stackName).containsExactly(
                "web-alpha", "web-beta", "web-reused", "web-alpha-Nested-1ABC");
        assertThat(snapshot.sourceName()).endsWith("stacks.json");
        SnapshotStack beta = snapshot.stacks().get(1);
        assertThat(beta.creationTime()).as("the AWS CLI's microseconds and offset")
                .isEqualTo(Instant.parse("2026-01-02T08:30:00.123Z"));
        assertThat(beta.lastUpdatedTime()).contains(Instant.parse("2026-01-05T10:00:00.456Z"));
        assertThat(beta.parameters()).extracting(SnapshotStack.Parameter::key)
                .containsExactly("CustomDomainName", "GroupId", "ImageId");
        assertThat(snapshot.stacks().get(3).creationTime()).as("no offset means UTC")
                .isEqualTo(Instant.parse("2026-01-03T09:00:00Z"));
        assertThat(snapshot.stacks().get(5).deletionTime()).contains(Instant.parse("2026-01-04T00:00:00Z"));
    }

    @Test
    void find_byIdInAnyStatusAndByNameOnlyWhenLive() {
        StackSnapshot snapshot = SnapshotFixtures.stacks();

        assertThat(snapshot.find(SnapshotFixtures.GONE_ID)).map(SnapshotStack::stackStatus).contains("DELETE_COMPLETE");
        assertThat(snapshot.find(SnapshotFixtures.GONE)).isEmpty();
        assertThat(snapshot.find(SnapshotFixtures.REUSED)).map(SnapshotStack::stackId)
                .contains(SnapshotFixtures.REUSED_LIVE_ID);
        assertThat(snapshot.find(SnapshotFixtures.REUSED_DELETED_ID)).map(SnapshotStack::deleted).contains(true);
        assertThat(snapshot.find("nope")).isEmpty();
    }

    @Test
    void parse_emptyStacks_isAnEmptySnapshot() {
        StackSnapshot snapshot = StackSnapshot.parse("{\"Stacks\": [], \"NextToken\": null}", "empty.json");

        assertThat(snapshot.size()).isZero();
        assertThat(snapshot.fingerprint()).hasSize(16);
    }

    @Test
    void parse_deletedStackWithoutDeletionTime_isServedAsItIs() {
        StackSnapshot snapshot = StackSnapshot.parse(stacks(VALID_STACK.replace("CREATE_COMPLETE", "DELETE_COMPLETE")),
                "hand-written");

        assertThat(snapshot.stacks()).singleElement().satisfies(stack -> {
            assertThat(stack.deleted()).isTrue();
            assertThat(stack.deletionTime()).isEmpty();
        });
    }

    @Test
    void fingerprint_differsWithContent() {
        String other = "{\"Stacks\": [" + VALID_STACK.replace("\"ok\"", "\"ok2\"") + "]}";

        assertThat(StackSnapshot.parse("{\"Stacks\": [" + VALID_STACK + "]}", "a").fingerprint())
                .isEqualTo(StackSnapshot.parse("{\"Stacks\": [" + VALID_STACK + "]}", "b").fingerprint())
                .isNotEqualTo(StackSnapshot.parse(other, "c").fingerprint());
    }

    static Stream<Arguments> malformedSnapshots() {
        return Stream.of(
                Arguments.of("truncated JSON", "{\"Stacks\": [\n  {\"StackId\": ",
                        "snapshot bad.json is not JSON at line 2"),
                Arguments.of("trailing text", "{\"Stacks\": []}\nextra", "snapshot bad.json is not JSON at line 2, column"),
                Arguments.of("repeated key", "{\"Stacks\": [], \"Stacks\": []}", "is not JSON at line 1, column"),
                Arguments.of("empty text", "  ", "snapshot bad.json is empty"),
                Arguments.of("ListStacks output", "{\"StackSummaries\": []}", "found no \"Stacks\" array"),
                Arguments.of("bare array", "[" + VALID_STACK + "]", "found no \"Stacks\" array"),
                Arguments.of("Stacks not a list", "{\"Stacks\": {}}", "found no \"Stacks\" array"),
                Arguments.of("stack not an object", "{\"Stacks\": [" + VALID_STACK + ", \"web\"]}",
                        "stack #2: expected an object but found a string"),
                Arguments.of("no StackId", stacks(VALID_STACK.replace("\"StackId\"", "\"Id\"")),
                        "stack #1 \"ok\": missing StackId"),
                Arguments.of("no StackName", stacks(VALID_STACK, VALID_STACK.replace("\"StackName\": \"ok\",", "")
                        .replace("stack/ok/1", "stack/ok/2")), "stack #2: missing StackName"),
                Arguments.of("StackName a number", stacks(VALID_STACK.replace("\"ok\",", "7,")),
                        "stack #1: StackName must be a string but is a number"),
                Arguments.of("no StackStatus", stacks(VALID_STACK.replace("\"StackStatus\": \"CREATE_COMPLETE\",", "")),
                        "stack #1 \"ok\": missing StackStatus"),
                Arguments.of("no CreationTime", stacks(VALID_STACK.replace("\"CreationTime\"", "\"Created\"")),
                        "stack #1 \"ok\": missing CreationTime"),
                Arguments.of("unknown status", stacks(VALID_STACK.replace("CREATE_COMPLETE", "CREATE_DONE")),
                        "stack #1 \"ok\": unknown StackStatus \"CREATE_DONE\" (CloudFormation's are CREATE_COMPLETE,"),
                Arguments.of("bad CreationTime", stacks(VALID_STACK.replace("2026-01-01T10:00:00Z", "yesterday")),
                        "stack #1 \"ok\": CreationTime \"yesterday\" is not an ISO-8601 timestamp"),
                Arguments.of("bad LastUpdatedTime", stacks(VALID_STACK.replace("}", ", \"LastUpdatedTime\": \"2026-13-01T00:00:00Z\"}")),
                        "stack #1 \"ok\": LastUpdatedTime \"2026-13-01T00:00:00Z\" is not an ISO-8601 timestamp"),
                Arguments.of("Parameters an object", stacks(VALID_STACK.replace("}", ", \"Parameters\": {\"GroupId\": \"g\"}}")),
                        "stack #1 \"ok\": Parameters must be a list of {\"ParameterKey\": \"..\", \"ParameterValue\": \"..\"} but is an object"),
                Arguments.of("Parameters of strings", stacks(VALID_STACK.replace("}", ", \"Parameters\": [\"GroupId=g\"]}")),
                        "stack #1 \"ok\": Parameters must be a list of {\"ParameterKey\": \"..\", \"ParameterValue\": \"..\"} but Parameters item #1 is a string"),
                Arguments.of("Parameter without key", stacks(VALID_STACK.replace("}", ", \"Parameters\": [{\"Key\": \"GroupId\", \"Value\": \"g\"}]}")),
                        "stack #1 \"ok\": Parameters item #1 has no ParameterKey"),
                Arguments.of("Parameter value a number", stacks(VALID_STACK.replace("}", ", \"Parameters\": [{\"ParameterKey\": \"GroupId\", \"ParameterValue\": 7}]}")),
                        "stack #1 \"ok\": Parameters item #1 ParameterValue must be a string but is a number"),
                Arguments.of("duplicate StackId", stacks(VALID_STACK, VALID_STACK.replace("\"ok\"", "\"ok-again\"")),
                        "stack #2 \"ok-again\": duplicate StackId arn:aws:cloudformation:us-east-1:123456789012:stack/ok/1 (also stack #1)"),
                Arguments.of("two live stacks of one name", stacks(VALID_STACK, VALID_STACK.replace("stack/ok/1", "stack/ok/2")),
                        "stack #2 \"ok\": StackName is also used by stack #1"),
                Arguments.of("control character", stacks(VALID_STACK.replace("}", ", \"Description\": \"bell \\u0007\"}")),
                        "stack #1 \"ok\": Description holds the character U+0007, which an XML answer cannot carry"),
                Arguments.of("unknown drift status", stacks(VALID_STACK.replace("}", ", \"DriftInformation\": {\"StackDriftStatus\": \"MAYBE\"}}")),
                        "stack #1 \"ok\": unknown DriftInformation.StackDriftStatus \"MAYBE\""),
                Arguments.of("Tags without Value", stacks(VALID_STACK.replace("}", ", \"Tags\": [{\"Key\": \"team\"}]}")),
                        "stack #1 \"ok\": Tags item #1 has no Value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedSnapshots")
    void parse_malformedSnapshot_rejectedNamingTheProblem(String scenario, String json, String expectedMessage) {
        assertThatThrownBy(() -> StackSnapshot.parse(json, "bad.json"))
                .isInstanceOf(InvalidSnapshotException.class)
                .hasMessageStartingWith("snapshot bad.json")
                .hasMessageContaining(expectedMessage);
    }

    @Test
    void load_malformedFile_messageNamesTheFile(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("broken.json"), "{\"Stacks\": [" + VALID_STACK.replace("CREATE_COMPLETE", "") + "]}");

        assertThatThrownBy(() -> StackSnapshot.load(file))
                .isInstanceOf(InvalidSnapshotException.class)
                .hasMessage("snapshot " + file + ": stack #1 \"ok\": missing StackStatus");
    }

    @Test
    void load_missingFile_ioException(@TempDir Path directory) {
        assertThatThrownBy(() -> StackSnapshot.load(directory.resolve("absent.json")))
                .isInstanceOf(NoSuchFileException.class);
    }

    private static String stacks(String... stacks) {
        return "{\"Stacks\": [" + String.join(",\n", stacks) + "]}";
    }
}
