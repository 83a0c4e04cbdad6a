package dev.domainsync.steps;

import dev.domainsync.cloudformation.StackCatalog;
import dev.domainsync.cloudformation.StackDescription;
import dev.domainsync.cloudformation.StackPage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An in-memory StackCatalog: pages keyed by token, descriptions keyed by stack id. */
final class FakeStackCatalog implements StackCatalog {

    final Map<String, StackPage> pages = new HashMap<>();
    final Map<String, StackDescription> descriptions = new HashMap<>();
    final List<String> described = new ArrayList<>();

    @Override
    public StackPage listStacks(String nextToken) {
        StackPage page = pages.get(nextToken == null ? "" : nextToken);
        if (page == null) {
            throw new IllegalArgumentException("no page for token " + nextToken);
        }
        return page;
    }

    @Override
    public Optional<StackDescription> describeStack(String stackId) {
        described.add(stackId);
        return Optional.ofNullable(descriptions.get(stackId));
    }
}
