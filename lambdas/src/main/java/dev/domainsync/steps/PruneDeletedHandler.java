package dev.domainsync.steps;

import com.amazonaws.services.lambda.runtime.Context;
import dev.domainsync.config.Config;
import dev.domainsync.json.JsonHandler;
import dev.domainsync.wiring.Collaborators;
import dev.domainsync.registry.DomainRegistry;
import dev.domainsync.run.RunReport;
import java.util.Optional;

/**
 * PruneDeleted: applies the whole run in one transaction (changed stacks' claims replaced, gone stacks'
 * claims deleted, mappings recomputed and logged) and reports what changed.
 */
public class PruneDeletedHandler extends JsonHandler<PruneDeletedRequest, RunReport> {

    private final DomainRegistry registry;

    public PruneDeletedHandler() {
        this(Collaborators.domainRegistry(Config.fromEnv()));
    }

    public PruneDeletedHandler(DomainRegistry registry) {
        super(PruneDeletedRequest.class);
        this.registry = registry;
    }

    @Override
    protected RunReport handle(PruneDeletedRequest request, Context context) {
        return registry.applyRun(request.runId());
    }

    /** Applies a staged run started in the rehearsal, against the rehearsal's empty tables; rolled back. */
    @Override
    protected Optional<PruneDeletedRequest> rehearsalRequest() {
        return Optional.of(new PruneDeletedRequest(Rehearsals.startedRun(registry, true)));
    }
}
