package dev.domainsync.statemachine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domainsync.statemachine.demo.SampleSnapshots;
import dev.domainsync.statemachine.workflow.TestStacks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code domain-sync run} (and, for the options they share, on-event and compare) refuses bad options and snapshots
 * with exit status 2 and a message naming the culprit, before it connects to anything: each test points it at a
 * database where nothing listens, which would make it exit 1 instead.
 */
class RunOptionsTest {

    private static final Instant NOW = Instant.parse("2026-11-28T06:00:00Z");

    @TempDir
    Path dir;

    private final String jdbcUrl = CliRun.unreachableJdbcUrl("pw");
    private String snapshot;

    @BeforeEach
    void writeSnapshot() throws IOException {
        snapshot = dir.resolve("stacks.json").toString();
        SampleSnapshots.write(TestStacks.snapshot().live("a", NOW.minusSeconds(3600), "a.example.com", "g").json(),
                Path.of(snapshot));
    }

    @Test
    void malformedNow_isRefusedNamingTheOption() {
        CliRun run = run("--stacks-snapshot", snapshot, "--now", "2026-11-28 06:00");

        assertUsageError(run, "--now must be an ISO-8601 time with an offset, such as 2026-11-28T06:00:00Z");
    }

    @Test
    void malformedSince_isRefusedNamingTheOption() {
        CliRun run = run("--stacks-snapshot", snapshot, "--since", "yesterday");

        assertUsageError(run, "--since must be an ISO-8601 time with an offset");
    }

    @Test
    void sinceWithBackfill_isRefusedAsMutuallyExclusive() {
        CliRun run = run("--stacks-snapshot", snapshot, "--since", NOW.toString(), "--backfill");

        assertUsageError(run, "mutually exclusive");
        assertThat(run.err()).contains("--since").contains("--backfill");
    }

    @Test
    void invalidDescriptionPattern_isRefusedNamingTheOption() {
        CliRun run = run("--stacks-snapshot", snapshot, "--description-pattern", "(cloudfront");

        assertUsageError(run, "--description-pattern is not a valid Java regular expression");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Custom Domain", "CustomDomain;DROP"})
    void domainParameterThatIsNoParameterKey_isRefusedNamingTheOption(String key) {
        CliRun run = run("--stacks-snapshot", snapshot, "--domain-parameter", key);

        assertUsageError(run, "--domain-parameter must be a CloudFormation parameter key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--domain-parameter", "--group-parameter", "--description-pattern"})
    void blankOption_isRefusedRatherThanTakenAsTheDefault(String option) {
        CliRun run = run("--stacks-snapshot", snapshot, option, " ");

        assertUsageError(run, option + " must not be blank");
    }

    @Test
    void missingSnapshotFile_isRefusedNamingTheFile() {
        String missing = dir.resolve("absent.json").toString();

        CliRun run = run("--stacks-snapshot", missing);

        assertUsageError(run, "domain-sync run: cannot read snapshot " + missing + ": no such file");
    }

    @Test
    void malformedSnapshot_isRefusedNamingTheProblem() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"Stacks\": [{\"StackName\": \"web\"}]}");

        CliRun run = run("--stacks-snapshot", bad.toString());

        assertUsageError(run, "stack #1 \"web\": missing StackId");
    }

    @Test
    void snapshotThatIsNotJson_isRefusedWithTheLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("truncated.json"), "{\"Stacks\": [\n  {\"StackName\": ");

        CliRun run = run("--stacks-snapshot", bad.toString());

        assertUsageError(run, "is not JSON at line ");
    }

    @Test
    void snapshotWithRegion_isRefusedAsMutuallyExclusive() {
        CliRun run = run("--stacks-snapshot", snapshot, "--region", "us-east-1");

        assertUsageError(run, "mutually exclusive");
        assertThat(run.err()).contains("--stacks-snapshot").contains("--region");
    }

    @Test
    void sinceAfterNow_isRefusedNamingBothTimes() {
        CliRun run = run("--stacks-snapshot", snapshot, "--since", "2026-11-28T06:00:01Z", "--now", NOW.toString());

        assertUsageError(run, "--since (2026-11-28T06:00:01Z) is after the run's start time (2026-11-28T06:00:00Z,"
                + " --now)");
    }

    @Test
    void sinceInTheFutureWithoutNow_isRefusedAgainstTheClock() {
        CliRun run = run("--stacks-snapshot", snapshot, "--since", "2999-01-01T00:00:00Z");

        assertUsageError(run, "--since (2999-01-01T00:00:00Z) is after the run's start time (");
        assertThat(run.err()).contains(", now)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"socketTimeout=ten|'s parameter socketTimeout must be a whole number",
        "sslmode=verify_full|'s parameter sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full",
        "sslMode=require| has an unknown parameter 'sslMode' (did you mean sslmode?)"})
    void jdbcUrlWithABadParameter_isRefusedNamingTheParameterWithoutTheUrlOrPassword(String parameterAndMessage) {
        String[] parts = parameterAndMessage.split("\\|");
        CliRun run = CliRun.execute("run", "--jdbc-url", CliRun.unreachableJdbcUrl("pw-4711") + "&" + parts[0],
                "--stacks-snapshot", snapshot, "--now", NOW.toString());

        assertUsageError(run, "--jdbc-url: the JDBC URL" + parts[1]);
        assertThat(run.printed()).doesNotContain("pw-4711").doesNotContain("127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "on-event --event event.json", "compare --existing-query SELECT 1, 2"})
    void reportThatIsAFile_isRefusedBeforeAnythingRuns_inEveryCommandThatRunsTheWorkflow(String command)
            throws IOException {
        Path file = Files.writeString(dir.resolve("report"), "not a folder");
        String[] words = command.split(" ", 3);
        List<String> args = new ArrayList<>(List.of(words).subList(0, Math.min(words.length, 2)));
        if (words.length == 3) {
            args.add(words[2]);
        }
        args.addAll(List.of("--jdbc-url", jdbcUrl, "--stacks-snapshot", snapshot, "--report", file.toString()));

        CliRun run = CliRun.execute(args.toArray(String[]::new));

        assertUsageError(run, "domain-sync " + words[0] + ": --report " + file
                + " is a file; give a folder (it is created if missing)");
    }

    @Test
    void unknownOption_isRefusedNamingIt() {
        CliRun run = run("--stacks-snapshot", snapshot, "--bakfill");

        assertUsageError(run, "Unknown option: '--bakfill'");
    }

    private CliRun run(String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "run";
        args[1] = "--jdbc-url";
        args[2] = jdbcUrl;
        System.arraycopy(options, 0, args, 3, options.length);
        return CliRun.execute(args);
    }

    private static void assertUsageError(CliRun run, String message) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains(message);
        assertThat(run.out()).isEmpty();
    }
}
