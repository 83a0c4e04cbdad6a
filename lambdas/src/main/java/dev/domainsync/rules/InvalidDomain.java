package dev.domainsync.rules;

/** One item of a domain list that the rules rejected, as the stack gave it, and why. */
public record InvalidDomain(String value, String reason) implements DomainNames.Result {
}
