package dev.domainsync.statemachine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.Json;
import dev.domainsync.registry.TestDatabase;
import dev.domainsync.registry.TestDatabases;
import dev.domainsync.statemachine.snapshot.FaultPlan;
import dev.domainsync.statemachine.snapshot.SnapshotEndpoint;
import dev.domainsync.statemachine.snapshot.StackSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user trips over in the first hour (issue 10), each case through the CLI's real entry point: the exit
 * code and the exact first line printed.
 */
class FirstHourTest {

    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final String NOW = "2026-11-25T06:00:00Z";

    @TempDir
    Path dir;

    private final TestDatabase db = TestDatabases.migrated();

    @Test
    void reportThatIsAFile_isRefusedBeforeTheRunStarts_withExit2() throws IOException {
        Path file = Files.writeString(dir.resolve("report"), "not a folder");

        CliRun run = run("--stacks-snapshot", example("stacks-monday.json"), "--now", NOW, "--report", file.toString());

        assertRefused(run, "domain-sync run: --report " + file + " is a file; give a folder (it is created if missing)");
    }

    @Test
    void jdbcUrlWithoutTheJdbcPrefix_isAnInvalidOption_withExit2() {
        CliRun run = CliRun.execute("run", "--jdbc-url", "postgresql://127.0.0.1:5432/app",
                "--stacks-snapshot", example("stacks-monday.json"));

        assertRefused(run, "domain-sync run: --jdbc-url must start with jdbc:postgresql://, such as"
                + " jdbc:postgresql://127.0.0.1:5432/app?user=sync");
    }

