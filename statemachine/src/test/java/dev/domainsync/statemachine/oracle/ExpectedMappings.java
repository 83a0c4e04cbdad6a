package dev.domainsync.statemachine.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.registry.TestDatabase.Mapping;
import java.net.IDN;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An independent oracle of the {@code domain_mappings} table: the table a BACKFILL over a stack snapshot gives,
 * computed straight from DESIGN.md's "Sync rules" without any of the main code's rule classes, so that workflow
 * tests cross-check the real pipeline against it.
 *
 * <p>It also predicts an incremental run, which the contract says ends with the backfill's table, as long as the
 * listing has no history-dependent stacks: a stack that is skipped now (or live but no longer matching, or in a
 * status that is neither live nor gone) keeps whatever it claimed before, which a backfill cannot know. Use it for
 * backfills, and for incremental runs whose listing has no such stack that held claims earlier.
 */
public final class ExpectedMappings {

    public static final Pattern DEFAULT_DESCRIPTION_PATTERN = Pattern.compile("(?i)cloudfront");
    public static final String DEFAULT_DOMAIN_PARAMETER = "CustomDomainName";
    public static final String DEFAULT_GROUP_PARAMETER = "GroupId";

    private static final Set<String> LIVE_STATUSES = Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE",
            "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Comparator<Claim> WINNER_FIRST =
            Comparator.comparing(Claim::creationTime).thenComparing(Claim::stackId);

    /** One row of the table: a domain and its winning claim. */
    public record Row(String domainName, String groupId, String stackId, String stackName) {
    }

    /** One claim of a live, matching, not skipped stack on one of its valid domains. */
    public record Claim(String domainName, String groupId, String stackId, String stackName, Instant creationTime) {
    }

    private ExpectedMappings() {
    }

    /** {@link #backfill(JsonNode)} as the {@code domain_mappings} rows a test reads back, in domain order. */
    public static List<Mapping> backfillTable(JsonNode snapshot) {
        return backfill(snapshot).values().stream()
                .map(row -> new Mapping(row.domainName(), row.groupId(), row.stackId(), row.stackName()))
                .toList();
    }

    /** The table a backfill with DESIGN.md's default settings gives, keyed and sorted by domain. */
    public static Map<String, Row> backfill(JsonNode snapshot) {
        return backfill(snapshot, DEFAULT_DESCRIPTION_PATTERN, DEFAULT_DOMAIN_PARAMETER, DEFAULT_GROUP_PARAMETER);
    }

    public static Map<String, Row> backfill(JsonNode snapshot, Pattern descriptionPattern, String domainParameter,
            String groupParameter) {
        Map<String, Claim> winners = new TreeMap<>();
        for (Claim claim : claims(snapshot, descriptionPattern, domainParameter, groupParameter)) {
            winners.merge(claim.domainName(), claim, (a, b) -> WINNER_FIRST.compare(a, b) <= 0 ? a : b);
        }
        Map<String, Row> table = new TreeMap<>();
        winners.forEach((domain, c) -> table.put(domain, new Row(domain, c.groupId(), c.stackId(), c.stackName())));
        return Collections.unmodifiableMap(table);
    }

    /** Every claim, winners and losers, in listing order; a stack's duplicate domains claim once. */
    public static List<Claim> claims(JsonNode snapshot) {
        return claims(snapshot, DEFAULT_DESCRIPTION_PATTERN, DEFAULT_DOMAIN_PARAMETER, DEFAULT_GROUP_PARAMETER);
    }

    public static List<Claim> claims(JsonNode snapshot, Pattern descriptionPattern, String domainParameter,
            String groupParameter) {
        List<Claim> claims = new ArrayList<>();
        for (JsonNode stack : snapshot.path("Stacks")) {
            if (!LIVE_STATUSES.contains(stack.path("StackStatus").asText())
                    || !descriptionPattern.matcher(stack.path("Description").asText("")).find()) {
                continue;
            }
            Optional<String> domainList = parameter(stack, domainParameter);
            Optional<String> group = parameter(stack, groupParameter).map(String::trim);
            if (domainList.isEmpty() || group.isEmpty() || group.get().isEmpty() || group.get().length() > 255) {
                continue;
            }
            List<String> items = nonEmptyItems(domainList.get());
            if (items.isEmpty()) {
                continue; // blank, or nothing but empty items: skipped like a missing parameter
            }
            Set<String> domains = new LinkedHashSet<>();
            for (String item : items) {
                validDomain(item).ifPresent(domains::add);
            }
            Instant created = time(stack.path("CreationTime").asText());
            for (String domain : domains) {
                claims.add(new Claim(domain, group.get(), stack.path("StackId").asText(),
                        stack.path("StackName").asText(), created));
            }
        }
        return claims;
    }

    /** The item as the table would hold it, or empty when the rules reject it. */
    public static Optional<String> validDomain(String item) {
        String name = item.trim().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        try {
            name = IDN.toASCII(name);
        } catch (IllegalArgumentException rejectedByIdna) {
            return Optional.empty();
        }
        if (name.length() > 253) {
            return Optional.empty();
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2 || DIGITS.matcher(labels[labels.length - 1]).matches()) {
            return Optional.empty();
        }
        for (int i = 0; i < labels.length; i++) {
            boolean leadingWildcard = i == 0 && labels[i].equals("*");
            if (!leadingWildcard && !LABEL.matcher(labels[i]).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(name);
    }

    private static List<String> nonEmptyItems(String list) {
        List<String> items = new ArrayList<>();
        for (String item : list.split(",", -1)) {
            if (!item.trim().isEmpty()) {
                items.add(item);
            }
        }
        return items;
    }

    private static Optional<String> parameter(JsonNode stack, String key) {
        for (JsonNode parameter : stack.path("Parameters")) {
            if (parameter.path("ParameterKey").asText().equals(key)) {
                return Optional.of(parameter.path("ParameterValue").asText(""));
            }
        }
        return Optional.empty();
    }

    private static Instant time(String text) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
    }
}
