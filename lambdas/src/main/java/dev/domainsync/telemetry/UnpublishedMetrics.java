package dev.domainsync.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.internal.EmfMetricsLogger;

/**
 * What a rehearsal flushes its counts to before the snapshot: Powertools' EMF logger, as Powertools builds one per
 * request, over the environment that published metrics resolve (on Lambda, Lambda's; the resolution is cached for the
 * process, so the first real flush does not repeat it), whose sink serialises each document exactly as Lambda's
 * console sink does and then drops it. Every class and code path of building a document is run; nothing made up is
 * ever published.
 */
final class UnpublishedMetrics extends EnvironmentProvider {

    private static final Logger LOG = LoggerFactory.getLogger(UnpublishedMetrics.class);

    private final EnvironmentProvider environments;

    private UnpublishedMetrics(EnvironmentProvider environments) {
        this.environments = environments;
    }

    /** A fresh logger whose documents are built in {@code environments}' environment and dropped. */
    static Metrics over(EnvironmentProvider environments) {
        // Powertools' own class, built as its EmfMetricsProvider builds the instance of each request.
        return new EmfMetricsLogger(new UnpublishedMetrics(environments), new MetricsContext());
    }

    @Override
    public CompletableFuture<Environment> resolveEnvironment() {
        return environments.resolveEnvironment().thenApply(Unpublished::new);
    }

    @Override
    public Environment getDefaultEnvironment() {
        return new Unpublished(environments.getDefaultEnvironment());
    }

    /** The environment that metrics are published in, with its sink replaced by one that publishes nothing. */
    private record Unpublished(Environment published) implements Environment, ISink {

        @Override
        public boolean probe() {
            return published.probe();
        }

        @Override
        public String getName() {
            return published.getName();
        }

        @Override
        public String getType() {
            return published.getType();
        }

        @Override
        public String getLogGroupName() {
            return published.getLogGroupName();
        }

        @Override
        public void configureContext(MetricsContext context) {
            published.configureContext(context);
        }

        @Override
        public ISink getSink() {
            // Built as a published flush builds it (Lambda's console sink), and never handed a document.
            published.getSink();
            return this;
        }

        @Override
        public void accept(MetricsContext context) {
            try {
                List<String> documents = context.serialize();
                LOG.info("Rehearsal built {} EMF document(s) of {} characters and published none", documents.size(),
                        documents.stream().mapToInt(String::length).sum());
            } catch (JsonProcessingException e) {
                LOG.warn("Rehearsal could not serialise its EMF document: {}", e.getOriginalMessage());
            }
        }

        @Override
        public CompletableFuture<Void> shutdown() {
            return CompletableFuture.completedFuture(null);
        }
    }
}
