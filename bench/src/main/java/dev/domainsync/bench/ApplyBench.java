package dev.domainsync.bench;

import dev.domainsync.registry.Database;
import dev.domainsync.registry.PostgresDomainRegistry;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.rules.SyncSettings;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.RunReport;
import dev.domainsync.run.StagedPage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Point 1: the registry's set-based {@code applyRun} against {@link PerRowApply}, on two databases staged alike:
 * a registry that already maps {@code claims + claims / 50} stacks, and a run that restages {@code claims} of them
 * with a new group each (every mapping updated) while the other fiftieth are gone (pruned); then the same again
 * through a {@link NetworkLink} that gives each round trip the cost of a network.
 */
final class ApplyBench {

    static final String NAME = "apply a run";
    private static final Instant FIRST = Instant.parse("2026-11-26T06:00:00Z");
    private static final int PAGE = 1_000;
    /**
     * Loopback has no network: a round trip costs a tenth of a millisecond or less. Between a Lambda function and its
     * database it costs more, so the comparison runs again through a link that adds this much to every round trip.
     * Only up to 10,000 claims: the per-row loop's 306,000 statements at 100,000 would take minutes through it.
     */
    static final Duration LINK_ROUND_TRIP = Duration.ofNanos(500_000);
    private static final int MAX_CLAIMS_THROUGH_LINK = 10_000;
    private static final int ROUND_TRIPS = 500;

    private final BenchDatabase postgres;

    ApplyBench(BenchDatabase postgres) {
        this.postgres = postgres;
    }

    List<Row> run(int claims) {
        String scenario = String.format("%,d staged claims", claims);
        List<Row> rows = new ArrayList<>(compare(claims, scenario, postgres::database));
        if (claims <= MAX_CLAIMS_THROUGH_LINK) {
            try (NetworkLink link = NetworkLink.to(postgres.port(), LINK_ROUND_TRIP)) {
                Function<String, Database> linked = name -> postgres.databaseVia(name, link);
                String through = String.format("%s through a %.1f ms link", scenario, LINK_ROUND_TRIP.toNanos() / 1e6);
                List<Row> compared = compare(claims, through, linked);
                rows.addAll(compared.subList(0, 2));
                rows.add(compared.get(2)
                        .with("round trip ms, through the link", roundTripMillis(linked))
                        .with("round trip ms, loopback", roundTripMillis(postgres::database)));
            }
        }
        return rows;
    }

    /** Both applies of the same staged run on two databases reached alike; their rows, and the ratio's. */
    private List<Row> compare(int claims, String scenario, Function<String, Database> reach) {
        Staged setBased = stage(claims, reach);
        long started = System.nanoTime();
        RunReport report = setBased.registry().applyRun(setBased.runId());
        double setBasedMs = millisSince(started);

        Staged perRow = stage(claims, reach);
        started = System.nanoTime();
        long statements = PerRowApply.apply(perRow.database(), perRow.runId());
        double perRowMs = millisSince(started);

        boolean sameTable = table(setBased.database()).equals(table(perRow.database()));
        if (!sameTable) {
            throw new IllegalStateException("the per-row loop and applyRun left different tables at " + scenario);
        }
        return List.of(
                Row.of(NAME, scenario + ": applyRun (set-based, the registry's)")
                        .with("ms", setBasedMs)
                        .with("mappings updated", report.mappingsUpdated())
                        .with("deleted", report.mappingsDeleted()),
                Row.of(NAME, scenario + ": per-row loop (bench baseline only)")
                        .with("ms", perRowMs)
                        .with("statements", statements)
                        .with("same table", sameTable),
                Row.of(NAME, scenario + ": ratio")
                        .with("per-row / set-based", perRowMs / setBasedMs)
                        .with("goal", claims >= 10_000 && claims < 100_000 ? ">= 20x" : "reported")
                        .with("set-based within Lambda's 120 s", setBasedMs < 120_000));
    }

    /** The mean of {@value #ROUND_TRIPS} {@code SELECT 1} round trips on one connection, after as many to warm up. */
    private double roundTripMillis(Function<String, Database> reach) {
        Database database = reach.apply(postgres.fresh("round_trip"));
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1")) {
                long started = 0;
                for (int i = 0; i < 2 * ROUND_TRIPS; i++) {
                    if (i == ROUND_TRIPS) {
                        started = System.nanoTime();
                    }
                    try (ResultSet result = select.executeQuery()) {
                        result.next();
                    }
                }
                return millisSince(started) / ROUND_TRIPS;
            }
        });
    }

    private Staged stage(int claims, Function<String, Database> reach) {
        Database database = reach.apply(postgres.fresh("apply"));
        PostgresDomainRegistry registry = new PostgresDomainRegistry(database, SyncSettings.defaults(),
                Duration.ofHours(4), Clock.systemUTC());
        int seeded = claims + claims / 50;
        long first = registry.startRun("bench-seed", FIRST, ExecutionInput.parse(null)).runId();
        stagePages(registry, first, seeded, "g");
        registry.applyRun(first);
        long second = registry.startRun("bench-run", FIRST.plus(Duration.ofDays(2)), ExecutionInput.parse(null))
                .runId();
        stagePages(registry, second, claims, "h");
        return new Staged(database, registry, second);
    }

    private static void stagePages(PostgresDomainRegistry registry, long runId, int stacks, String groupPrefix) {
        for (int from = 0; from < stacks; from += PAGE) {
            List<String> ids = new ArrayList<>();
            List<StackExtract> extracts = new ArrayList<>();
            for (int i = from; i < Math.min(stacks, from + PAGE); i++) {
                String id = "arn:aws:cloudformation:us-east-1:123456789012:stack/site-" + i + "/" + i;
                ids.add(id);
                extracts.add(new StackExtract(id, "site-" + i, FIRST.minus(Duration.ofMinutes(i)),
                        groupPrefix + (i % 97), List.of("d" + i + ".example.com"), List.of(), null));
            }
            registry.stagePage(new StagedPage(runId, ids, List.of(), extracts));
        }
    }

    private static List<String> table(Database database) {
        return database.inTransaction(connection -> {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT domain_name, group_id, stack_id FROM domain_mappings ORDER BY domain_name");
                 ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1) + " " + result.getString(2) + " " + result.getString(3));
                }
            }
            return rows;
        });
    }

    private static double millisSince(long started) {
        return (System.nanoTime() - started) / 1e6;
    }

    private record Staged(Database database, PostgresDomainRegistry registry, long runId) {
    }
}
