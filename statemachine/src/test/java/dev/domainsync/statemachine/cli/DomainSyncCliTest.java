package dev.domainsync.statemachine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a whole: its subcommands, its help, and the demo end to end. */
class DomainSyncCliTest {

    @Test
    void help_listsEverySubcommand() {
        CliRun run = CliRun.execute("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: domain-sync").contains("demo").contains("run")
                .contains("serve-snapshot").contains("on-event");
    }

    @Test
    void noSubcommand_printsTheUsageOnStdout() {
        CliRun run = CliRun.execute();

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: domain-sync").contains("serve-snapshot");
    }

    @Test
    void serveSnapshot_isASubcommandWithItsOwnHelp() {
        CliRun run = CliRun.execute("serve-snapshot", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: domain-sync serve-snapshot").contains("--port");
    }

    @Test
    void runHelp_listsTheExitCodes() {
        CliRun run = CliRun.execute("run", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: domain-sync run").contains("--stacks-snapshot")
                .contains("1   the execution failed");
    }

    @Test
    void demo_runsTwiceThenAnEvent_onItsOwnDatabase_printsTheRunsTheEventAndTheTable_andWritesTheReport(@TempDir Path dir) {
        CliRun run = CliRun.execute("demo", "--report", dir.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("== first run (" + DemoCommand.FIRST_RUN + ")")
                .contains("== second run (" + DemoCommand.SECOND_RUN + ")")
                .contains("run              2, incremental since ")
                .contains("== domain_mappings (")
                .contains("report of the second run: " + dir.resolve("report.html").toAbsolutePath())
                .contains("== third act: the event of a stack created after the second run (")
                .containsPattern("cust-[a-z0-9-]+-cdn: 2 domains reached domain_mappings through the event path at"
                        + " once; the next scheduled run \\(2026-03-06T06:00:00Z\\) would have found them 45 hours"
                        + " later");
        assertThat(run.out().indexOf("== first run")).isLessThan(run.out().indexOf("== second run"));
        assertThat(run.out().indexOf("== second run")).isLessThan(run.out().indexOf("== third act"));
        assertThat(run.err()).contains("first run: ").contains("second run: two days later")
                .contains("third act: ");
        assertThat(dir.resolve("report.html")).isNotEmptyFile();
        assertThat(dir.resolve("history.json")).isNotEmptyFile();
    }
}
