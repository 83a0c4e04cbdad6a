package dev.domainsync.steps;

import com.amazonaws.services.lambda.runtime.Context;
import dev.domainsync.config.Config;
import dev.domainsync.json.InvalidInputException;
import dev.domainsync.json.JsonHandler;
import dev.domainsync.wiring.Collaborators;
import dev.domainsync.registry.DomainRegistry;
import dev.domainsync.run.RunFailure;
import java.time.Instant;
import java.util.Optional;

/** FailRun: records why the execution failed and releases its lease; the Fail state then carries the error. */
public class FailRunHandler extends JsonHandler<RunFailure, RunFailure> {

    private final DomainRegistry registry;

    public FailRunHandler() {
        this(Collaborators.domainRegistry(Config.fromEnv()));
    }

    public FailRunHandler(DomainRegistry registry) {
        super(RunFailure.class);
        this.registry = registry;
    }

    @Override
    protected RunFailure handle(RunFailure failure, Context context) {
        InvalidInputException.require(failure.executionId(), "executionId");
        InvalidInputException.require(failure.error(), "error");
        return registry.failRun(failure);
    }

    /** Fails a run started in the rehearsal; rolled back. */
    @Override
    protected Optional<RunFailure> rehearsalRequest() {
        return Optional.of(new RunFailure(Rehearsals.startedRun(registry, false), Rehearsals.EXECUTION_ID,
                Instant.now(), "States.TaskFailed", "priming rehearsal"));
    }
}