    @Test
    void missingDatabase_isOneLineNamingIt_withoutFlywaysBlock() {
        String url = db.jdbcUrl().replaceFirst("/[^/?]+\\?", "/no_such_database?");

        CliRun run = CliRun.execute("run", "--jdbc-url", url, "--stacks-snapshot", example("stacks-monday.json"));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err().lines().filter(line -> line.startsWith("domain-sync")).toList()).singleElement()
                .isEqualTo("domain-sync run: DatabaseException: database error: SQLState 3D000: database"
                        + " \"no_such_database\" does not exist");
        assertThat(run.err()).doesNotContain("SQL State", "-----", "at org.");
    }

    @Test
    void truncatedSnapshot_isOneLineWithoutJacksonsInternals() throws IOException {
        Path truncated = dir.resolve("truncated.json");
        String text = Files.readString(EXAMPLES.resolve("stacks-monday.json"));
        Files.writeString(truncated, text.substring(0, text.indexOf("\"StackName\"")));

        CliRun run = run("--stacks-snapshot", truncated.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().toList()).singleElement().asString()
                .startsWith("domain-sync run: snapshot " + truncated + " is not JSON at line ")
                .endsWith(": Unexpected end-of-input within/between Object entries")
                .doesNotContain("Source");
    }

    @Test
    void missingSnapshotFile_namesTheFileOnceWithTheReason_asServeSnapshotDoes() {
        Path missing = dir.resolve("absent.json");

        CliRun run = run("--stacks-snapshot", missing.toString());
        CliRun serve = CliRun.execute("serve-snapshot", missing.toString());

        assertRefused(run, "domain-sync run: cannot read snapshot " + missing + ": no such file");
        assertRefused(serve, "domain-sync serve-snapshot: cannot read snapshot " + missing + ": no such file");
    }

    @Test
    void invalidSnapshotContent_isOneLineWithoutTheUsage() throws IOException {
        Path noStacks = Files.writeString(dir.resolve("empty.json"), "{\"stacks\": []}");

        CliRun run = run("--stacks-snapshot", noStacks.toString());

        assertRefused(run, "domain-sync run: snapshot " + noStacks + ": expected the object that describe-stacks"
                + " prints, {\"Stacks\": [...]}, but found no \"Stacks\" array");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void mistypedCommandLine_isStillAnsweredByPicocli_withTheUsageOrASuggestion() {
        CliRun typo = run("--stacks-snapshot", example("stacks-monday.json"), "--bakfill");
        CliRun missing = CliRun.execute("on-event", "--stacks-snapshot", example("stacks-monday.json"));

        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).isEqualTo("Unknown option: '--bakfill'\nPossible solutions: --backfill\n");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().lines().findFirst()).hasValue("Missing required option: '--event=FILE'");
        assertThat(missing.err()).contains("Usage: domain-sync on-event");
    }

    @Test
    void endpointOnThisMachine_runsWithThrowawayCredentials() throws IOException {
        StackSnapshot snapshot = StackSnapshot.load(EXAMPLES.resolve("stacks-monday.json"));
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(snapshot, 0, FaultPlan.none())) {
            CliRun run = run("--region", "us-east-1", "--endpoint-url", endpoint.uri().toString(), "--now", NOW);

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out().lines().skip(3).findFirst()).hasValue("status           SUCCEEDED");
        }
    }

    @Test
    void endpointElsewhereWithoutCredentials_saysWhatIsMissingInOneLine_beforeAnythingRuns() {
        Assumptions.assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null
                && !Files.exists(Path.of(System.getProperty("user.home"), ".aws"))
                && System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") == null
                && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null, "this machine has AWS credentials");
        String before = System.setProperty("aws.disableEc2Metadata", "true");
        try {
            // 192.0.2.1 is TEST-NET-1: never reached, as the credentials are missing first.
            CliRun run = run("--region", "eu-west-1", "--endpoint-url", "http://192.0.2.1:4566");

            assertRefused(run, "domain-sync run: no AWS credentials found for CloudFormation at"
                    + " http://192.0.2.1:4566: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
                    + " or run aws sso login");
        } finally {
            if (before == null) {
                System.clearProperty("aws.disableEc2Metadata");
            } else {
                System.setProperty("aws.disableEc2Metadata", before);
            }
        }
    }

    @Test
    void onEventAndCompareOutputJson_areOneDocumentOnStdoutEach() throws IOException {
        CliRun event = CliRun.execute("on-event", "--jdbc-url", db.jdbcUrl(), "--stacks-snapshot",
                example("stacks-wednesday.json"), "--event", example("stack-created.json"), "--output", "json");
        CliRun compare = CliRun.execute("compare", "--jdbc-url", db.jdbcUrl(), "--stacks-snapshot",
                example("stacks-wednesday.json"), "--existing-query", "SELECT 'shop.acme.example', 'acme'",
                "--output", "json", "--quiet");

        assertThat(event.exitCode()).as(event.toString()).isZero();
        JsonNode applied = Json.mapper().readTree(event.out()).path("executions").path(0);
        assertThat(applied.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(applied.path("applied").path("outcome").asText()).isEqualTo("REPLACED");
        assertThat(compare.exitCode()).as(compare.toString()).isEqualTo(1);
        JsonNode comparison = Json.mapper().readTree(compare.out());
        assertThat(comparison.path("result").asText()).isEqualTo("different");
        assertThat(comparison.path("counts").path("AGREE").asInt()).isEqualTo(1);
        assertThat(comparison.path("counts").path("ONLY_STACKS").asInt()).isEqualTo(1);
        assertThat(compare.err()).isEmpty();
    }

    @Test
    void templateDescription_countsAsTheDescription() throws IOException {
        Path listStacksNames = Files.writeString(dir.resolve("template-description.json"),
                Files.readString(EXAMPLES.resolve("stacks-monday.json")).replace("\"Description\"",
                        "\"TemplateDescription\""));

        CliRun run = run("--stacks-snapshot", listStacksNames.toString(), "--now", NOW);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("candidates       2 (every live distribution stack)\n")
                .contains("written          2 stacks' claims replaced, 3 claims in all\n").doesNotContain("hint");
    }

    @Test
    void runThatFindsNoDistributionStack_saysSoNamingThePattern() {
        CliRun run = run("--stacks-snapshot", example("stacks-monday.json"), "--now", NOW,
                "--description-pattern", "(?i)edge");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("\nhint             no distribution stack: of the 3 live stacks, none has a"
                + " description that --description-pattern (?i)edge finds (a snapshot gives it as Description or"
                + " TemplateDescription)\n");
    }

    @Test
    void dryRunWithSince_saysEachOnce_andCountsAgreeWithTheirWords() {
        CliRun run = run("--stacks-snapshot", example("stacks-wednesday.json"), "--now", NOW,
                "--since", "2026-11-01T00:00:00Z", "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("run              1, since 2026-11-01T00:00:00Z, DRY RUN (nothing applied)\n")
                .contains("written          2 stacks' claims replaced, 2 claims in all\n")
                .contains("conflicts        0 domains claimed by more than one stack\n");
    }

    @Test
    void demoHelp_describesTheGeneratedSample() {
        CliRun run = CliRun.execute("demo", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().findFirst()).hasValue("Usage: domain-sync demo [-h] [--report=DIR]");
        assertThat(run.out().lines().skip(1).findFirst())
                .hasValue("Runs the workflow twice over a sample account of about 300 stacks, generated");
        assertThat(run.out()).doesNotContain("shipped in the jar");
    }

    @Test
    void outputJson_isOneDocumentOnStdout_withTheRunReport() throws IOException {
        CliRun run = run("--stacks-snapshot", example("stacks-monday.json"), "--now", NOW, "--output", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().findFirst()).hasValue("{");
        JsonNode document = Json.mapper().readTree(run.out());
        assertThat(document.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(document.path("report").path("stacksWritten").asInt()).isEqualTo(2);
        assertThat(document.path("report").path("changes")).hasSize(3);
        assertThat(run.err()).contains("execution local-");
    }

    @Test
    void quiet_printsNoProgress() {
        CliRun run = run("--stacks-snapshot", example("stacks-monday.json"), "--now", NOW, "--quiet");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out().lines().skip(1).findFirst()).hasValue("== run");
    }

    @Test
    void generateCompletion_printsABashCompletionScript() {
        CliRun run = CliRun.execute("generate-completion");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().findFirst()).hasValue("#!/usr/bin/env bash");
        assertThat(run.out()).contains("complete -F _complete_domain-sync");
    }

    @Test
    void noColorOrADumbTerminal_meanNoEscapeCodes() {
        assertThat(DomainSyncCli.noColor(Map.of("NO_COLOR", "1"))).isTrue();
        assertThat(DomainSyncCli.noColor(Map.of("TERM", "dumb"))).isTrue();
        assertThat(DomainSyncCli.noColor(Map.of("NO_COLOR", "", "TERM", "xterm"))).isFalse();
    }

    @Test
    void demoReport_writesTheSnapshotsItUsed_whichRunAccepts(@TempDir Path reportDir) throws IOException {
        CliRun demo = CliRun.execute("demo", "--report", reportDir.toString());

        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(reportDir.resolve(DemoCommand.THIRD_SNAPSHOT)).exists();
        CliRun run = run("--stacks-snapshot", reportDir.resolve(DemoCommand.FIRST_SNAPSHOT).toString(),
                "--now", "2026-11-30T06:00:00Z", "--quiet");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Files.readString(reportDir.resolve(DemoCommand.SECOND_SNAPSHOT), StandardCharsets.UTF_8))
                .startsWith("{");
    }

    private CliRun run(String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "run";
        args[1] = "--jdbc-url";
        args[2] = db.jdbcUrl();
        System.arraycopy(options, 0, args, 3, options.length);
        return CliRun.execute(args);
    }

    private static String example(String name) {
        return EXAMPLES.resolve(name).toString();
    }

    private static void assertRefused(CliRun run, String firstLine) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).as(run.toString()).hasValue(firstLine);
        assertThat(run.out()).isEmpty();
    }
}
