package dev.domainsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.cloudformation.SdkStackCatalog;
import dev.domainsync.json.Json;
import dev.domainsync.registry.PostgresDomainRegistry;
import dev.domainsync.registry.PostgresStackEventRegistry;
import dev.domainsync.rules.SyncSettings;
import dev.domainsync.statemachine.LocalFunctions;
import dev.domainsync.statemachine.LocalWorkflow;
import dev.domainsync.statemachine.demo.LargeListing;
import dev.domainsync.statemachine.demo.SampleSnapshots;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.executor.ExecutorOptions;
import dev.domainsync.statemachine.executor.HistoryEvent;
import dev.domainsync.statemachine.executor.HistoryEventType;
import dev.domainsync.statemachine.snapshot.FaultPlan;
import dev.domainsync.statemachine.snapshot.SnapshotEndpoint;
import dev.domainsync.statemachine.snapshot.StackSnapshot;
import dev.domainsync.steps.StackStatusEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * Points 3 to 5: whole executions of the real definition by the local executor, through the real handlers, the
 * SDK, the stack snapshot endpoint and PostgreSQL, counted from their histories; the history quota is lifted so
 * that an account too large for one execution still shows how many events it would need.
 */
final class WorkflowBench {

    static final String BACKFILL = "backfill, one execution";
    static final String STEADY = "steady state";
    static final String BILL = "CloudFormation calls of a backfill";

    /** us-east-1 prices, free tiers ignored. */
    static final double STATE_TRANSITION_USD = 0.025 / 1_000;
    static final double LAMBDA_REQUEST_USD = 0.20 / 1_000_000;
    static final double LAMBDA_GB_SECOND_USD = 0.0000166667;
    /** sam/template.yaml's Globals.Function.MemorySize. */
    static final double LAMBDA_MEMORY_GB = 1.0;
    /** EventBridge Scheduler starts a run every two days. */
    static final double RUNS_PER_MONTH = 365.25 / 12 / 2;
    static final int HISTORY_QUOTA = ExecutorOptions.HISTORY_EVENT_LIMIT;
    /** Room left for retries and a slower CloudFormation: an account "fits" when it needs at most 80 % of the quota. */
    static final double HEADROOM = 0.8;
    static final int STACKS_PER_PAGE = SnapshotEndpoint.DEFAULT_PAGE_SIZE;

    private static final Instant NOW = Instant.parse("2026-11-28T06:00:00Z");

    private final BenchDatabase postgres;

    WorkflowBench(BenchDatabase postgres) {
        this.postgres = postgres;
    }

    /** Point 3: one backfill per size, and the largest account that fits one execution, from the two largest. */
    List<Row> backfills(List<Integer> sizes, int billSize, List<Row> bill) {
        List<Row> rows = new ArrayList<>();
        Measured smaller = null;
        Measured larger = null;
        for (int stacks : sizes) {
            JsonNode account = LargeListing.snapshot(stacks, NOW);
            Measured measured = execute(registry(), account, "{\"mode\": \"backfill\"}", NOW);
            rows.add(measured.row(BACKFILL, String.format("%,d stacks", stacks))
                    .with("fits the quota", measured.events() <= HISTORY_QUOTA)
                    .with("events per page", measured.events() / (double) pages(stacks)));
            smaller = larger;
            larger = measured;
            if (stacks == billSize) {
                bill.addAll(bill(account, measured));
            }
        }
        if (smaller != null) {
            double perPage = (larger.events() - smaller.events()) / (double) (larger.pages() - smaller.pages());
            double fixed = larger.events() - perPage * larger.pages();
            long maxPages = (long) Math.floor((HISTORY_QUOTA * HEADROOM - fixed) / perPage);
            rows.add(Row.of(BACKFILL, "largest account in one Standard execution")
                    .with("events per page (marginal)", perPage)
                    .with("fixed events", fixed)
                    .with("stacks at 80% of 25,000 events", maxPages * STACKS_PER_PAGE)
                    .with("beyond that", "a Distributed Map over pages: each child execution has its own 25,000"));
        }
        return rows;
    }

    /** Point 4: a backfill, then the scheduled run two days later with {@code changed} stacks updated between. */
    List<Row> steadyState(int stacks, int changed) {
        PostgresDomainRegistry registry = registry();
        JsonNode account = LargeListing.snapshot(stacks, NOW);
        execute(registry, account, "{}", NOW);
        Instant later = NOW.plus(Duration.ofDays(2));
        JsonNode next = account.deepCopy();
        int updated = 0;
        for (JsonNode stack : next.get("Stacks")) {
            String status = stack.get("StackStatus").asText();
            if (updated < changed && status.endsWith("_COMPLETE") && !status.startsWith("DELETE")
                    && SyncSettings.defaults().descriptionPattern().matcher(stack.path("Description").asText()).find()) {
                ((ObjectNode) stack).put("StackStatus", "UPDATE_COMPLETE")
                        .put("LastUpdatedTime", later.minus(Duration.ofHours(5)).toString());
                updated++;
            }
        }
        Measured run = execute(registry, next, "{}", later);
        double perRun = run.usd();
        List<Row> rows = new ArrayList<>();
        rows.add(run.row(STEADY, String.format("%,d stacks, %d changed, scheduled run", stacks, updated))
                .with("USD per run", String.format("%.5f", perRun))
                .with("USD per month (every 2 days)", String.format("%.4f", perRun * RUNS_PER_MONTH)));
        rows.add(eventPath(next, changedStackIds(next, later), later));
        return rows;
    }

