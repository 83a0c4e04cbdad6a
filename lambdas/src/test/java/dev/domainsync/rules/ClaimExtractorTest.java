package dev.domainsync.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ClaimExtractorTest {

    private static final CandidateStack STACK = new CandidateStack(
            "arn:aws:cloudformation:eu-west-1:123456789012:stack/shop-a/11111111-1111-1111-1111-111111111111",
            "shop-a", Instant.parse("2024-05-01T10:00:00Z"), Instant.parse("2024-06-02T10:00:00Z"));

    private final ClaimExtractor extractor = new ClaimExtractor(SyncSettings.defaults());

    /** Parameters from alternating keys and values; a null value leaves the key out. */
    private static Map<String, String> parameters(String... keysAndValues) {
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                parameters.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return parameters;
    }

    static Stream<Arguments> skips() {
        return Stream.of(
                Arguments.of(null, "g-1", SkipReason.MISSING_DOMAIN_PARAMETER),
                Arguments.of(null, null, SkipReason.MISSING_DOMAIN_PARAMETER),
                Arguments.of("", "g-1", SkipReason.BLANK_DOMAIN_PARAMETER),
                Arguments.of("   ", "g-1", SkipReason.BLANK_DOMAIN_PARAMETER),
                Arguments.of(" , ,, ", "g-1", SkipReason.BLANK_DOMAIN_PARAMETER),
                Arguments.of("", null, SkipReason.BLANK_DOMAIN_PARAMETER),
                Arguments.of("a.com", null, SkipReason.MISSING_GROUP_PARAMETER),
                Arguments.of("a.com", "", SkipReason.BLANK_GROUP_PARAMETER),
                Arguments.of("a.com", "  \t ", SkipReason.BLANK_GROUP_PARAMETER),
                Arguments.of("a.com", "g".repeat(256), SkipReason.GROUP_TOO_LONG),
                Arguments.of("a.com", " " + "g".repeat(256) + " ", SkipReason.GROUP_TOO_LONG),
                Arguments.of("a.com", "team\u0000a", SkipReason.GROUP_HAS_INVALID_CHARACTERS),
                Arguments.of("a.com", "team\na", SkipReason.GROUP_HAS_INVALID_CHARACTERS),
                Arguments.of("a.com", "team\ta", SkipReason.GROUP_HAS_INVALID_CHARACTERS),
                Arguments.of("a.com", "team\u0085a", SkipReason.GROUP_HAS_INVALID_CHARACTERS),
                Arguments.of("a.com", "team\u007f", SkipReason.GROUP_HAS_INVALID_CHARACTERS),
                Arguments.of("a.com", "team-\ud83d", SkipReason.GROUP_HAS_INVALID_CHARACTERS),
                Arguments.of("a.com", "\ude00-team", SkipReason.GROUP_HAS_INVALID_CHARACTERS),
                Arguments.of("a.com", "team-\ude00\ud83d-a", SkipReason.GROUP_HAS_INVALID_CHARACTERS));
    }

    @ParameterizedTest(name = "domain=[{0}] group=[{1}] -> {2}")
    @MethodSource("skips")
    void missingOrBlankParameter_skipsTheStackWithItsReason(String domain, String group, SkipReason reason) {
        StackExtract extract = extractor.extract(STACK, parameters("CustomDomainName", domain, "GroupId", group));

        assertThat(extract.isSkipped()).isTrue();
        assertThat(extract.skipReason()).isEqualTo(reason);
        assertThat(extract.domains()).isEmpty();
        assertThat(extract.groupId()).isNull();
        assertThat(extract.stackId()).isEqualTo(STACK.stackId());
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            team-\ud83d\ude00
            Équipe 7
            'g 1'
            """)
    void groupWithSurrogatePairsAndPrintableCharacters_isKept(String group) {
        StackExtract extract = extractor.extract(STACK, parameters("CustomDomainName", "a.com", "GroupId", group));

        assertThat(extract.isSkipped()).isFalse();
        assertThat(extract.groupId()).isEqualTo(group);
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            a.com                                  | a.com
            ' a.com, ,B.com,'                      | a.com,b.com
            'A.com,a.com,A.COM.'                   | a.com
            'b.com, a.com, b.com'                  | b.com,a.com
            'bücher.example,xn--bcher-kva.example' | xn--bcher-kva.example
            'a.com,foo_bar.com,*.b.com'            | a.com,*.b.com
            """)
    void domainList_becomesTheDistinctValidClaimsInFirstSeenOrder(String domainList, String expected) {
        StackExtract extract = extractor.extract(STACK, parameters("CustomDomainName", domainList, "GroupId", "g-1"));

        assertThat(extract.isSkipped()).isFalse();
        assertThat(extract.domains()).containsExactly(expected.split(","));
        assertThat(extract.groupId()).isEqualTo("g-1");
    }

    @Test
    void invalidItems_areReportedOnceAndDropped() {
        StackExtract extract = extractor.extract(STACK,
                parameters("CustomDomainName", "a.com, foo_bar.com, example.123, foo_bar.com", "GroupId", "g-1"));

        assertThat(extract.domains()).containsExactly("a.com");
        assertThat(extract.invalidDomains()).containsExactly(
                new InvalidDomain("foo_bar.com", "invalid character '_'"),
                new InvalidDomain("example.123", "numeric top-level label"));
    }

    @Test
    void manyOrLongInvalidItems_areReportedWithinBounds_whileTheValidOnesAreAllClaimed() {
        String junk = java.util.stream.IntStream.range(0, 50).mapToObj(i -> "bad_" + i + ".example")
                .collect(java.util.stream.Collectors.joining(","));
        String longItem = "x_" + "y".repeat(300) + ".example";

        StackExtract extract = extractor.extract(STACK, parameters("CustomDomainName",
                longItem + "," + junk + ",a.example.com", "GroupId", "g-1"));

        assertThat(extract.domains()).containsExactly("a.example.com");
        assertThat(extract.invalidDomains()).hasSize(ClaimExtractor.MAX_INVALID_REPORTED);
        assertThat(extract.invalidDomains().get(0).value())
                .hasSize(ClaimExtractor.MAX_INVALID_VALUE_LENGTH).endsWith("...");
    }

    @Test
    void everyItemInvalid_claimsNothingWithoutSkipping() {
        StackExtract extract = extractor.extract(STACK, parameters("CustomDomainName", "example, http://a.com", "GroupId", "g-1"));

        assertThat(extract.isSkipped()).isFalse();
        assertThat(extract.domains()).isEmpty();
        assertThat(extract.groupId()).isEqualTo("g-1");
        assertThat(extract.invalidDomains()).extracting(InvalidDomain::value).containsExactly("example", "http://a.com");
    }

    @Test
    void skipOnGroup_stillReportsTheInvalidDomains() {
        StackExtract extract = extractor.extract(STACK, parameters("CustomDomainName", "a.com,bad_name.com"));

        assertThat(extract.skipReason()).isEqualTo(SkipReason.MISSING_GROUP_PARAMETER);
        assertThat(extract.invalidDomains()).containsExactly(new InvalidDomain("bad_name.com", "invalid character '_'"));
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
            g-1             | g-1
            '  g-1  '       | g-1
            'Group With Spaces' | Group With Spaces
            """)
    void groupId_isTrimmed(String group, String expected) {
        StackExtract extract = extractor.extract(STACK, parameters("CustomDomainName", "a.com", "GroupId", group));

        assertThat(extract.groupId()).isEqualTo(expected);
    }

    @Test
    void groupOf255Characters_isAccepted() {
        String group = "g".repeat(255);

        StackExtract extract = extractor.extract(STACK, parameters("CustomDomainName", "a.com", "GroupId", " " + group + " "));

        assertThat(extract.isSkipped()).isFalse();
        assertThat(extract.groupId()).isEqualTo(group);
    }

    @Test
    void claims_carryTheStackIdentity() {
        StackExtract extract = extractor.extract(STACK, parameters("CustomDomainName", "a.com", "GroupId", "g-1"));

        assertThat(extract.stackId()).isEqualTo(STACK.stackId());
        assertThat(extract.stackName()).isEqualTo("shop-a");
        assertThat(extract.creationTime()).isEqualTo(STACK.creationTime());
    }

    @ParameterizedTest(name = "keys {0}, {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            CustomDomainName | GroupId | MISSING_DOMAIN_PARAMETER
            Domains          | GroupId | MISSING_GROUP_PARAMETER
            """)
    void customParameterKeys_defaultKeysAreNotRead(String domainKey, String groupKey, SkipReason reason) {
        StackExtract extract = customExtractor().extract(STACK, parameters(domainKey, "a.com", groupKey, "t-9"));

        assertThat(extract.skipReason()).isEqualTo(reason);
    }

    @Test
    void customParameterKeys_areRead() {
        StackExtract extract = customExtractor().extract(STACK, parameters("Domains", "a.com", "Tenant", "t-9"));

        assertThat(extract.isSkipped()).isFalse();
        assertThat(extract.domains()).containsExactly("a.com");
        assertThat(extract.groupId()).isEqualTo("t-9");
    }

    private static ClaimExtractor customExtractor() {
        return new ClaimExtractor(new SyncSettings(Pattern.compile("(?i)cloudfront"), "Domains", "Tenant", Duration.ofHours(6), 25));
    }

    @Test
    void notFound_skipsAsStackNotFound() {
        StackExtract extract = extractor.notFound(STACK);

        assertThat(extract.skipReason()).isEqualTo(SkipReason.STACK_NOT_FOUND);
        assertThat(extract.stackId()).isEqualTo(STACK.stackId());
        assertThat(extract.domains()).isEmpty();
    }
}
