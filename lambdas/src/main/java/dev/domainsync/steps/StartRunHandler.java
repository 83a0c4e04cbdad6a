package dev.domainsync.steps;

import com.amazonaws.services.lambda.runtime.Context;
import dev.domainsync.config.Config;
import dev.domainsync.json.JsonHandler;
import dev.domainsync.wiring.Collaborators;
import dev.domainsync.registry.DomainRegistry;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.RunContext;
import java.time.Instant;
import java.util.Optional;

/** StartRun: validates the execution input, takes the run lease and decides the run's {@code since}. */
public class StartRunHandler extends JsonHandler<StartRunRequest, RunContext> {

    private final DomainRegistry registry;

    public StartRunHandler() {
        this(Collaborators.domainRegistry(Config.fromEnv()));
    }

    public StartRunHandler(DomainRegistry registry) {
        super(StartRunRequest.class);
        this.registry = registry;
    }

    @Override
    protected RunContext handle(StartRunRequest request, Context context) {
        ExecutionInput input = ExecutionInput.parse(request.input());
        return registry.startRun(request.executionId(), request.startTime(), input);
    }

    /** Starts a run in the rehearsal: the lease, the since decision and the run record, rolled back. */
    @Override
    protected Optional<StartRunRequest> rehearsalRequest() {
        return Optional.of(new StartRunRequest(Rehearsals.EXECUTION_ID, Instant.now(), null));
    }
}
