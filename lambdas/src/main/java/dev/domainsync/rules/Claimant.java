package dev.domainsync.rules;

import java.time.Instant;

/** Anything that claims a domain on behalf of a stack, ordered by {@link ClaimPrecedence#ORDER}. */
public interface Claimant {

    String stackId();

    Instant stackCreationTime();
}
