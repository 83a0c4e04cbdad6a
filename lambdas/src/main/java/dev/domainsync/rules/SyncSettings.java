package dev.domainsync.rules;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/** The configurable parts of the sync rules; {@link #defaults()} are DESIGN.md's. */
public record SyncSettings(
        Pattern descriptionPattern,
        String domainParameter,
        String groupParameter,
        Duration overlap,
        int pruneGuardPercent) {

    public static final String DEFAULT_DESCRIPTION_PATTERN = "(?i)cloudfront";
    public static final String DEFAULT_DOMAIN_PARAMETER = "CustomDomainName";
    public static final String DEFAULT_GROUP_PARAMETER = "GroupId";
    public static final Duration DEFAULT_OVERLAP = Duration.ofHours(6);
    public static final int DEFAULT_PRUNE_GUARD_PERCENT = 25;

    public SyncSettings {
        Objects.requireNonNull(descriptionPattern, "descriptionPattern");
        Objects.requireNonNull(domainParameter, "domainParameter");
        Objects.requireNonNull(groupParameter, "groupParameter");
        Objects.requireNonNull(overlap, "overlap");
        if (overlap.isNegative()) {
            throw new IllegalArgumentException("overlap must not be negative: " + overlap);
        }
        if (pruneGuardPercent < 0 || pruneGuardPercent > 100) {
            throw new IllegalArgumentException("pruneGuardPercent must be 0-100: " + pruneGuardPercent);
        }
    }

    public static SyncSettings defaults() {
        return new SyncSettings(Pattern.compile(DEFAULT_DESCRIPTION_PATTERN), DEFAULT_DOMAIN_PARAMETER,
                DEFAULT_GROUP_PARAMETER, DEFAULT_OVERLAP, DEFAULT_PRUNE_GUARD_PERCENT);
    }
}
