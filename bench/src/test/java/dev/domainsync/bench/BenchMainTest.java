package dev.domainsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmarks are not timed tests: this runs every one once at the tiny size and checks that the table and the
 * JSON have every row and the machine, whatever the numbers.
 */
class BenchMainTest {

    @Test
    void tinyRun_printsAndWritesEveryRowWithTheMachine(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench.json");
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        List<Row> rows = BenchMain.run(BenchMain.Size.TINY, BenchMain.PARTS, BenchMain.defaultLambdasJar(), out,
                new PrintStream(console, true, StandardCharsets.UTF_8));

        List<String> keys = rows.stream().map(Row::key).toList();
        List<String> expected = new ArrayList<>(List.of(
                "apply a run / 100 staged claims: applyRun (set-based, the registry's)",
                "apply a run / 100 staged claims: per-row loop (bench baseline only)",
                "apply a run / 100 staged claims: ratio",
                "apply a run / 100 staged claims through a 0.5 ms link: applyRun (set-based, the registry's)",
                "apply a run / 100 staged claims through a 0.5 ms link: per-row loop (bench baseline only)",
                "apply a run / 100 staged claims through a 0.5 ms link: ratio",
                "cold start / HelloWorld (yardstick)"));
        ColdStartBench.HANDLERS.values().forEach(handler ->
                expected.add("cold start / " + handler.substring(handler.lastIndexOf('.') + 1)));
        expected.addAll(List.of(
                "backfill, one execution / 50 stacks",
                "backfill, one execution / 150 stacks",
                "backfill, one execution / largest account in one Standard execution",
                "steady state / 100 stacks, 1 changed, scheduled run",
                "steady state / event path, per event (1 events)",
                "CloudFormation calls of a backfill / 150 stacks: ListStacks pages + DescribeStacks per candidate"
                        + " (the workflow)",
                "CloudFormation calls of a backfill / 150 stacks: DescribeStacks without StackName, paginated"));
        assertThat(keys).containsExactlyElementsOf(expected);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("load average").contains("| 50 stacks |");

        // The link can only add to a round trip, never less than its delay: the loop through it pays that per statement.
        Row linked = rows.get(5);
        assertThat((double) linked.values().get("round trip ms, through the link"))
                .isGreaterThanOrEqualTo(ApplyBench.LINK_ROUND_TRIP.toNanos() / 1e6);

        JsonNode json = Json.mapper().readTree(out.toFile());
        assertThat(json.get("machine").get("cores").asInt()).isPositive();
        assertThat(json.get("machine").has("loadAverageAtEnd")).isTrue();
        assertThat(json.get("rows")).hasSize(expected.size());
        assertThat(json.get("rows").get(0).get("values").get("ms").asDouble()).isPositive();
    }
}
