package dev.domainsync.rules;

/** A valid, normalised (lower-case ASCII) domain name that a stack may claim, such as {@code xn--bcher-kva.example}. */
public record DomainName(String value) implements DomainNames.Result {
}
