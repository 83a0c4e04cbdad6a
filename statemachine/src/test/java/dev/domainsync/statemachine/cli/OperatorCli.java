package dev.domainsync.statemachine.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The real {@code domain-sync} command line with the operator commands' seams filled for tests: the SDK's
 * real SfnClient with fixed dummy credentials, a recording sleeper, a fixed clock and seed.
 */
final class OperatorCli {

    static final Instant NOW = Instant.parse("2026-03-02T06:00:00Z");

    /** What one command line printed and returned. */
    record Outcome(int exitCode, String out, String err) {
    }

    final List<Region> clientRegions = new ArrayList<>();
    final List<Optional<URI>> clientEndpoints = new ArrayList<>();
    final List<Duration> sleeps = new ArrayList<>();

    private final StepFunctionsClients clients;

    OperatorCli() {
        StepFunctionsClients real = StepFunctionsClients.withCredentials(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
        this.clients = (region, endpoint) -> {
            clientRegions.add(region);
            clientEndpoints.add(endpoint);
            return real.create(region, endpoint);
        };
    }

    Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == StartCommand.class) {
                    return type.cast(new StartCommand(clients, sleeps::add, Clock.fixed(NOW, ZoneOffset.UTC),
                            new SplittableRandom(7)));
                }
                if (type == HistoryCommand.class) {
                    return type.cast(new HistoryCommand(clients));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine commandLine = new CommandLine(new DomainSyncCli(), factory);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Outcome(exitCode, out.toString(), err.toString());
    }
}
