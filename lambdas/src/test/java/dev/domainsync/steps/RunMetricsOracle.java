package dev.domainsync.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.run.RunReport;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a run's EMF document must hold, written out from its report, and what a document does hold. */
public final class RunMetricsOracle {

    private RunMetricsOracle() {
    }

    /** The report's numbers under the metric names the alarms and dashboards use. */
    public static Map<String, Integer> expected(RunReport report, int distributionStacks) {
        return Map.of(
                "DistributionStacks", distributionStacks,
                "StacksListed", report.stacksListed(),
                "Candidates", report.candidates(),
                "Claims", report.claims(),
                "StacksSkipped", report.stacksSkipped(),
                "MappingsInserted", report.mappingsInserted(),
                "MappingsUpdated", report.mappingsUpdated(),
                "MappingsDeleted", report.mappingsDeleted());
    }

    /** Every metric that the document's directive declares, with its value. */
    public static Map<String, Integer> declared(JsonNode document) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (JsonNode metric : document.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics")) {
            String name = metric.path("Name").asText();
            counts.put(name, document.path(name).asInt());
        }
        return counts;
    }
}
