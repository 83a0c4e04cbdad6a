package dev.domainsync.statemachine.cli;

import dev.domainsync.statemachine.report.DisplayFormat;
import dev.domainsync.statemachine.snapshot.ServeSnapshotCommand;
import java.io.PrintWriter;
import java.sql.SQLException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code domain-sync}: the workflow and the event path on a laptop, the stack snapshot endpoint, and the demo. */
@Command(name = "domain-sync", mixinStandardHelpOptions = true, version = "domain-sync 0.1.0",
        description = "Keeps domain_mappings in step with the CloudFront distribution stacks.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:succeeded (compare: the tables are identical)",
            "1:the execution failed (compare: the tables differ)", "2:invalid options or input, nothing ran",
            "3:compare could not compare"},
        subcommands = {DemoCommand.class, RunCommand.class, OnEventCommand.class, CompareCommand.class,
            ServeSnapshotCommand.class, StartCommand.class, HistoryCommand.class,
            AutoComplete.GenerateCompletion.class})
public final class DomainSyncCli implements Runnable {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand; tests execute it directly. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new DomainSyncCli());
        if (noColor(System.getenv())) {
            commandLine.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        }
        boolean[] executing = {false};
        CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
        commandLine.setExecutionStrategy(parseResult -> {
            executing[0] = true;
            return runLast.execute(parseResult);
        });
        CommandLine.IParameterExceptionHandler usage = commandLine.getParameterExceptionHandler();
        commandLine.setParameterExceptionHandler((exception, args) -> {
            if (!executing[0]) {
                // A mistyped command line: the message and the usage, as picocli prints them.
                return usage.handleParseException(exception, args);
            }
            // The options parsed but a value or a file's content is wrong: one line, no usage.
            CommandLine cmd = exception.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println(commandName(cmd) + ": " + DisplayFormat.visibleLines(exception.getMessage()));
            err.flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            // An unexpected failure outside the workflow: one line saying what, not a stack trace.
            cmd.getErr().println(commandName(cmd) + ": " + exception.getClass().getSimpleName() + ": "
                    + oneLine(exception));
            cmd.getErr().flush();
            // For compare, 1 means "the tables differ": a failure there is "no comparison".
            return cmd.getCommand() instanceof CompareCommand ? CompareCommand.EXIT_NOT_COMPARED : RunCommand.EXIT_FAILED;
        });
        return commandLine;
    }

    /** {@code NO_COLOR} (no-color.org) set to anything non-empty, or a dumb terminal: no escape codes. */
    static boolean noColor(java.util.Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        return (noColor != null && !noColor.isEmpty()) || "dumb".equals(env.get("TERM"));
    }

    private static String commandName(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName();
    }

    /**
     * The first line of the exception's message, and the database's own words when an SQL error lies underneath
     * (a refused password, a missing database) and the first line does not already say them.
     */
    static String oneLine(Throwable exception) {
        String first = firstLine(exception.getMessage());
        for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException) {
                String database = firstLine(cause.getMessage()).replaceFirst("^(FATAL|ERROR): ", "");
                if (!database.isEmpty() && !first.contains(database)) {
                    first = first.isEmpty() ? database : first + " (" + database + ")";
                }
                break;
            }
        }
        return DisplayFormat.visible(first);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        for (String line : message.strip().split("\\R")) {
            if (!line.isBlank() && !line.startsWith("---")) {
                return line.strip();
            }
        }
        return "";
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
