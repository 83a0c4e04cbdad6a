package dev.domainsync.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The one text per skip reason that the report and the custom resource show. */
class SkipReasonTest {

    @ParameterizedTest
    @EnumSource(SkipReason.class)
    void everyReason_hasADescriptionNamingItsSubject(SkipReason reason) {
        assertThat(reason.description()).startsWith("the ").endsWith(reason.problem()).hasSizeGreaterThan(20);
    }

    @Test
    void stackNotLive_isDescribedNotBlank() {
        assertThat(SkipReason.STACK_NOT_LIVE.description())
                .isEqualTo("the stack is no longer live (its status changed after the listing)");
    }

    @Test
    void groupTooLong_namesTheParameterAndTheLimit() {
        assertThat(SkipReason.GROUP_TOO_LONG.description())
                .isEqualTo("the group parameter is longer than 255 characters");
    }
}
