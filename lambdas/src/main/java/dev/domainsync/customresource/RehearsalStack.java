package dev.domainsync.customresource;

import dev.domainsync.cloudformation.StackCatalog;
import dev.domainsync.cloudformation.StackDescription;
import dev.domainsync.cloudformation.StackPage;
import dev.domainsync.cloudformation.StackResourceDescription;
import dev.domainsync.cloudformation.StackResourceCatalog;
import dev.domainsync.rules.SyncSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CloudFormation as the custom resource's rehearsal sees it (see {@link DomainRegistrationHandler}): it is creating
 * one made-up stack, whose DomainRegistration waits in CREATE_IN_PROGRESS and whose parameters are the rehearsal's
 * domain and group, so that the rehearsal's Create is confirmed and registers, in the rehearsal's rolled-back
 * transaction. It knows no other stack and lists nothing; only a rehearsal's registrar is ever built over it.
 */
final class RehearsalStack implements StackCatalog, StackResourceCatalog {

    static final String STACK_ID = "arn:aws:cloudformation:us-east-1:000000000000:stack/domain-sync-priming/"
            + "00000000-0000-0000-0000-000000000000";
    static final String LOGICAL_ID = "DomainRegistration";
    static final String DOMAIN = "priming.example.com";
    static final String GROUP = "priming";
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private final SyncSettings settings;

    RehearsalStack(SyncSettings settings) {
        this.settings = settings;
    }

    @Override
    public StackPage listStacks(String nextToken) {
        return new StackPage(List.of(), null);
    }

    @Override
    public Optional<StackDescription> describeStack(String stackId) {
        return Optional.of(new StackDescription(STACK_ID, "domain-sync-priming", "CREATE_IN_PROGRESS", CREATED, null,
                Map.of(settings.domainParameter(), DOMAIN, settings.groupParameter(), GROUP)))
                .filter(stack -> stack.stackId().equals(stackId));
    }

    @Override
    public Optional<StackResourceDescription> describeStackResource(String stackId, String logicalResourceId) {
        return Optional.of(new StackResourceDescription(STACK_ID, LOGICAL_ID, null, RequestVerifier.RESOURCE_TYPE,
                "CREATE_IN_PROGRESS"))
                .filter(resource -> resource.stackId().equals(stackId)
                        && resource.logicalResourceId().equals(logicalResourceId));
    }
}
