package dev.domainsync.steps;

import com.amazonaws.services.lambda.runtime.Context;
import dev.domainsync.config.Config;
import dev.domainsync.json.JsonHandler;
import dev.domainsync.wiring.Collaborators;
import dev.domainsync.registry.AppliedStack;
import dev.domainsync.registry.StackEventRegistry;
import dev.domainsync.rules.StackReading;
import java.time.Instant;
import java.util.Optional;
import dev.domainsync.telemetry.StepMetrics;
import dev.domainsync.telemetry.Telemetry;

/**
 * ApplyStack: replaces (or, for a gone stack, removes) the stack's claims and recomputes the winners of the domains
 * it touches, with the change log, in one transaction serialised with a run's apply; an older reading changes nothing.
 * Each event is counted by its outcome, with the mapping changes it made.
 */
public class ApplyStackHandler extends JsonHandler<ApplyStackRequest, AppliedStack> {

    /** The metrics of one event, split by {@link AppliedStack.Outcome}. */
    static final String OUTCOME = "Outcome";
    static final String STACK_EVENTS = "StackEvents";
    static final String MAPPING_CHANGES = "MappingChanges";

    private final StackEventRegistry registry;

    public ApplyStackHandler() {
        this(Collaborators.stackEventRegistry(Config.fromEnv()));
    }

    public ApplyStackHandler(StackEventRegistry registry) {
        this(registry, Telemetry.ofProcess());
    }

    /** With the telemetry given, not this process's: a test reads the EMF document that Lambda would get. */
    public ApplyStackHandler(StackEventRegistry registry, Telemetry telemetry) {
        super(ApplyStackRequest.class, telemetry);
        this.registry = registry;
    }

    @Override
    protected AppliedStack handle(ApplyStackRequest request, Context context) {
        return registry.applyStack(request.reading(), request.executionId());
    }

    /** Replaces a stack's claims and recomputes their domains' winners, against the rehearsal's empty tables. */
    @Override
    protected Optional<ApplyStackRequest> rehearsalRequest() {
        return Optional.of(new ApplyStackRequest(Rehearsals.EXECUTION_ID,
                StackReading.claims(Rehearsals.extract(), "UPDATE_COMPLETE", Instant.now())));
    }

    @Override
    protected void measure(ApplyStackRequest request, AppliedStack applied, StepMetrics metrics) {
        metrics.dimension(OUTCOME, applied.outcome().name());
        metrics.count(STACK_EVENTS, 1);
        metrics.count(MAPPING_CHANGES, applied.repeated() ? 0 : applied.changes().size());
    }
}
