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

/**
 * ApplyStack: replaces (or, for a gone stack, removes) the stack's claims and recomputes the winners of the domains
 * it touches, with the change log, in one transaction serialised with a run's apply; an older reading changes nothing.
 */
public class ApplyStackHandler extends JsonHandler<ApplyStackRequest, AppliedStack> {

    private final StackEventRegistry registry;

    public ApplyStackHandler() {
        this(Collaborators.stackEventRegistry(Config.fromEnv()));
    }

    public ApplyStackHandler(StackEventRegistry registry) {
        super(ApplyStackRequest.class);
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
}
