package dev.domainsync.statemachine.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.InvalidInputException;
import dev.domainsync.json.Json;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.statemachine.report.DisplayFormat;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** {@code domain-sync start}: starts the deployed state machine by hand, with the input the schedule would give. */
@Command(name = "start", sortOptions = false,
        description = "Starts an execution of the deployed sync-domains state machine and prints its ARN and"
                + " console link.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:started (with --wait: the execution succeeded)",
            "1:Step Functions refused, or the execution did not succeed (error and cause on stderr)",
            "2:invalid options"})
public final class StartCommand implements Callable<Integer> {

    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @Spec
    private CommandSpec spec;

    @Option(names = "--state-machine-arn", paramLabel = "ARN", required = true,
            description = "arn:aws:states:REGION:ACCOUNT:stateMachine:NAME")
    private String stateMachineArn;

    @ArgGroup(exclusive = true)
    private Mode mode;

    static final class Mode {
        @Option(names = "--backfill", description = "Consider every live stack, whatever its age.")
        boolean backfill;

        @Option(names = "--since", paramLabel = "ISO-8601", description = "Consider stacks changed since this time.")
        String since;
    }

    @Option(names = "--dry-run", description = "Compute and report everything; change nothing readers see.")
    private boolean dryRun;

    @Option(names = "--force", description = "Apply even when pruning would pass the prune guard.")
    private boolean force;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why this run, kept in the execution input.")
    private String comment;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The execution's name (default manual-<UTC time>-<random>); unique for 90 days.")
    private String name;

    @Mixin
    private StepFunctionsOptions aws;

    @Option(names = "--wait", description = "Wait for the execution to end; exit 0 only if it succeeded.")
    private boolean await;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    private boolean help;

    private final StepFunctionsClients clients;
    private final Sleeper sleeper;
    private final Clock clock;
    private final RandomGenerator random;

    public StartCommand() {
        this(StepFunctionsClients.defaultChain(), Sleeper.threadSleep(), Clock.systemUTC(), new SecureRandom());
    }

    StartCommand(StepFunctionsClients clients, Sleeper sleeper, Clock clock, RandomGenerator random) {
        this.clients = clients;
        this.sleeper = sleeper;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public Integer call() {
        StepFunctionsArn arn = stateMachineArn();
        String input = executionInput();
        String executionName = executionName();
        Region region = aws.region(arn);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (SfnClient client = clients.create(region, aws.endpoint(spec))) {
            String executionArn = client.startExecution(request -> request.stateMachineArn(arn.value())
                    .name(executionName)
                    .input(input)).executionArn();
            out.println("execution  " + executionArn);
            out.println("console    " + StepFunctionsArn.consoleUrl(region.id(), executionArn));
            out.flush();
            if (!await) {
                return RunCommand.EXIT_SUCCEEDED;
            }
            err.println("waiting for " + executionName + " to end");
            err.flush();
            DescribeExecutionResponse execution = new ExecutionWaiter(client, sleeper).awaitEnd(executionArn);
            out.println("status     " + execution.statusAsString());
            if (execution.status() == ExecutionStatus.SUCCEEDED) {
                return RunCommand.EXIT_SUCCEEDED;
            }
            err.println("error: " + DisplayFormat.visible(Optional.ofNullable(execution.error()).orElse("(none)")));
            err.println("cause: " + Optional.ofNullable(execution.cause()).map(DisplayFormat::causeMessage)
                    .map(DisplayFormat::visibleLines).orElse("(none)"));
            return RunCommand.EXIT_FAILED;
        } catch (SdkException e) {
            err.println("domain-sync start: " + StepFunctionsClients.describe(e));
            return RunCommand.EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("domain-sync start: interrupted while waiting; the execution goes on");
            return RunCommand.EXIT_FAILED;
        }
    }

    private StepFunctionsArn stateMachineArn() {
        try {
            return StepFunctionsArn.stateMachine(stateMachineArn);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--state-machine-arn: " + e.getMessage());
        }
    }

    /** The input exactly as the workflow accepts it, checked by the same parser that StartRun uses. */
    private String executionInput() {
        ObjectNode input = Json.mapper().createObjectNode();
        if (mode != null && mode.backfill) {
            input.put("mode", "backfill");
        }
        if (mode != null && mode.since != null) {
            input.put("since", mode.since);
        }
        if (dryRun) {
            input.put("dryRun", true);
        }
        if (force) {
            input.put("force", true);
        }
        if (comment != null) {
            input.put("Comment", comment);
        }
        ExecutionInput parsed;
        try {
            parsed = ExecutionInput.parse(input);
        } catch (InvalidInputException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (parsed.since() != null) {
            RunCommand.refuseSinceAfterStart(spec, parsed.since(), clock.instant(), "now");
        }
        return input.toString();
    }

    private String executionName() {
        if (name == null) {
            return "manual-" + NAME_TIME.format(clock.instant()) + "-" + String.format("%08x", random.nextInt());
        }
        if (!StepFunctionsArn.validName(name)) {
            throw new ParameterException(spec.commandLine(), "--name must be 1-80 characters without whitespace,"
                    + " brackets, wildcards, control characters or any of \" # % \\ ^ | ~ ` $ & , ; : /, got '"
                    + name + "'");
        }
        return name;
    }
}
