package dev.domainsync.statemachine.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import dev.domainsync.run.RunMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HistoryReaderTest {

    @Test
    void interleavedIterations_areAttributedByPreviousEventId() {
        ExecutionTrail trail = Fixtures.trail(Fixtures.SUCCESS);

        StateVisit firstMap = visits(trail, "ExtractParams").get(0);
        assertThat(firstMap.itemCount()).hasValue(2);
        assertThat(firstMap.iterations()).hasSize(2);
        MapIteration first = firstMap.iterations().get(0);
        MapIteration second = firstMap.iterations().get(1);
        assertThat(first.visits()).singleElement().satisfies(visit ->
                assertThat(visit.succeededAttempt().orElseThrow().output()).contains("cdn-shop-example-com")
                        .doesNotContain("cdn-blog-example-org"));
        assertThat(second.visits()).singleElement().satisfies(visit ->
                assertThat(visit.succeededAttempt().orElseThrow().output()).contains("cdn-blog-example-org"));
        assertThat(first.eventCount()).isEqualTo(7);
        assertThat(second.eventCount()).isEqualTo(7);
        assertThat(trail.events()).filteredOn(event -> event.iteration().equals(Optional.of(first.key())))
                .extracting(event -> event.event().id())
                .containsExactly(22L, 23L, 24L, 28L, 33L, 34L, 35L);
    }

    @Test
    void retry_isAFailedAttemptFollowedByAnotherInTheSameVisit() {
        ExecutionTrail trail = Fixtures.trail(Fixtures.SUCCESS);

        StateVisit firstPage = visits(trail, "ListStacks").get(0);
        assertThat(firstPage.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(firstPage.retries()).isEqualTo(1);
        TaskAttempt failed = firstPage.attempts().get(0);
        assertThat(failed.error().error()).isEqualTo("dev.domainsync.cloudformation.CloudFormationThrottlingException");
        assertThat(Duration.between(failed.endedAt().orElseThrow(), firstPage.attempts().get(1).scheduledAt()))
                .isEqualTo(Duration.ofMillis(3140));
        assertThat(visits(trail, "ListStacks").get(1).retries()).isZero();
    }

    @Test
    void payloads_areReadAsTheRunRecords() {
        ExecutionTrail trail = Fixtures.trail(Fixtures.SUCCESS);

        assertThat(trail.status()).isEqualTo(TrailStatus.SUCCEEDED);
        assertThat(RunDigest.of(trail).executionName()).hasValue("scheduled-2026-11-28T05-00-00");
        assertThat(RunDigest.of(trail).runContext()).hasValueSatisfying(run -> {
            assertThat(run.runId()).isEqualTo(42);
            assertThat(run.mode()).isEqualTo(RunMode.INCREMENTAL);
            assertThat(run.since()).isEqualTo(Instant.parse("2026-11-25T23:00:00Z"));
        });
        assertThat(RunDigest.of(trail).runReport()).hasValueSatisfying(report -> assertThat(report.changes()).hasSize(5));
        assertThat(RunDigest.of(trail).extracts()).extracting(extract -> extract.stackName()).containsExactly(
                "cdn-shop-example-com", "cdn-legacy-portal", "cdn-blog-example-org", "cdn-api-example-net");
        assertThat(RunDigest.of(trail).deletedStackIds()).singleElement().asString().contains("cdn-old-example-com");
        assertThat(trail.duration()).isEqualTo(Duration.ofMillis(6645));
    }

    @Test
    void caughtFailure_leavesTheTaskCaughtAndTheFailStateFailed() {
        ExecutionTrail trail = Fixtures.trail(Fixtures.FAILED);

        assertThat(trail.status()).isEqualTo(TrailStatus.FAILED);
        assertThat(trail.error()).hasValueSatisfying(error ->
                assertThat(error.error()).isEqualTo("dev.domainsync.registry.PruneGuardException"));
        assertThat(visits(trail, "PruneDeleted")).singleElement().satisfies(visit -> {
            assertThat(visit.outcome()).isEqualTo(Outcome.CAUGHT);
            assertThat(visit.attempts()).extracting(attempt -> attempt.error().error()).containsExactly(
                    "dev.domainsync.registry.DatabaseUnavailableException",
                    "dev.domainsync.registry.PruneGuardException");
        });
        assertThat(visits(trail, "Failed")).singleElement().extracting(StateVisit::outcome).isEqualTo(Outcome.FAILED);
        assertThat(trail.caughtVisit()).map(StateVisit::name).hasValue("PruneDeleted");
        assertThat(RunDigest.of(trail).runFailure()).hasValueSatisfying(failure -> assertThat(failure.runId()).isEqualTo(43L));
        assertThat(RunDigest.of(trail).runReport()).isEmpty();
    }

    @Test
    void unfinishedHistory_isRunningWithTheCurrentStateInProgress() {
        JsonNode events = Fixtures.history(Fixtures.SUCCESS).get("events");
        ArrayNode upToTheRetry = Json.mapper().createArrayNode();
        for (int i = 0; i < 11; i++) {
            upToTheRetry.add(events.get(i));
        }
        ObjectNode firstEleven = Json.mapper().createObjectNode();
        firstEleven.set("events", upToTheRetry);

        ExecutionTrail trail = HistoryReader.read(ExecutionEvent.listFrom(firstEleven));

        assertThat(trail.status()).isEqualTo(TrailStatus.RUNNING);
        assertThat(trail.endTime()).isEmpty();
        assertThat(visits(trail, "ListStacks")).singleElement().satisfies(visit -> {
            assertThat(visit.outcome()).isEqualTo(Outcome.IN_PROGRESS);
            assertThat(visit.attempts()).hasSize(2);
        });
    }

    @Test
    void historyWithoutPreviousEventIds_stillReadsEveryVisit() {
        JsonNode history = Fixtures.history(Fixtures.SUCCESS).deepCopy();
        history.get("events").forEach(event -> ((ObjectNode) event).remove("previousEventId"));

        ExecutionTrail trail = HistoryReader.read(ExecutionEvent.listFrom(history));

        assertThat(visits(trail, "ExtractParamsBatch")).hasSize(3);
        assertThat(visits(trail, "ListStacks")).hasSize(2);
        assertThat(trail.visits()).extracting(StateVisit::name).endsWith("PruneDeleted", "Done");
        assertThat(RunDigest.of(trail).runReport()).isPresent();
    }

    @Test
    void epochSecondTimestamps_areReadLikeIsoOnes() {
        JsonNode history = Json.mapper().createObjectNode().set("events", Json.mapper().createArrayNode()
                .add(Json.mapper().createObjectNode().put("id", 1).put("type", "ExecutionStarted")
                        .put("timestamp", 1764306000.123)));

        assertThat(ExecutionEvent.listFrom(history)).singleElement().extracting(ExecutionEvent::timestamp)
                .isEqualTo(Instant.parse("2025-11-28T05:00:00.123Z"));
    }

    private static List<StateVisit> visits(ExecutionTrail trail, String name) {
        return trail.allVisits().stream().filter(visit -> visit.name().equals(name)).toList();
    }
}
