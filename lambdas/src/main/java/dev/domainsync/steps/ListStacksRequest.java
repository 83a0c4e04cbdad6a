package dev.domainsync.steps;

/** ListStacks' input: the token of the page to fetch, absent for the first page. */
public record ListStacksRequest(String nextToken) {
}
