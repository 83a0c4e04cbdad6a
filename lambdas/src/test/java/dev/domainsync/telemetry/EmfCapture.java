package dev.domainsync.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.internal.EmfMetricsLogger;

/**
 * Powertools' EMF metrics as on Lambda, with the documents kept here instead of written to stdout: exactly the JSON that
 * CloudWatch would turn into metrics.
 */
public final class EmfCapture {

    private final List<String> documents = new CopyOnWriteArrayList<>();
    private final Environment environment = new CapturingEnvironment();
    private final EnvironmentProvider environments = new EnvironmentProvider() {
        @Override
        public CompletableFuture<Environment> resolveEnvironment() {
            return CompletableFuture.completedFuture(environment);
        }
    };

    /** Lambda's telemetry, each invocation's counts flushed into this capture; a rehearsal's built in it, unpublished. */
    public Telemetry telemetry() {
        return Telemetry.onLambda(this::metrics, () -> environments);
    }

    /** A fresh Powertools metrics logger, as Powertools keeps one per request. */
    public Metrics metrics() {
        return new EmfMetricsLogger(environments, new MetricsContext());
    }

    /** Every EMF document flushed so far, parsed. */
    public List<JsonNode> documents() {
        return LogCapture.parseEach(documents.stream(), "an EMF document");
    }

    /** The raw text of every document, for checks that something never appears in it. */
    public String text() {
        return String.join("\n", documents);
    }

    private final class CapturingEnvironment implements Environment, ISink {

        @Override
        public boolean probe() {
            return true;
        }

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public String getType() {
            return "test";
        }

        @Override
        public String getLogGroupName() {
            return "test";
        }

        @Override
        public void configureContext(MetricsContext context) {
        }

        @Override
        public ISink getSink() {
            return this;
        }

        @Override
        public void accept(MetricsContext context) {
            try {
                documents.addAll(context.serialize());
            } catch (JsonProcessingException e) {
                throw new AssertionError("EMF document not serialisable", e);
            }
        }

        @Override
        public CompletableFuture<Void> shutdown() {
            return CompletableFuture.completedFuture(null);
        }
    }
}
