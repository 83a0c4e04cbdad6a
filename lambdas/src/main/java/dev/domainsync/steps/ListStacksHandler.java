package dev.domainsync.steps;

import com.amazonaws.services.lambda.runtime.Context;
import dev.domainsync.cloudformation.StackCatalog;
import dev.domainsync.cloudformation.StackPage;
import dev.domainsync.config.Config;
import dev.domainsync.json.JsonHandler;
import dev.domainsync.wiring.Collaborators;
import java.util.Optional;

/** ListStacks: one page of CloudFormation's stack summaries, deleted stacks included, and the next token. */
public class ListStacksHandler extends JsonHandler<ListStacksRequest, StackPage> {

    private final StackCatalog catalog;

    public ListStacksHandler() {
        this(Collaborators.stackCatalog(Config.fromEnv()));
    }

    public ListStacksHandler(StackCatalog catalog) {
        super(ListStacksRequest.class);
        this.catalog = catalog;
    }

    @Override
    protected StackPage handle(ListStacksRequest request, Context context) {
        return catalog.listStacks(request.nextToken());
    }

    /** The first page of the account's stacks: the one call this function may make. */
    @Override
    protected Optional<ListStacksRequest> rehearsalRequest() {
        return Optional.of(new ListStacksRequest(null));
    }
}
