package dev.domainsync.statemachine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domainsync.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The digest finds domain-sync's records by state name: every name it reads is a Task of a shipped definition. */
class RunDigestReaderTest {

    @Test
    void everyStateTheDigestReads_isATaskOfTheShippedDefinitions() throws IOException {
        Map<String, String> types = new HashMap<>();
        for (String file : List.of("sync-domains.asl.json", "sync-stack.asl.json")) {
            collect(WorkflowDefinition.parse(Json.mapper().readTree(Files.readString(Path.of(file)))), types);
        }

        assertThat(RunDigestReader.STATE_NAMES).isNotEmpty()
                .allSatisfy(name -> assertThat(types).as("state %s", name).containsEntry(name, "Task"));
    }

    private static void collect(WorkflowDefinition definition, Map<String, String> types) {
        for (WorkflowDefinition.StateDefinition state : definition.states()) {
            types.put(state.name(), state.type());
            state.processor().ifPresent(processor -> collect(processor, types));
        }
    }
}
