package dev.domainsync.registry;

import dev.domainsync.registry.TestDatabase.Mapping;
import dev.domainsync.rules.CandidateStack;
import dev.domainsync.rules.SkipReason;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.rules.SyncSettings;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.MappingChange;
import dev.domainsync.run.MappingChange.Action;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.RunReport;
import dev.domainsync.run.StagedPage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the workflow registry's database tests share: a migrated database of their own, the registry on it with a test
 * clock, whole runs in one call, and the tables read back.
 */
abstract class RegistryScenarios {

    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant DAY_ONE = Instant.parse("2025-01-01T00:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(30);
    static final String ARN_PREFIX = "arn:aws:cloudformation:eu-west-1:123456789012:stack/";
    static final ExecutionInput SCHEDULED = ExecutionInput.scheduled();

    final TestClock clock = new TestClock(T0);
    TestDatabase testDb;
    Database db;
    PostgresDomainRegistry registry;
    int executions;

    @BeforeEach
    void setUp() {
        testDb = TestDatabases.migrated();
        db = testDb.database();
        registry = new PostgresDomainRegistry(db, SyncSettings.defaults(), LEASE, clock);
    }

    // ---- scenario helpers

    RunContext start(ExecutionInput input) {
        executions++;
        return registry.startRun("exec-" + executions, T0.plus(Duration.ofDays(executions)), input);
    }

    /** A whole run: a listing of one page, then apply. */
    RunReport sync(ExecutionInput input, List<String> alive, List<String> deleted, StackExtract... stacks) {
        RunContext run = start(input);
        registry.stagePage(new StagedPage(run.runId(), alive, deleted, List.of(stacks)));
        return registry.applyRun(run.runId());
    }

    /** A scheduled run whose listing shows exactly these stacks, every one changed. */
    RunReport syncAll(StackExtract... stacks) {
        return sync(SCHEDULED, Arrays.stream(stacks).map(StackExtract::stackId).toList(), List.of(), stacks);
    }

    static StagedPage page(RunContext run, List<String> alive, StackExtract... stacks) {
        return new StagedPage(run.runId(), alive, List.of(), List.of(stacks));
    }

    static String arn(String name) {
        return ARN_PREFIX + name + "/5f3c0a10-0000-11f0-0000-000000000000";
    }

    static StackExtract stack(String name, int createdOnDay, String groupId, String... domains) {
        return StackExtract.claims(candidate(name, createdOnDay), groupId, List.of(domains), List.of());
    }

    static CandidateStack candidate(String name, int createdOnDay) {
        return new CandidateStack(arn(name), name, DAY_ONE.plus(Duration.ofDays(createdOnDay)), null);
    }

    static StackExtract skipped(String name, SkipReason reason) {
        return StackExtract.skipped(new CandidateStack(arn(name), name, DAY_ONE, null), reason, List.of());
    }

    static MappingChange insert(String domain, String groupId, String stackName) {
        return new MappingChange(domain, Action.INSERT, null, groupId, null, arn(stackName), null, stackName);
    }

    static MappingChange delete(String domain, String groupId, String stackName) {
        return new MappingChange(domain, Action.DELETE, groupId, null, arn(stackName), null, stackName, null);
    }

    static Mapping mapping(String domain, String groupId, String stackName) {
        return new Mapping(domain, groupId, arn(stackName), stackName);
    }

    // ---- reading the tables

    record Claim(String stackId, String domain, String groupId) {
    }

    record LoggedChange(long runId, MappingChange change) {
    }

    /** Everything a run may change that readers or auditors see. */
    record Snapshot(List<Mapping> mappings, List<Claim> claims, List<LoggedChange> changeLog) {
    }

    Snapshot snapshot() {
        return new Snapshot(mappings(), claims(), changeLog());
    }

    List<Mapping> mappings() {
        return testDb.mappings();
    }

    List<Claim> claims() {
        return db.inTransaction(connection -> Sql.list(connection, """
                SELECT stack_id, domain_name, group_id FROM domain_claims
                 ORDER BY stack_id COLLATE "C", domain_name COLLATE "C\"""",
                row -> new Claim(row.getString(1), row.getString(2), row.getString(3))));
    }

    List<LoggedChange> changeLog() {
        return db.inTransaction(connection -> Sql.list(connection, """
                SELECT run_id, domain_name, action, old_group_id, new_group_id, old_stack_id, new_stack_id,
                       old_stack_name, new_stack_name
                  FROM mapping_changes ORDER BY change_id""",
                row -> new LoggedChange(row.getLong(1), new MappingChange(row.getString(2),
                        Action.valueOf(row.getString(3)), row.getString(4), row.getString(5), row.getString(6),
                        row.getString(7), row.getString(8), row.getString(9)))));
    }

    String runStatus(long runId) {
        return text("SELECT status FROM sync_runs WHERE run_id = " + runId);
    }

    int count(String sql) {
        return db.inTransaction(connection -> Sql.count(connection, sql));
    }

    String text(String sql) {
        return db.inTransaction(connection -> Sql.first(connection, sql, row -> row.getString(1)).orElseThrow());
    }

    void execute(String sql) {
        db.inTransaction(connection -> Sql.update(connection, sql));
    }
}
