package dev.domainsync.steps;

import com.amazonaws.services.lambda.runtime.Context;
import dev.domainsync.config.Config;
import dev.domainsync.json.JsonHandler;
import dev.domainsync.wiring.Collaborators;
import dev.domainsync.registry.DomainRegistry;
import dev.domainsync.run.StagedCounts;
import dev.domainsync.run.StagedPage;
import java.util.Optional;

/** WriteRows: stages one page's claims and seen stack ids for the run; nothing readers see changes yet. */
public class WriteRowsHandler extends JsonHandler<StagedPage, StagedCounts> {

    private final DomainRegistry registry;

    public WriteRowsHandler() {
        this(Collaborators.domainRegistry(Config.fromEnv()));
    }

    public WriteRowsHandler(DomainRegistry registry) {
        super(StagedPage.class);
        this.registry = registry;
    }

    @Override
    protected StagedCounts handle(StagedPage page, Context context) {
        return registry.stagePage(page);
    }

    /** Stages a page into a run started in the rehearsal; both are rolled back. */
    @Override
    protected Optional<StagedPage> rehearsalRequest() {
        return Optional.of(Rehearsals.page(Rehearsals.startedRun(registry, false)));
    }
}
