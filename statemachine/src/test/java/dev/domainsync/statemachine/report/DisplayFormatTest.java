package dev.domainsync.statemachine.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the terminal and the report show of hostile text: no character that reorders, hides or rewrites it. */
class DisplayFormatTest {

    @Test
    void bidiOverridesAndIsolates_becomeVisibleEscapes() {
        assertThat(DisplayFormat.visible("g-\u202Efdp.exe\u202C and \u2066x\u2069 \u200F\u061C"))
                .isEqualTo("g-<U+202E>fdp.exe<U+202C> and <U+2066>x<U+2069> <U+200F><U+061C>");
    }

    @Test
    void controlCharacters_lineBreaksAndTerminalEscapes_becomeVisibleEscapes() {
        assertThat(DisplayFormat.visible("a\rb\nc\td\u001b[2Je\u0000f\u007fg\u0085h\u2028i\u2029j"))
                .isEqualTo("a<U+000D>b<U+000A>c<U+0009>d<U+001B>[2Je<U+0000>f<U+007F>g<U+0085>h<U+2028>i<U+2029>j");
    }

    @Test
    void zeroWidthCharactersTagsAndUnpairedSurrogates_becomeVisibleEscapes() {
        assertThat(DisplayFormat.visible("a\u200Bb\uFEFFc\uDB40\uDC41d\uD800e\uDC00"))
                .isEqualTo("a<U+200B>b<U+FEFF>c<U+E0041>d<U+D800>e<U+DC00>");
    }

    @Test
    void ordinaryText_unicodeLettersAndEmoji_isUnchanged() {
        String text = "Grüße, 日本, 😀 shop.example.com <b>&'\"";

        assertThat(DisplayFormat.visible(text)).isSameAs(text);
    }

    @Test
    void visibleLines_keepsLineFeedsAndTabs_butNotCarriageReturnsOrBidi() {
        assertThat(DisplayFormat.visibleLines("{\n\t\"a\": \"\u202Eb\r\"\n}"))
                .isEqualTo("{\n\t\"a\": \"<U+202E>b<U+000D>\"\n}");
    }

    @Test
    void htmlEscape_neutralisesThenEscapes_soTheEscapeShowsLiterally() {
        assertThat(Html.escape("x\u202Ey<")).isEqualTo("x&lt;U+202E&gt;y&lt;");
    }
}
