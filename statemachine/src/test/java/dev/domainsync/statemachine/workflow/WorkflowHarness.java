package dev.domainsync.statemachine.workflow;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.cloudformation.SdkStackCatalog;
import dev.domainsync.registry.Database;
import dev.domainsync.registry.PostgresDomainRegistry;
import dev.domainsync.registry.PostgresStackEventRegistry;
import dev.domainsync.registry.TestClock;
import dev.domainsync.registry.TestDatabase;
import dev.domainsync.registry.TestDatabase.Mapping;
import dev.domainsync.registry.TestDatabases;
import dev.domainsync.rules.SyncSettings;
import dev.domainsync.statemachine.LocalFunctions;
import dev.domainsync.statemachine.LocalWorkflow;
import dev.domainsync.statemachine.demo.SampleSnapshots;
import dev.domainsync.statemachine.executor.ExecutionListener;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.executor.ExecutorOptions;
import dev.domainsync.statemachine.executor.HistoryEvent;
import dev.domainsync.statemachine.executor.LambdaServiceFaults;
import dev.domainsync.statemachine.snapshot.FaultPlan;
import dev.domainsync.statemachine.snapshot.SnapshotFixtures;
import dev.domainsync.statemachine.snapshot.SnapshotEndpoint;
import dev.domainsync.statemachine.snapshot.StackSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;






import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * One workflow test's world: a fresh database on the shared embedded PostgreSQL, the real definition run by
 * the local executor, the real handlers, and the stack snapshot endpoint (or any CloudFormation client) reached
 * through the real SDK. Steps can be wrapped to inject failures; the SDK retries immediately so nothing sleeps.
 */
final class WorkflowHarness implements AutoCloseable {

    static final Duration LEASE = Duration.ofMinutes(30);

    final TestDatabase db;
    final TestClock leaseClock = new TestClock(Instant.parse("2026-11-28T00:00:00Z"));
    final PostgresDomainRegistry registry;
    final PostgresStackEventRegistry stackEvents;
    private final SyncSettings settings;
    private final Map<String, UnaryOperator<RequestStreamHandler>> wrappers = new HashMap<>();
    private SnapshotEndpoint endpoint;
    private CloudFormationClient client;
    private boolean ownsClient;
    private LambdaServiceFaults lambdaFaults = LambdaServiceFaults.NONE;
    private int historyEventLimit = ExecutorOptions.HISTORY_EVENT_LIMIT;
    private ExecutionListener listener = ExecutionListener.NONE;

    WorkflowHarness() {
        this(SyncSettings.defaults());
    }

    WorkflowHarness(SyncSettings settings) {
        this(settings, TestDatabases.migrated());
    }

    private WorkflowHarness(SyncSettings settings, TestDatabase db) {
        this(settings, db, db.database());
    }

    /**
     * A harness on {@code db} whose workflow reaches it through {@code workflowDatabase} (a
     * {@link dev.domainsync.registry.DatabaseProxy}'s, say), while the test's own queries go to {@code db} directly.
     */
    WorkflowHarness(TestDatabase db, Database workflowDatabase) {
        this(SyncSettings.defaults(), db, workflowDatabase);
    }

    private WorkflowHarness(SyncSettings settings, TestDatabase db, Database workflowDatabase) {
        this.settings = settings;
        this.db = db;
        this.registry = new PostgresDomainRegistry(workflowDatabase, settings, LEASE, leaseClock);
        this.stackEvents = new PostgresStackEventRegistry(workflowDatabase);
    }

    /** Serves {@code snapshot} ({"Stacks": [...]}) from now on. */
    WorkflowHarness serve(JsonNode snapshot) {
        return serve(snapshot, FaultPlan.none());
    }

