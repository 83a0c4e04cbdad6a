package dev.domainsync.statemachine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageTokenTest {

    @Test
    void decode_ownToken_givesTheOffset() {
        String token = PageToken.encode("abc", "ListStacks[]", 100);

        assertThat(PageToken.decode(token, "abc", "ListStacks[]", 250)).hasValue(100);
        assertThat(token).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void decode_foreignOrTamperedToken_isEmpty() {
        String token = PageToken.encode("abc", "ListStacks[]", 100);

        assertThat(PageToken.decode(token, "other", "ListStacks[]", 250)).isEmpty();
        assertThat(PageToken.decode(token, "abc", "DescribeStacks", 250)).isEmpty();
        assertThat(PageToken.decode(token, "abc", "ListStacks[]", 100)).as("past the end").isEmpty();
        assertThat(PageToken.decode("!!!", "abc", "ListStacks[]", 250)).isEmpty();
        assertThat(PageToken.decode(PageToken.encode("abc", "ListStacks[]", 0), "abc", "ListStacks[]", 250))
                .as("offset 0 is never a next page").isEmpty();
    }
}
