package dev.domainsync.telemetry;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.MDC;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Where a step's log fields and counts go, decided once from the environment. On Lambda: Powertools' fields (request
 * id, cold start, function) plus the execution, run and state in every JSON log line, and each invocation's counts as
 * one EMF document. Anywhere else (the CLI, the local executor, the tests): the same MDC fields, which plain log lines
 * leave out, and counts dropped, so the CLI prints what it always printed and nothing probes for an EMF agent. A
 * rehearsal before the snapshot (see {@link #rehearse}) builds its EMF document through the same path and publishes
 * nothing.
 */
public final class Telemetry {

    /** The CloudWatch namespace of every domain-sync metric; sam/template.yaml's alarms name it. */
    public static final String NAMESPACE = "DomainSync";
    /** A retried state's invocation, counted by state. */
    public static final String RETRIES = "Retries";
    /** The dimension that splits {@link #RETRIES} by state. */
    public static final String STATE_DIMENSION = "State";

    /** Lambda's runtime sets it in every function: the runtime's fact, not a setting, so read here and not in Config. */
    static final String LAMBDA_VARIABLE = "AWS_LAMBDA_FUNCTION_NAME";

    /** The log fields, in Powertools' snake_case. */
    static final String EXECUTION_ID = "execution_id";
    static final String RUN_ID = "run_id";
    static final String STATE = "state";
    static final String RETRY_COUNT = "retry_count";

    private static final Telemetry PROCESS = forEnvironment(System.getenv());

    /** The state a rehearsal's retry metric names; its document is never published. */
    static final String REHEARSAL_STATE = "Rehearsal";

    private final boolean onLambda;
    private final Supplier<Metrics> metrics;
    private final Supplier<EnvironmentProvider> environments;

    private Telemetry(boolean onLambda, Supplier<Metrics> metrics, Supplier<EnvironmentProvider> environments) {
        this.onLambda = onLambda;
        this.metrics = metrics;
        this.environments = environments;
    }

    /** This process's telemetry: Lambda's when Lambda runs it. */
    public static Telemetry ofProcess() {
        return PROCESS;
    }

    /** Lambda's telemetry where {@code env} is a Lambda function's environment, else the local one. */
    public static Telemetry forEnvironment(Map<String, String> env) {
        // Powertools' instance publishes through a new EnvironmentProvider per request, as a rehearsal's does.
        return env.containsKey(LAMBDA_VARIABLE) ? onLambda(MetricsFactory::getMetricsInstance, EnvironmentProvider::new)
                : local();
    }

    /**
     * Powertools' log fields, and counts flushed as EMF to {@code metrics} (on Lambda, Powertools' own instance); a
     * rehearsal's counts go through the same EMF path in the environment that {@code environments} resolves (the one
     * {@code metrics} publishes in), and are dropped.
     */
    public static Telemetry onLambda(Supplier<Metrics> metrics, Supplier<EnvironmentProvider> environments) {
        return new Telemetry(true, Objects.requireNonNull(metrics, "metrics"),
                Objects.requireNonNull(environments, "environments"));
    }

    /** Plain logs and no metrics output. */
    public static Telemetry local() {
        return new Telemetry(false, null, null);
    }

    public boolean isOnLambda() {
        return onLambda;
    }

    /** Starts one invocation: its log fields are set until {@link Invocation#close()}, which flushes its counts. */
    public Invocation open(Context context, StepContext step) {
        return start(context, step, true);
    }

    /**
     * Starts a rehearsal's invocation before the snapshot: like {@link #open}, except that on Lambda its close
     * builds and serialises the EMF document of its counts, and a retry metric as if it were retried, through
     * Powertools' path in Lambda's environment, and publishes neither. Whatever the first real flush would load,
     * resolve or build, the snapshot then holds; no made-up number reaches CloudWatch.
     */
    public Invocation rehearse(Context context, StepContext step) {
        return start(context, step, false);
    }

    private Invocation start(Context context, StepContext step, boolean published) {
        if (onLambda && context != null) {
            PowertoolsLogging.initializeLogging(context);
        }
        put(EXECUTION_ID, step.executionId());
        put(RUN_ID, step.runId());
        put(STATE, step.state());
        put(RETRY_COUNT, step.retryCount());
        return new Invocation(step, published);
    }

    private static void put(String key, Object value) {
        if (value != null) {
            MDC.put(key, value.toString());
        }
    }

    /** One invocation's counts, flushed (on Lambda) when it closes; closing also clears its log fields. */
    public final class Invocation implements StepMetrics, AutoCloseable {

        private final StepContext step;
        private final boolean published;
        private final Map<String, Double> counts = new LinkedHashMap<>();
        private final Map<String, String> dimensions = new LinkedHashMap<>();

        private Invocation(StepContext step, boolean published) {
            this.step = step;
            this.published = published;
        }

        @Override
        public void count(String name, double value) {
            counts.merge(name, value, Double::sum);
        }

        @Override
        public void dimension(String name, String value) {
            dimensions.put(name, value);
        }

        /** The counts so far, for the log line that sums up a step. */
        public Map<String, Double> counts() {
            return Map.copyOf(counts);
        }

        @Override
        public void close() {
            try {
                if (onLambda && published) {
                    flush(metrics, step);
                } else if (onLambda) {
                    // The instance a real flush takes, given the namespace a real flush gives it; nothing added, so
                    // nothing it could publish.
                    metrics.get().setNamespace(NAMESPACE);
                    EnvironmentProvider environment = environments.get();
                    flush(() -> UnpublishedMetrics.over(environment),
                            new StepContext(step.executionId(), step.runId(), REHEARSAL_STATE, 1));
                }
            } finally {
                MDC.clear();
            }
        }

        /** Flushes the counts to {@code target}, and one retry of the state when {@code flushed} is a retry. */
        private void flush(Supplier<Metrics> target, StepContext flushed) {
            if (flushed.isRetry() && flushed.state() != null) {
                target.get().flushSingleMetric(RETRIES, 1, MetricUnit.COUNT, NAMESPACE,
                        DimensionSet.of(STATE_DIMENSION, flushed.state()));
            }
            if (counts.isEmpty()) {
                return;
            }
            Metrics emf = target.get();
            emf.setNamespace(NAMESPACE);
            if (!dimensions.isEmpty()) {
                emf.addDimension(DimensionSet.of(dimensions));
            }
            counts.forEach((name, value) -> emf.addMetric(name, value, MetricUnit.COUNT));
            emf.flush();
        }
    }
}