    WorkflowHarness serve(JsonNode snapshot, FaultPlan faults) {
        closeEndpoint();
        try {
            endpoint = SnapshotEndpoint.start(StackSnapshot.parse(SampleSnapshots.toJson(snapshot), "test snapshot"),
                    0, faults);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client = SnapshotFixtures.client(endpoint.uri());
        ownsClient = true;
        return this;
    }

    /** Reads stacks through {@code cloudFormation} from now on, e.g. an emulator's; the caller closes it. */
    WorkflowHarness cloudFormation(CloudFormationClient cloudFormation) {
        closeEndpoint();
        client = cloudFormation;
        ownsClient = false;
        return this;
    }

    /**
     * Wraps one step's handler, e.g. to make it fail; {@code step} as in {@link LocalFunctions#STEPS} or
     * {@link LocalFunctions#SYNC_STACK_STEPS}.
     */
    WorkflowHarness wrap(String step, UnaryOperator<RequestStreamHandler> wrapper) {
        if (!LocalFunctions.STEPS.contains(step) && !LocalFunctions.SYNC_STACK_STEPS.contains(step)) {
            throw new IllegalArgumentException("no step " + step);
        }
        wrappers.put(step, wrapper);
        return this;
    }

    WorkflowHarness lambdaFaults(LambdaServiceFaults faults) {
        this.lambdaFaults = faults;
        return this;
    }

    WorkflowHarness historyEventLimit(int limit) {
        this.historyEventLimit = limit;
        return this;
    }

    WorkflowHarness listener(ExecutionListener value) {
        this.listener = value;
        return this;
    }

    /** Runs one execution of the real definition with {@code input} starting at {@code now}. */
    ExecutionResult run(String input, Instant now) {
        LocalFunctions real = LocalFunctions.create(registry, catalog(), settings);
        ExecutorOptions options = options(LocalWorkflow.STATE_MACHINE_NAME);
        String name = "test-" + UUID.randomUUID();
        return new LocalWorkflow(LocalFunctions.of(wrapped(LocalFunctions.STEPS, real)), options)
                .execute(name, input, now);
    }

    /** Runs one execution of sync-stack.asl.json for {@code event} (its JSON) starting at {@code now}. */
    ExecutionResult runEvent(String event, Instant now) {
        LocalFunctions real = LocalFunctions.syncStack(stackEvents, catalog(), settings);
        ExecutorOptions options = options(LocalWorkflow.SYNC_STACK_STATE_MACHINE_NAME);
        String name = "event-" + UUID.randomUUID();
        return LocalWorkflow.syncStack(LocalFunctions.ofSyncStack(wrapped(LocalFunctions.SYNC_STACK_STEPS, real)),
                options).execute(name, event, now);
    }

    private SdkStackCatalog catalog() {
        if (client == null) {
            throw new IllegalStateException("serve a snapshot or give a CloudFormation client first");
        }
        return new SdkStackCatalog(client);
    }

    private Map<String, RequestStreamHandler> wrapped(List<String> steps, LocalFunctions real) {
        Map<String, RequestStreamHandler> byStep = new LinkedHashMap<>();
        for (String step : steps) {
            RequestStreamHandler handler = real.handlersByArn().get(LocalFunctions.functionArn(step));
            byStep.put(step, wrappers.getOrDefault(step, UnaryOperator.identity()).apply(handler));
        }
        return byStep;
    }

    private ExecutorOptions options(String stateMachineName) {
        return ExecutorOptions.defaults(stateMachineName)
                .withLambdaServiceFaults(lambdaFaults)
                .withHistoryEventLimit(historyEventLimit)
                .withListener(listener);
    }

    List<Mapping> mappings() {
        return db.mappings();
    }

    int requestCount() {
        if (endpoint == null) {
            throw new IllegalStateException("no snapshot endpoint: the stacks come from another CloudFormation");
        }
        return endpoint.requestCount();
    }

    /** The change log rows of a run: "ACTION domain old->new group, old->new stack id". */
    List<String> changeLog(long runId) {
        return db.database().inTransaction(connection -> {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT action, domain_name, old_group_id,"
                    + " new_group_id, old_stack_id, new_stack_id FROM mapping_changes WHERE run_id = ?"
                    + " ORDER BY domain_name")) {
                statement.setLong(1, runId);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + "->" + rs.getString(4)
                                + ", " + rs.getString(5) + "->" + rs.getString(6));
                    }
                }
            }
            return rows;
        });
    }

    /** The status of every run, oldest first, e.g. "SUCCEEDED". */
    List<String> runStatuses() {
        return db.database().inTransaction(connection -> {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT status FROM sync_runs ORDER BY run_id");
                 ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        });
    }

    /** The execution id holding the run lease, if any, expired or not. */
    Optional<String> leaseHolder() {
        return db.database().inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT execution_id FROM run_lease");
                 ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }

    /** The names of the states entered, in order, Map iterations' states included. */
    static List<String> statesEntered(ExecutionResult result) {
        List<String> names = new ArrayList<>();
        for (HistoryEvent event : result.history()) {
            if (event.type().name().endsWith("StateEntered")) {
                names.add(event.toJson().get("stateEnteredEventDetails").get("name").asText());
            }
        }
        return names;
    }

    @Override
    public void close() {
        closeEndpoint();
    }

    private void closeEndpoint() {
        if (client != null && ownsClient) {
            client.close();
        }
        client = null;
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
    }
}
