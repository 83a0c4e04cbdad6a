package dev.domainsync.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DomainNamesTest {

    private static final String LABEL_63 = "a".repeat(63);
    private static final String LABEL_64 = "a".repeat(64);
    // Three 63-character labels, a 61-character label and three dots: exactly 253 characters.
    private static final String NAME_253 = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
    private static final String NAME_254 = NAME_253 + "d";

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            example.com                    | example.com
            Example.COM                    | example.com
            example.com.                   | example.com
            '  example.com  '              | example.com
            ' Example.Com. '               | example.com
            bücher.example                 | xn--bcher-kva.example
            BÜCHER.Example.                | xn--bcher-kva.example
            xn--bcher-kva.example          | xn--bcher-kva.example
            ß.de                           | ss.de
            *.example.com                  | *.example.com
            *.com                          | *.com
            123.example.com                | 123.example.com
            a-b--c.example.com             | a-b--c.example.com
            a.b                            | a.b
            """)
    void validName_isNormalised(String raw, String expected) {
        assertThat(DomainNames.normalise(raw)).isEqualTo(new DomainName(expected));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                             | empty name
            '   '                          | empty name
            .                              | empty name
            example                        | single label
            example.                       | single label
            *                              | single label
            example.com..                  | empty label
            a..example.com                 | empty label
            .example.com                   | empty label
            *.*.x.com                      | wildcard '*' allowed only as the whole first label
            a.*.com                        | wildcard '*' allowed only as the whole first label
            *foo.com                       | wildcard '*' allowed only as the whole first label
            example.*                      | wildcard '*' allowed only as the whole first label
            foo_bar.example.com            | invalid character '_'
            _dmarc.example.com             | invalid character '_'
            a b.com                        | invalid character ' '
            http://example.com             | invalid character ':'
            https://example.com/           | invalid character ':'
            example.com/path               | invalid character '/'
            example.com:443                | invalid character ':'
            -foo.example.com               | label '-foo' starts with a hyphen
            foo-.example.com               | label 'foo-' ends with a hyphen
            example.com-                   | label 'com-' ends with a hyphen
            example.123                    | numeric top-level label
            1.2.3.4                        | numeric top-level label
            """)
    void invalidName_isRejectedWithItsReason(String raw, String reason) {
        assertThat(DomainNames.normalise(raw)).isEqualTo(new InvalidDomain(raw, reason));
    }

    static Stream<Arguments> lengthBoundaries() {
        return Stream.of(
                Arguments.of(LABEL_63 + ".com", true, ""),
                Arguments.of(LABEL_64 + ".com", false, "label '" + LABEL_64 + "' longer than 63 characters"),
                Arguments.of("www." + LABEL_64 + ".com", false, "label '" + LABEL_64 + "' longer than 63 characters"),
                Arguments.of(NAME_253, true, ""),
                Arguments.of(NAME_253 + ".", true, ""),
                Arguments.of(NAME_254, false, "longer than 253 characters"));
    }

    @ParameterizedTest(name = "{index}: length {0} valid={1}")
    @MethodSource("lengthBoundaries")
    void lengthLimits_areInclusive(String raw, boolean valid, String reason) {
        DomainNames.Result expected = valid
                ? new DomainName(raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw)
                : new InvalidDomain(raw, reason);

        assertThat(DomainNames.normalise(raw)).isEqualTo(expected);
    }

    @Test
    void unicodeLabelTooLongAfterPunycode_isNotAValidInternationalisedName() {
        String raw = "ü".repeat(60) + ".com";

        assertThat(DomainNames.normalise(raw)).isEqualTo(new InvalidDomain(raw, "not a valid internationalised name"));
    }

    @Test
    void unicodeNameWithTwoTrailingDots_isInvalid() {
        assertThat(DomainNames.normalise("bücher.example..")).isInstanceOf(InvalidDomain.class);
    }

    @Test
    void invalidName_keepsTheValueExactlyAsGiven() {
        assertThat(DomainNames.normalise("  Foo_Bar.COM ")).isEqualTo(new InvalidDomain("  Foo_Bar.COM ", "invalid character '_'"));
    }
}
