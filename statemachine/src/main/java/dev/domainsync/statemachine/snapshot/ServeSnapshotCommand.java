package dev.domainsync.statemachine.snapshot;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code domain-sync serve-snapshot FILE}: the stack snapshot endpoint on its own, for any AWS client. */
@Command(name = "serve-snapshot",
        description = {
            "Serves a stack snapshot, the JSON that `aws cloudformation describe-stacks` prints, as CloudFormation's"
                    + " ListStacks and DescribeStacks on 127.0.0.1, for any AWS client's --endpoint-url.",
            "Runs until interrupted (Ctrl-C)."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped", "1:the port could not be bound", "2:invalid arguments or snapshot"})
public final class ServeSnapshotCommand implements Callable<Integer> {

    static final int EXIT_STOPPED = 0;
    static final int EXIT_PORT_UNAVAILABLE = 1;
    static final int EXIT_INVALID_SNAPSHOT = 2;

    private static final Logger LOG = LoggerFactory.getLogger(ServeSnapshotCommand.class);

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The snapshot: {\"Stacks\": [...]} as describe-stacks prints it.")
    private Path file;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "The port on 127.0.0.1; 0 (the default) picks a free one.")
    private int port;

    @Option(names = "--throttle-rate", paramLabel = "RATE", defaultValue = "0",
            description = "The share of requests answered with Throttling (0 to 1), for trying clients' retries.")
    private double throttleRate;

    @Option(names = "--error-rate", paramLabel = "RATE", defaultValue = "0",
            description = "The share of requests answered with a 500 or 503 error (0 to 1).")
    private double errorRate;

    @Option(names = "--seed", paramLabel = "N", description = "Seeds the random faults, to repeat a run.")
    private Long seed;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    private boolean help;

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, not " + port);
        }
        FaultPlan faults = faultPlan();
        PrintWriter err = spec.commandLine().getErr();
        StackSnapshot snapshot;
        try {
            snapshot = StackSnapshot.load(file);
        } catch (InvalidSnapshotException e) {
            // Worded as run words it: the command's name, then the one line.
            err.println(spec.qualifiedName() + ": " + e.getMessage());
            return EXIT_INVALID_SNAPSHOT;
        } catch (IOException e) {
            err.println(spec.qualifiedName() + ": " + StackSnapshot.unreadable(file, e));
            return EXIT_INVALID_SNAPSHOT;
        }
        SnapshotEndpoint endpoint;
        try {
            endpoint = SnapshotEndpoint.start(snapshot, port, faults);
        } catch (IOException e) {
            err.println("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
            return EXIT_PORT_UNAVAILABLE;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Serving " + snapshot.size() + " stacks from " + file + " at " + endpoint.uri()
                + " (Ctrl-C to stop)");
        out.flush();
        serveUntilStopped(endpoint);
        return EXIT_STOPPED;
    }

    /** Ctrl-C ends the JVM through its shutdown hooks; an interrupt of this thread ends the command. */
    private static void serveUntilStopped(SnapshotEndpoint endpoint) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdownHook = new Thread(() -> {
            endpoint.close();
            stopped.countDown();
        }, "serve-snapshot-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running already and closes the endpoint itself.
            }
            endpoint.close();
        }
    }

    private FaultPlan faultPlan() {
        if (throttleRate == 0 && errorRate == 0) {
            return FaultPlan.none();
        }
        long effectiveSeed = seed != null ? seed : new Random().nextLong();
        LOG.info("Random faults with --seed {}", effectiveSeed);
        try {
            return FaultPlan.rates(throttleRate, errorRate, effectiveSeed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
