package dev.domainsync.statemachine.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.cloudformation.SdkStackCatalog;
import dev.domainsync.registry.PostgresDomainRegistry;
import dev.domainsync.registry.TestClock;
import dev.domainsync.registry.TestDatabases;
import dev.domainsync.rules.SyncSettings;
import dev.domainsync.statemachine.LocalFunctions;
import dev.domainsync.statemachine.LocalWorkflow;
import dev.domainsync.statemachine.demo.SampleSnapshots;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.executor.ExecutorOptions;
import dev.domainsync.statemachine.snapshot.FaultPlan;
import dev.domainsync.statemachine.snapshot.SnapshotEndpoint;
import dev.domainsync.statemachine.snapshot.StackSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * A real history to feed back through the fake GetExecutionHistory: the demo's first backfill of about three
 * hundred stacks, run by the local executor on its virtual clock (so its timestamps have Step Functions'
 * millisecond precision) against a fresh database and the stack snapshot endpoint.
 */
final class LocalRunFixture {

    private LocalRunFixture() {
    }

    static ObjectNode history() {
        Instant now = SampleSnapshots.DEMO_NOW;
        StackSnapshot snapshot = StackSnapshot.parse(SampleSnapshots.toJson(SampleSnapshots.first(now)), "demo");
        SyncSettings settings = SyncSettings.defaults();
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(snapshot, 0, FaultPlan.none());
             CloudFormationClient cloudFormation = CloudFormationClient.builder()
                     .region(Region.US_EAST_1)
                     .endpointOverride(endpoint.uri())
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                     .httpClient(UrlConnectionHttpClient.create())
                     .build()) {
            PostgresDomainRegistry registry = new PostgresDomainRegistry(TestDatabases.migrated().database(), settings,
                    Duration.ofMinutes(30), new TestClock(now));
            LocalFunctions functions = LocalFunctions.create(registry, new SdkStackCatalog(cloudFormation), settings);
            ExecutionResult result = new LocalWorkflow(functions, ExecutorOptions.defaults(LocalWorkflow.STATE_MACHINE_NAME))
                    .execute("fixture-backfill", "{}", now);
            if (!result.succeeded()) {
                throw new IllegalStateException("the fixture run failed: " + result.error() + " " + result.cause());
            }
            return result.historyJson();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
