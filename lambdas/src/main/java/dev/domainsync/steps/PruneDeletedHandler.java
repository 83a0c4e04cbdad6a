package dev.domainsync.steps;

import com.amazonaws.services.lambda.runtime.Context;
import dev.domainsync.config.Config;
import dev.domainsync.json.JsonHandler;
import dev.domainsync.wiring.Collaborators;
import dev.domainsync.registry.DomainRegistry;
import dev.domainsync.run.RunReport;
import java.util.Optional;
import dev.domainsync.telemetry.StepMetrics;
import dev.domainsync.telemetry.Telemetry;

/**
 * PruneDeleted: applies the whole run in one transaction (changed stacks' claims replaced, gone stacks'
 * claims deleted, mappings recomputed and logged) and reports what changed; the report's numbers are the run's metrics.
 */
public class PruneDeletedHandler extends JsonHandler<PruneDeletedRequest, RunReport> {

    private final DomainRegistry registry;

    public PruneDeletedHandler() {
        this(Collaborators.domainRegistry(Config.fromEnv()));
    }

    public PruneDeletedHandler(DomainRegistry registry) {
        this(registry, Telemetry.ofProcess());
    }

    /** With the telemetry given, not this process's: a test reads the EMF document that Lambda would get. */
    public PruneDeletedHandler(DomainRegistry registry, Telemetry telemetry) {
        super(PruneDeletedRequest.class, telemetry);
        this.registry = registry;
    }

    @Override
    protected RunReport handle(PruneDeletedRequest request, Context context) {
        return registry.applyRun(request.runId());
    }

    /** Applies a staged run started in the rehearsal, against the rehearsal's empty tables; rolled back. */
    @Override
    protected Optional<PruneDeletedRequest> rehearsalRequest() {
        return Optional.of(new PruneDeletedRequest(Rehearsals.startedRun(registry, true), null));
    }

    @Override
    protected void measure(PruneDeletedRequest request, RunReport report, StepMetrics metrics) {
        RunMetrics.count(report, request.distributionStacks(), metrics);
    }
}