    /** The event path: one sync-stack execution per changed stack's status change event, averaged per event. */
    private Row eventPath(JsonNode account, List<String> stackIds, Instant at) {
        PostgresStackEventRegistry registry = new PostgresStackEventRegistry(
                postgres.database(postgres.fresh("events")));
        List<Measured> runs = new ArrayList<>();
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(snapshot(account), 0, FaultPlan.none());
             CloudFormationClient client = client(endpoint.uri())) {
            LocalFunctions functions = LocalFunctions.syncStack(registry, new SdkStackCatalog(client),
                    SyncSettings.defaults());
            ExecutorOptions options = ExecutorOptions.defaults(LocalWorkflow.SYNC_STACK_STATE_MACHINE_NAME)
                    .withMeasuredInvocations();
            int callsBefore = 0;
            for (String stackId : stackIds) {
                long started = System.nanoTime();
                ExecutionResult result = LocalWorkflow.syncStack(functions, options)
                        .execute("bench-event-" + UUID.randomUUID(), event(stackId, at).toString(), at);
                double wallSeconds = (System.nanoTime() - started) / 1e9;
                if (!result.succeeded()) {
                    throw new IllegalStateException("the event path failed: " + result.error().orElse("") + ": "
                            + result.cause().orElse(""));
                }
                runs.add(Measured.of(result, 1, endpoint.requestCount() - callsBefore, wallSeconds));
                callsBefore = endpoint.requestCount();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double events = runs.size();
        double usd = runs.stream().mapToDouble(Measured::usd).sum() / events;
        return Row.of(STEADY, String.format("event path, per event (%d events)", runs.size()))
                .with("state transitions", runs.stream().mapToInt(Measured::transitions).sum() / events)
                .with("Lambda invocations", runs.stream().mapToInt(Measured::invocations).sum() / events)
                .with("CloudFormation calls", runs.stream().mapToInt(Measured::cloudFormationCalls).sum() / events)
                .with("Lambda ms (local)", runs.stream().mapToLong(Measured::lambdaMillis).sum() / events)
                .with("latency ms (local, median)", runs.stream().mapToDouble(m -> m.wallSeconds() * 1000)
                        .sorted().skip(runs.size() / 2).findFirst().orElse(0))
                .with("USD per event", String.format("%.7f", usd))
                .with("USD per 1,000 events", String.format("%.4f", usd * 1000));
    }

    private static List<String> changedStackIds(JsonNode account, Instant at) {
        List<String> ids = new ArrayList<>();
        for (JsonNode stack : account.get("Stacks")) {
            if (stack.path("LastUpdatedTime").asText().equals(at.minus(Duration.ofHours(5)).toString())) {
                ids.add(stack.get("StackId").asText());
            }
        }
        return ids;
    }

    /** A "CloudFormation Stack Status Change" event as EventBridge delivers it. */
    static ObjectNode event(String stackId, Instant at) {
        ObjectNode event = Json.mapper().createObjectNode()
                .put("version", "0")
                .put("id", UUID.randomUUID().toString())
                .put("detail-type", StackStatusEvent.DETAIL_TYPE)
                .put("source", StackStatusEvent.SOURCE)
                .put("account", "123456789012")
                .put("time", at.toString())
                .put("region", "us-east-1");
        event.putArray("resources").add(stackId);
        ObjectNode detail = event.putObject("detail").put("stack-id", stackId);
        detail.putObject("status-details").put("status", "UPDATE_COMPLETE").put("status-reason", "");
        return event;
    }

    /**
     * Point 5: the workflow's calls (ListStacks pages, then DescribeStacks per candidate) against paging through
     * DescribeStacks without a stack name, which returns every live stack's parameters a page at a time.
     */
    private List<Row> bill(JsonNode account, Measured backfill) {
        StackSnapshot snapshot = snapshot(account);
        int stacks = account.get("Stacks").size();
        int pages;
        int described = 0;
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(snapshot, 0, FaultPlan.none());
             CloudFormationClient client = client(endpoint.uri())) {
            for (var page : client.describeStacksPaginator(request -> { })) {
                described += page.stacks().size();
            }
            pages = endpoint.requestCount();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String scenario = String.format("%,d stacks", stacks);
        return List.of(
                rate(Row.of(BILL, scenario + ": ListStacks pages + DescribeStacks per candidate (the workflow)")
                        .with("calls", backfill.cloudFormationCalls()), backfill.cloudFormationCalls()),
                rate(Row.of(BILL, scenario + ": DescribeStacks without StackName, paginated")
                        .with("calls", pages)
                        .with("stacks described", described), pages));
    }

    private static Row rate(Row row, int calls) {
        return row.with("at 2 calls/s", minutes(calls / 2.0)).with("at 5 calls/s", minutes(calls / 5.0));
    }

    private static String minutes(double seconds) {
        return seconds >= 90 ? String.format("%.1f min", seconds / 60) : String.format("%.0f s", seconds);
    }

    private PostgresDomainRegistry registry() {
        return new PostgresDomainRegistry(postgres.database(postgres.fresh("workflow")), SyncSettings.defaults(),
                Duration.ofHours(4), Clock.systemUTC());
    }

    private static Measured execute(PostgresDomainRegistry registry, JsonNode account, String input, Instant now) {
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(snapshot(account), 0, FaultPlan.none());
             CloudFormationClient client = client(endpoint.uri())) {
            LocalFunctions functions = LocalFunctions.create(registry, new SdkStackCatalog(client),
                    SyncSettings.defaults());
            ExecutorOptions options = ExecutorOptions.defaults(LocalWorkflow.STATE_MACHINE_NAME)
                    .withHistoryEventLimit(Integer.MAX_VALUE)
                    .withMeasuredInvocations();
            long started = System.nanoTime();
            ExecutionResult result = new LocalWorkflow(functions, options)
                    .execute("bench-" + UUID.randomUUID(), input, now);
            double wallSeconds = (System.nanoTime() - started) / 1e9;
            if (!result.succeeded()) {
                throw new IllegalStateException("the benchmark's execution failed: " + result.error().orElse("")
                        + ": " + result.cause().orElse(""));
            }
            return Measured.of(result, account.get("Stacks").size(), endpoint.requestCount(), wallSeconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StackSnapshot snapshot(JsonNode account) {
        return StackSnapshot.parse(SampleSnapshots.toJson(account), "bench account");
    }

    static CloudFormationClient client(URI endpoint) {
        return CloudFormationClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                // The snapshot endpoint does not check signatures; these are not real keys.
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .build();
    }

    private static int pages(int stacks) {
        return Math.max(1, (stacks + STACKS_PER_PAGE - 1) / STACKS_PER_PAGE);
    }

    /** What one execution's history says it cost. */
    private record Measured(int stacks, int events, int transitions, int invocations, int cloudFormationCalls,
                            int maxPayloadBytes, String maxPayloadState, long lambdaMillis, double wallSeconds) {

        static Measured of(ExecutionResult result, int stacks, int cloudFormationCalls, double wallSeconds) {
            int entered = 0;
            int invocations = 0;
            long lambdaMillis = 0;
            Map<Long, Instant> started = new HashMap<>();
            for (HistoryEvent event : result.history()) {
                if (event.type().name().endsWith("StateEntered")) {
                    entered++;
                }
                if (event.type() == HistoryEventType.LambdaFunctionScheduled) {
                    invocations++;
                }
                if (event.type() == HistoryEventType.LambdaFunctionStarted) {
                    started.put(event.id(), event.timestamp());
                }
                if (event.type() == HistoryEventType.LambdaFunctionSucceeded
                        || event.type() == HistoryEventType.LambdaFunctionFailed) {
                    Instant start = started.get(event.previousEventId());
                    if (start != null) {
                        lambdaMillis += Duration.between(start, event.timestamp()).toMillis();
                    }
                }
            }
            // Step Functions bills every state entered and every retry as a state transition.
            return new Measured(stacks, result.eventCount(), entered + result.retries().size(), invocations,
                    cloudFormationCalls, result.maxPayloadBytes(), result.maxPayloadState(), lambdaMillis,
                    wallSeconds);
        }

        int pages() {
            return WorkflowBench.pages(stacks);
        }

        /** At the us-east-1 prices above: transitions, requests and GB-seconds of the local durations. */
        double usd() {
            return transitions * STATE_TRANSITION_USD + invocations * LAMBDA_REQUEST_USD
                    + lambdaMillis / 1000.0 * LAMBDA_MEMORY_GB * LAMBDA_GB_SECOND_USD;
        }

        Row row(String benchmark, String scenario) {
            return Row.of(benchmark, scenario)
                    .with("history events", events)
                    .with("state transitions", transitions)
                    .with("Lambda invocations", invocations)
                    .with("CloudFormation calls", cloudFormationCalls)
                    .with("largest payload bytes", maxPayloadBytes)
                    .with("in state", maxPayloadState)
                    .with("Lambda ms (local)", lambdaMillis)
                    .with("wall s", wallSeconds);
        }
    }
}
