package dev.domainsync.rules;

import dev.domainsync.json.Primeable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Turns a candidate stack's parameters into its claims, or into a skip with its reason (DESIGN.md "Claims"). */
public final class ClaimExtractor implements Primeable {

    static final int MAX_GROUP_LENGTH = 255;

    /**
     * What a stack's report keeps of its invalid items: a parameter value can hold 4 KB of junk, and every
     * page's reports travel in one Step Functions payload of at most 256 KiB.
     */
    static final int MAX_INVALID_REPORTED = 20;
    static final int MAX_INVALID_VALUE_LENGTH = 100;

    private final SyncSettings settings;

    public ClaimExtractor(SyncSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Extracts the claims of a made-up stack before SnapStart's snapshot, with a valid, an internationalised and
     * an invalid item: a rehearsal reads no real stack, so it would not reach the domain rules otherwise.
     */
    @Override
    public void prime() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        extract(new CandidateStack("domain-sync-priming", "domain-sync-priming", created, null),
                Map.of(settings.domainParameter(), "Priming.Example.com., bücher.example.com, bad_name.example.com",
                        settings.groupParameter(), " priming "));
    }

    /** Checks the domain parameter first, then the group; invalid domains are reported even on a skip. */
    public StackExtract extract(CandidateStack stack, Map<String, String> parameters) {
        String domainList = parameters.get(settings.domainParameter());
        if (domainList == null) {
            return StackExtract.skipped(stack, SkipReason.MISSING_DOMAIN_PARAMETER, List.of());
        }
        List<String> items = items(domainList);
        if (items.isEmpty()) {
            return StackExtract.skipped(stack, SkipReason.BLANK_DOMAIN_PARAMETER, List.of());
        }
        Set<String> domains = new LinkedHashSet<>();
        Map<String, InvalidDomain> invalidDomains = new LinkedHashMap<>();
        for (String item : items) {
            DomainNames.Result result = DomainNames.normalise(item);
            if (result instanceof DomainName domain) {
                domains.add(domain.value());
            } else if (result instanceof InvalidDomain invalid && invalidDomains.size() < MAX_INVALID_REPORTED) {
                invalidDomains.putIfAbsent(invalid.value(), abbreviated(invalid));
            }
        }
        List<InvalidDomain> invalid = List.copyOf(invalidDomains.values());

        String group = parameters.get(settings.groupParameter());
        if (group == null) {
            return StackExtract.skipped(stack, SkipReason.MISSING_GROUP_PARAMETER, invalid);
        }
        String groupId = group.trim();
        if (groupId.isEmpty()) {
            return StackExtract.skipped(stack, SkipReason.BLANK_GROUP_PARAMETER, invalid);
        }
        if (groupId.codePointCount(0, groupId.length()) > MAX_GROUP_LENGTH) {
            return StackExtract.skipped(stack, SkipReason.GROUP_TOO_LONG, invalid);
        }
        if (hasInvalidCharacters(groupId)) {
            return StackExtract.skipped(stack, SkipReason.GROUP_HAS_INVALID_CHARACTERS, invalid);
        }
        // Every item may have been invalid: that is not a skip, the stack then claims nothing.
        return StackExtract.claims(stack, groupId, List.copyOf(domains), invalid);
    }

    /** The stack was listed as live but DescribeStacks no longer knows it. */
    public StackExtract notFound(CandidateStack stack) {
        return StackExtract.skipped(stack, SkipReason.STACK_NOT_FOUND, List.of());
    }

    /** A control character (Unicode category Cc) or a surrogate without its other half. */
    static boolean hasInvalidCharacters(String groupId) {
        for (int i = 0; i < groupId.length(); i++) {
            char c = groupId.charAt(i);
            if (Character.isISOControl(c)) {
                return true;
            }
            if (Character.isHighSurrogate(c) && i + 1 < groupId.length()
                    && Character.isLowSurrogate(groupId.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static InvalidDomain abbreviated(InvalidDomain invalid) {
        String value = invalid.value();
        if (value.length() <= MAX_INVALID_VALUE_LENGTH) {
            return invalid;
        }
        return new InvalidDomain(value.substring(0, MAX_INVALID_VALUE_LENGTH - 3) + "...", invalid.reason());
    }

    /** The comma-separated items of {@code domainList}, trimmed, without the empty ones. */
    public static List<String> items(String domainList) {
        List<String> items = new ArrayList<>();
        for (String item : domainList.split(",", -1)) {
            String trimmed = item.trim();
            if (!trimmed.isEmpty()) {
                items.add(trimmed);
            }
        }
        return items;
    }
}
