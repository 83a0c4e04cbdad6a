package dev.domainsync.registry;

/** One row of {@code domain_mappings}: a domain, its group, and the stack whose claim won it. */
public record DomainMapping(String domainName, String groupId, String stackId, String stackName) {
}
