package dev.domainsync.statemachine.cli;

import dev.domainsync.cloudformation.SdkStackCatalog;
import dev.domainsync.cloudformation.StackCatalog;
import dev.domainsync.config.Config;
import dev.domainsync.registry.Database;
import dev.domainsync.registry.PostgresDomainRegistry;
import dev.domainsync.registry.PostgresStackEventRegistry;
import dev.domainsync.statemachine.snapshot.FaultPlan;
import dev.domainsync.statemachine.snapshot.SnapshotEndpoint;
import dev.domainsync.statemachine.snapshot.StackSnapshot;
import dev.domainsync.wiring.Collaborators;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * What a local run talks to: a PostgreSQL (given, or embedded for this process) and a CloudFormation (real,
 * or the stack snapshot endpoint serving a file). Closing it stops whatever it started.
 */
final class LocalEnvironment implements AutoCloseable {

    private final List<AutoCloseable> started = new ArrayList<>();
    private String jdbcUrl;
    private Database database;
    private PostgresDomainRegistry registry;
    private PostgresStackEventRegistry stackEvents;
    private StackCatalog catalog;
    private SnapshotEndpoint endpoint;

    private LocalEnvironment() {
    }

    /** Connects to the database at {@code jdbcUrl}, or starts an embedded one when it is null; migrates it. */
    static LocalEnvironment withDatabase(String jdbcUrl, Config config, Progress progress) {
        LocalEnvironment environment = new LocalEnvironment();
        try {
            String url = jdbcUrl;
            if (url == null) {
                progress.line("starting an embedded PostgreSQL for this process");
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                environment.started.add(postgres);
                url = postgres.getJdbcUrl("postgres", "postgres");
            }
            environment.jdbcUrl = url;
            environment.database = new Database(url, config.databaseSchema());
            environment.database.migrate();
            environment.registry = new PostgresDomainRegistry(environment.database, config.sync(),
                    config.leaseDuration(), Clock.systemUTC());
            environment.stackEvents = new PostgresStackEventRegistry(environment.database);
            return environment;
        } catch (IOException e) {
            environment.close();
            throw new UncheckedIOException("cannot start the embedded PostgreSQL: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            environment.close();
            throw e;
        }
    }

    /** Serves {@code snapshot} on an ephemeral port and points the SDK client at it. */
    LocalEnvironment serving(StackSnapshot snapshot, FaultPlan faults) {
        try {
            if (endpoint != null) {
                endpoint.close();
                started.remove(endpoint);
            }
            endpoint = SnapshotEndpoint.start(snapshot, 0, faults);
            started.add(endpoint);
            return readingLocalEndpoint(endpoint.uri(), Region.US_EAST_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stack snapshot endpoint: " + e.getMessage(), e);
        }
    }

    /**
     * Reads real CloudFormation with the default credentials chain ({@code AWS_REGION}, endpoint from config); an
     * endpoint on this machine (LocalStack, serve-snapshot) gets throwaway static credentials instead, as it checks
     * no signature.
     *
     * @throws MissingCredentialsException when the chain finds no credentials, before anything runs
     */
    LocalEnvironment readingCloudFormation(Config config) {
        Optional<URI> endpoint = config.cloudFormationEndpoint();
        if (endpoint.isPresent() && isLoopback(endpoint.get())) {
            return readingLocalEndpoint(endpoint.get(), config.region().map(Region::of).orElse(Region.US_EAST_1));
        }
        try (DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build()) {
            chain.resolveCredentials();
        } catch (SdkClientException e) {
            throw new MissingCredentialsException("no AWS credentials found for CloudFormation"
                    + endpoint.map(uri -> " at " + uri).orElse("") + ": set AWS_PROFILE, or AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY, or run aws sso login");
        }
        catalog = Collaborators.stackCatalog(config);
        return this;
    }

    private LocalEnvironment readingLocalEndpoint(URI endpoint, Region region) {
        CloudFormationClient client = CloudFormationClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(region)
                .endpointOverride(endpoint)
                // A local endpoint does not check signatures; these are not real keys.
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
        started.add(client);
        catalog = new SdkStackCatalog(client);
        return this;
    }

    /** No credentials in the default chain: said in one line, not the SDK's account of every provider it tried. */
    static final class MissingCredentialsException extends RuntimeException {
        MissingCredentialsException(String message) {
            super(message);
        }
    }

    private static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]")
                || host.equals("::1"));
    }

    /** The database's JDBC URL, the embedded one's included; it may hold a password, so it is never printed. */
    String jdbcUrl() {
        return jdbcUrl;
    }

    Database database() {
        return database;
    }

    PostgresDomainRegistry registry() {
        return registry;
    }

    PostgresStackEventRegistry stackEvents() {
        return stackEvents;
    }

    StackCatalog catalog() {
        return catalog;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                // Best effort on the way out; the process is ending.
            }
        }
        started.clear();
    }
}
