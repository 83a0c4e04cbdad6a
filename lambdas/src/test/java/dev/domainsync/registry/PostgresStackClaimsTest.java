package dev.domainsync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.domainsync.registry.TestDatabase.ClaimRow;
import dev.domainsync.registry.TestDatabase.Mapping;
import dev.domainsync.rules.CandidateStack;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.rules.SyncSettings;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.MappingChange;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.StagedPage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PostgresStackClaims}, the custom resource's side of the registry: one stack's claims replaced or removed
 * outside any run.
 */
class PostgresStackClaimsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant CREATED = Instant.parse("2026-02-27T10:00:00Z");
    private static final String STACK = "arn:aws:cloudformation:eu-west-1:123456789012:stack/shop/5f3c0a10";
    private static final String RESOURCE = "DomainRegistration";

    private final TestClock clock = new TestClock(T0);
    private TestDatabase testDb;
    private PostgresStackClaims registry;
    private PostgresDomainRegistry runs;

    @BeforeEach
    void setUp() {
        testDb = TestDatabases.migrated();
        registry = new PostgresStackClaims(testDb.database());
        runs = new PostgresDomainRegistry(testDb.database(), SyncSettings.defaults(), Duration.ofMinutes(30), clock);
    }

    @Test
    void replace_writesTheStacksCreationTimeThatCloudFormationReported() {
        registry.replaceStackClaims(registration("reg-1", "g-1", "shop.example.com", "www.shop.example.com"),
                ChangeSource.customResource("req-1"));

        assertThat(testDb.claims()).containsExactly(
                new ClaimRow(STACK, "shop.example.com", "g-1", CREATED),
                new ClaimRow(STACK, "www.shop.example.com", "g-1", CREATED));
        // A run that lists the same stack has nothing to correct.
        applyRun(StackExtract.claims(new CandidateStack(STACK, "shop", CREATED, null), "g-1",
                List.of("shop.example.com", "www.shop.example.com"), List.of()));
        assertThat(testDb.changeLog()).extracting(TestDatabase.ChangeRow::source).containsOnly("custom-resource");
    }

    @Test
    void remove_ofAnIdThatIsNotTheResourcesCurrentOne_removesNothing_ofTheCurrentOne_removesEveryClaim() {
        registry.replaceStackClaims(registration("reg-1", "g-1", "a.example.com", "b.example.com"),
                ChangeSource.customResource("req-1"));
        registry.replaceStackClaims(registration("reg-1", "g-1", "b.example.com", "c.example.com"),
                ChangeSource.customResource("req-2"));

        RegistrationOutcome guessed = registry.removeStackClaims(STACK, RESOURCE, "domain-sync:b.example.com",
                ChangeSource.customResource("req-3"));
        RegistrationOutcome otherResource = registry.removeStackClaims(STACK, "Other", "reg-1",
                ChangeSource.customResource("req-4"));

        assertThat(guessed.domains()).isEmpty();
        assertThat(otherResource.changes()).isEmpty();
        assertThat(testDb.mappings()).extracting(Mapping::domainName).containsExactly("b.example.com", "c.example.com");

        RegistrationOutcome current = registry.removeStackClaims(STACK, RESOURCE, "reg-1",
                ChangeSource.customResource("req-5"));

        assertThat(current.domains()).containsExactly("b.example.com", "c.example.com");
        assertThat(current.changes()).extracting(MappingChange::action)
                .containsExactly(MappingChange.Action.DELETE, MappingChange.Action.DELETE);
        assertThat(testDb.mappings()).isEmpty();
        // The registration stays as a tombstone: the time of the Delete, which an older run must not undo.
        assertThat(testDb.count("SELECT count(*) FROM stack_registrations WHERE registration_id IS NOT NULL")).isZero();
        assertThat(testDb.count("SELECT count(*) FROM stack_registrations WHERE removed_at IS NOT NULL")).isOne();
    }

    @Test
    void remove_ofOneOfTwoResourcesOfAStack_keepsTheStacksClaimsUntilTheOtherGoes() {
        registry.replaceStackClaims(registration("reg-1", "g-1", "a.example.com"), ChangeSource.customResource("r-1"));
        registry.replaceStackClaims(new StackRegistration("reg-2", STACK, "Second", "shop", CREATED, "g-1",
                List.of("a.example.com"), T0), ChangeSource.customResource("r-2"));

        RegistrationOutcome first = registry.removeStackClaims(STACK, "Second", "reg-2",
                ChangeSource.customResource("r-3"));

        assertThat(first.domains()).isEmpty();
        assertThat(testDb.mappings()).extracting(Mapping::domainName).containsExactly("a.example.com");
        registry.removeStackClaims(STACK, RESOURCE, "reg-1", ChangeSource.customResource("r-4"));
        assertThat(testDb.mappings()).isEmpty();
    }

    @Test
    void replace_keepsWhatTheRegistrationHeldBeforeForAnUpdateRollback() {
        registry.replaceStackClaims(registration("reg-1", "g-1", "a.example.com"), ChangeSource.customResource("r-1"));
        registry.replaceStackClaims(registration("reg-1", "g-2", "b.example.com"), ChangeSource.customResource("r-2"));

        assertThat(registry.registeredClaims(STACK, RESOURCE)).contains(new RegisteredClaims("reg-1", "g-2",
                List.of("b.example.com"), Optional.of("g-1"), List.of("a.example.com")));
        assertThat(registry.registeredClaims(STACK, "Other")).isEmpty();
    }

    @Test
    void migrationV4_keepsARegistrationMadeBeforeIt_andTheResourceNamingItsIdAdoptsIt() throws SQLException {
        TestDatabase old = TestDatabases.empty();
        Flyway.configure(Database.class.getClassLoader()).dataSource(old.jdbcUrl(), null, null)
                .schemas(TestDatabases.SCHEMA).defaultSchema(TestDatabases.SCHEMA).createSchemas(true)
                .locations("classpath:db/migration").target("3").load().migrate();
        try (Connection connection = DriverManager.getConnection(old.jdbcUrl() + "&currentSchema=" + TestDatabases.SCHEMA);
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO domain_claims (stack_id, domain_name, group_id, stack_name, "
                    + "stack_created_at) VALUES ('" + STACK + "', 'shop.example.com', 'g-1', 'shop', '" + CREATED
                    + "')");
            statement.executeUpdate("INSERT INTO domain_mappings (domain_name, group_id, stack_id, stack_name) "
                    + "VALUES ('shop.example.com', 'g-1', '" + STACK + "', 'shop')");
            statement.executeUpdate("INSERT INTO stack_registrations (stack_id, registration_id, group_id, domains, "
                    + "registered_at, request_id) VALUES ('" + STACK + "', 'domain-sync:shop.example.com', 'g-1', "
                    + "'{shop.example.com}', '" + CREATED + "', 'old-req')");
        }
        old.database().migrate();
        PostgresStackClaims upgraded = new PostgresStackClaims(old.database());

        RegistrationOutcome stranger = upgraded.removeStackClaims(STACK, RESOURCE, "domain-sync:other.example.com",
                ChangeSource.customResource("req-1"));
        RegistrationOutcome owner = upgraded.removeStackClaims(STACK, RESOURCE, "domain-sync:shop.example.com",
                ChangeSource.customResource("req-2"));

        assertThat(stranger.domains()).isEmpty();
        assertThat(owner.domains()).containsExactly("shop.example.com");
        assertThat(old.mappings()).isEmpty();
    }

    @Test
    void sameRequestIdAgain_returnsTheFirstOutcomeAndChangesNothing() {
        RegistrationOutcome first = registry.replaceStackClaims(registration("reg-1", "g-1", "a.example.com"),
                ChangeSource.customResource("req-1"));
        registry.replaceStackClaims(registration("reg-2", "g-2", "b.example.com"),
                ChangeSource.customResource("req-2"));

        RegistrationOutcome again = registry.replaceStackClaims(registration("reg-1", "g-1", "a.example.com"),
                ChangeSource.customResource("req-1"));

        assertThat(again.repeated()).isTrue();
        assertThat(again.registrationId()).isEqualTo(first.registrationId());
        assertThat(again.domains()).isEqualTo(first.domains());
        assertThat(again.changes()).isEqualTo(first.changes());
        assertThat(testDb.mappings()).extracting(Mapping::domainName).containsExactly("b.example.com");
    }

    @Test
    void replace_waitsForTheTableLockThatApplyingARunTakes() throws SQLException {
        TestDatabases.execute("ALTER DATABASE " + testDb.name() + " SET lock_timeout = '300ms'");
        String url = testDb.jdbcUrl() + "&currentSchema=" + TestDatabases.SCHEMA;
        try (Connection run = DriverManager.getConnection(url)) {
            run.setAutoCommit(false);
            ClaimsAndMappings.lock(run);

            Throwable thrown = catchThrowable(() -> registry.replaceStackClaims(
                    registration("reg-1", "g-1", "a.example.com"), ChangeSource.customResource("req-1")));

            assertThat(thrown).isInstanceOf(DatabaseException.class).hasMessageContaining("SQLState 55P03");
            run.rollback();
        }
        // No run lease is needed: with the lock free, the same request goes through while a run holds the lease.
        runs.startRun("exec-1", T0, ExecutionInput.scheduled());
        registry.replaceStackClaims(registration("reg-1", "g-1", "a.example.com"),
                ChangeSource.customResource("req-1"));
        assertThat(testDb.mappings()).hasSize(1);
    }

    @Test
    void changeLog_rejectsARowWithNeitherARunNorARequest() {
        Throwable thrown = catchThrowable(() -> testDb.database().inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate("INSERT INTO mapping_changes (source, domain_name, action)"
                        + " VALUES ('custom-resource', 'a.example.com', 'INSERT')");
            }
        }));

        assertThat(thrown).isInstanceOf(DatabaseException.class).hasMessageContaining("mapping_changes_one_author");
    }

    private StackRegistration registration(String id, String groupId, String... domains) {
        return new StackRegistration(id, STACK, RESOURCE, "shop", CREATED, groupId, List.of(domains), T0);
    }

    /** A forced backfill run whose listing shows exactly {@code stacks}. */
    private void applyRun(StackExtract... stacks) {
        RunContext run = runs.startRun("exec-" + clock.instant(), clock.instant(),
                new ExecutionInput(null, true, false, true, null));
        runs.stagePage(new StagedPage(run.runId(), List.of(stacks).stream().map(StackExtract::stackId).toList(),
                List.of(), List.of(stacks)));
        runs.applyRun(run.runId());
        clock.advance(Duration.ofMinutes(1));
    }
}
