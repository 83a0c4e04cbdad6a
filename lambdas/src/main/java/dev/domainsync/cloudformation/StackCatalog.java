package dev.domainsync.cloudformation;

import java.util.Optional;

/** Read access to the account's CloudFormation stacks. */
public interface StackCatalog {

    /**
     * One page of every stack the account has or had in the last 90 days, deleted ones included.
     *
     * @param nextToken null for the first page
     */
    StackPage listStacks(String nextToken);

    /** The stack with this id or name, or empty when CloudFormation no longer knows it. */
    Optional<StackDescription> describeStack(String stackId);
}
