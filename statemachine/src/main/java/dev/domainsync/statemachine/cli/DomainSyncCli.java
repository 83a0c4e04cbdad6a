package dev.domainsync.statemachine.cli;

import dev.domainsync.statemachine.report.DisplayFormat;
import dev.domainsync.statemachine.snapshot.ServeSnapshotCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code domain-sync}: the workflow and the event path on a laptop, the stack snapshot endpoint, and the demo. */
@Command(name = "domain-sync", mixinStandardHelpOptions = true, version = "domain-sync 0.1.0",
        description = "Keeps domain_mappings in step with the CloudFront distribution stacks.",
        subcommands = {DemoCommand.class, RunCommand.class, OnEventCommand.class, CompareCommand.class,
            ServeSnapshotCommand.class, StartCommand.class, HistoryCommand.class})
public final class DomainSyncCli implements Runnable {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand; tests execute it directly. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new DomainSyncCli());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            // An unexpected failure outside the workflow: say what, not a stack trace.
            cmd.getErr().println("domain-sync: " + exception.getClass().getSimpleName() + ": "
                    + DisplayFormat.visibleLines(exception.getMessage()));
            // For compare, 1 means "the tables differ": a failure there is "no comparison".
            return cmd.getCommand() instanceof CompareCommand ? CompareCommand.EXIT_NOT_COMPARED : RunCommand.EXIT_FAILED;
        });
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
