package dev.domainsync.steps;

import dev.domainsync.rules.StackSummary;
import dev.domainsync.json.InvalidInputException;
import java.time.Instant;
import java.util.List;

/** FilterRecent's input: the run's {@code since} and one page of stack summaries. */
public record FilterRecentRequest(Instant since, List<StackSummary> stacks) {

    public FilterRecentRequest {
        InvalidInputException.require(since, "since");
        stacks = List.copyOf(InvalidInputException.require(stacks, "stacks"));
    }
}
