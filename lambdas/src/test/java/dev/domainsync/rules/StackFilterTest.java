package dev.domainsync.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domainsync.rules.StackSummary;
import dev.domainsync.json.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StackFilterTest {

    private static final Instant SINCE = Instant.parse("2024-06-01T00:00:00Z");
    private static final Instant BEFORE = SINCE.minusSeconds(1);
    private static final Instant AFTER = SINCE.plusSeconds(1);
    private static final String DESCRIPTION = "CloudFront distribution for a custom domain";

    private final StackFilter filter = new StackFilter(SyncSettings.defaults());

    private static StackSummary stack(String id, String status, String description, Instant created, Instant updated) {
        return new StackSummary("arn:aws:cloudformation:eu-west-1:123456789012:stack/" + id + "/0", id, status,
                description, created, updated, null, null, null);
    }

    @ParameterizedTest(name = "created {0}, updated {1} -> {2}")
    @CsvSource(textBlock = """
            2024-06-01T00:00:00Z, ,                     true
            2024-06-01T00:00:01Z, ,                     true
            2024-05-31T23:59:59Z, ,                     false
            2024-05-01T00:00:00Z, 2024-06-01T00:00:00Z, true
            2024-05-01T00:00:00Z, 2024-06-03T00:00:00Z, true
            2024-05-01T00:00:00Z, 2024-05-31T23:59:59Z, false
            2024-06-02T00:00:00Z, 2024-05-31T00:00:00Z, true
            """)
    void changedSince_isMaxOfCreationAndLastUpdateAtOrAfterSince(Instant created, Instant updated, boolean candidate) {
        assertThat(filter.isCandidate(stack("s", "UPDATE_COMPLETE", DESCRIPTION, created, updated), SINCE))
                .isEqualTo(candidate);
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            CloudFront distribution                 | true
            my CLOUDFRONT dist                      | true
            Custom-cloudfront-Distribution v2       | true
            S3 bucket for logs                      | false
            Cloud Front distribution                | false
            ''                                      | false
                                                    | false
            """)
    void description_mustContainThePatternIgnoringCase(String description, boolean candidate) {
        assertThat(filter.isCandidate(stack("s", "CREATE_COMPLETE", description, AFTER, null), SINCE)).isEqualTo(candidate);
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Distribution for tenant 42              | true
            CloudFront distribution                 | false
            distribution for tenant 42              | false
            Old Distribution for tenant 42          | false
            """)
    void customDescriptionPattern_isTheOneMatched(String description, boolean candidate) {
        SyncSettings custom = new SyncSettings(Pattern.compile("^Distribution for tenant"), "CustomDomainName",
                "GroupId", Duration.ofHours(6), 25);

        assertThat(new StackFilter(custom).isCandidate(stack("s", "CREATE_COMPLETE", description, AFTER, null), SINCE))
                .isEqualTo(candidate);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE",
        "IMPORT_ROLLBACK_COMPLETE"})
    void liveStatus_isCandidate(String status) {
        assertThat(filter.isCandidate(stack("s", status, DESCRIPTION, AFTER, null), SINCE)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
        "ROLLBACK_COMPLETE", "DELETE_FAILED", "DELETE_COMPLETE", "UPDATE_ROLLBACK_FAILED", "REVIEW_IN_PROGRESS"})
    void nonLiveStatus_isNotCandidate(String status) {
        assertThat(filter.isCandidate(stack("s", status, DESCRIPTION, AFTER, null), SINCE)).isFalse();
    }

    @Test
    void page_isSortedIntoCandidatesExistingAndDeleted() {
        List<StackSummary> page = List.of(
                stack("recent", "UPDATE_COMPLETE", DESCRIPTION, BEFORE, AFTER),
                stack("old", "CREATE_COMPLETE", DESCRIPTION, BEFORE, null),
                stack("bucket", "CREATE_COMPLETE", "S3 bucket", AFTER, null),
                stack("creating", "CREATE_IN_PROGRESS", DESCRIPTION, AFTER, null),
                stack("deleted", "DELETE_COMPLETE", DESCRIPTION, AFTER, null),
                stack("failed", "ROLLBACK_COMPLETE", null, AFTER, null),
                stack("imported", "IMPORT_COMPLETE", DESCRIPTION, SINCE, null));

        FilteredPage result = filter.filter(page, SINCE);

        assertThat(result.candidates()).containsExactly(
                new CandidateStack(page.get(0).stackId(), "recent", BEFORE, AFTER),
                new CandidateStack(page.get(6).stackId(), "imported", SINCE, null));
        assertThat(result.existingStackIds()).containsExactly(
                page.get(0).stackId(), page.get(1).stackId(), page.get(2).stackId(), page.get(3).stackId(),
                page.get(5).stackId(), page.get(6).stackId());
        assertThat(result.deletedStackIds()).containsExactly(page.get(4).stackId());
    }

    @Test
    void emptyPage_isEmpty() {
        assertThat(filter.filter(List.of(), SINCE)).isEqualTo(new FilteredPage(List.of(), List.of(), List.of(), 0));
    }

    static Stream<Arguments> summariesMissingAField() {
        String id = "arn:aws:cloudformation:eu-west-1:123456789012:stack/s/0";
        return Stream.of(
                Arguments.of(new StackSummary(null, "s", "CREATE_COMPLETE", DESCRIPTION, AFTER, null, null, null, null), "stackId"),
                Arguments.of(new StackSummary(id, null, "CREATE_COMPLETE", DESCRIPTION, AFTER, null, null, null, null), "stackName"),
                Arguments.of(new StackSummary(id, "s", null, DESCRIPTION, AFTER, null, null, null, null), "stackStatus"),
                Arguments.of(new StackSummary(id, "s", "CREATE_COMPLETE", DESCRIPTION, null, null, null, null, null), "creationTime"),
                Arguments.of(new StackSummary(id, "s", "DELETE_COMPLETE", DESCRIPTION, null, null, AFTER, null, null), "creationTime"));
    }

    @ParameterizedTest(name = "without {1}")
    @MethodSource("summariesMissingAField")
    void summaryWithoutRequiredField_failsNamingTheField(StackSummary summary, String field) {
        List<StackSummary> page = List.of(stack("fine", "CREATE_COMPLETE", DESCRIPTION, AFTER, null), summary);

        assertThatThrownBy(() -> filter.filter(page, SINCE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("stacks[1]." + field);
        assertThatThrownBy(() -> filter.isCandidate(summary, SINCE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(field);
    }

    @Test
    void missingSince_failsNamingIt() {
        assertThatThrownBy(() -> filter.filter(List.of(), null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("since");
    }

    @Test
    void missingStackList_failsNamingIt() {
        assertThatThrownBy(() -> filter.filter(null, SINCE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("stacks");
    }
}
