package dev.domainsync.steps;

import com.amazonaws.services.lambda.runtime.Context;
import dev.domainsync.config.Config;
import dev.domainsync.json.JsonHandler;
import dev.domainsync.rules.FilteredPage;
import dev.domainsync.rules.StackFilter;
import java.time.Instant;
import java.util.Optional;

/**
 * FilterRecent: keeps the live distribution stacks changed since {@code since}, and passes on which listed
 * stacks still exist and which are deleted.
 */
public class FilterRecentHandler extends JsonHandler<FilterRecentRequest, FilteredPage> {

    private final StackFilter filter;

    public FilterRecentHandler() {
        this(new StackFilter(Config.fromEnv().sync()));
    }

    public FilterRecentHandler(StackFilter filter) {
        super(FilterRecentRequest.class);
        this.filter = filter;
    }

    @Override
    protected FilteredPage handle(FilterRecentRequest request, Context context) {
        return filter.filter(request.stacks(), request.since());
    }

    /** A page with a candidate, another stack and a deleted one. */
    @Override
    protected Optional<FilterRecentRequest> rehearsalRequest() {
        return Optional.of(new FilterRecentRequest(Instant.EPOCH, Rehearsals.listing()));
    }
}
