package dev.domainsync.rules;

import java.net.IDN;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** Normalises and validates one custom domain name the way DESIGN.md's "Claims" rule says. */
public final class DomainNames {

    static final int MAX_NAME_LENGTH = 253;
    static final int MAX_LABEL_LENGTH = 63;
    private static final String WILDCARD = "*";
    private static final Pattern ALL_DIGITS = Pattern.compile("[0-9]+");

    private DomainNames() {
    }

    /** What normalising one item of a domain list gives: a {@link DomainName} or an {@link InvalidDomain}. */
    public sealed interface Result permits DomainName, InvalidDomain {
    }

    /**
     * Trims, lower-cases, removes one trailing dot, converts to ASCII (IDNA2003) and validates {@code raw};
     * an invalid name keeps {@code raw} exactly as given.
     */
    public static Result normalise(String raw) {
        String name = Objects.requireNonNull(raw, "raw").trim().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty()) {
            return new InvalidDomain(raw, "empty name");
        }
        String ascii;
        try {
            ascii = toAscii(name);
        } catch (IllegalArgumentException e) {
            return new InvalidDomain(raw, "not a valid internationalised name");
        }
        return violation(ascii).<Result>map(reason -> new InvalidDomain(raw, reason))
                .orElseGet(() -> new DomainName(ascii));
    }

    private static String toAscii(String name) {
        // On pure ASCII, IDN.toASCII without flags is the identity or rejects an empty or over-long label;
        // violation() rejects those too, with a reason that names the label, so only Unicode goes through IDN.
        boolean ascii = name.chars().allMatch(c -> c < 0x80);
        return ascii ? name : IDN.toASCII(name);
    }

    /** The first rule that the ASCII {@code name} breaks, if any. */
    private static Optional<String> violation(String name) {
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.of("longer than " + MAX_NAME_LENGTH + " characters");
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.of("single label");
        }
        for (int i = 0; i < labels.length; i++) {
            boolean wildcard = i == 0 && labels[i].equals(WILDCARD);
            Optional<String> reason = wildcard ? Optional.empty() : labelViolation(labels[i]);
            if (reason.isPresent()) {
                return reason;
            }
        }
        if (ALL_DIGITS.matcher(labels[labels.length - 1]).matches()) {
            return Optional.of("numeric top-level label");
        }
        return Optional.empty();
    }

    private static Optional<String> labelViolation(String label) {
        if (label.isEmpty()) {
            return Optional.of("empty label");
        }
        if (label.length() > MAX_LABEL_LENGTH) {
            return Optional.of("label '" + label + "' longer than " + MAX_LABEL_LENGTH + " characters");
        }
        if (label.contains(WILDCARD)) {
            return Optional.of("wildcard '*' allowed only as the whole first label");
        }
        for (char c : label.toCharArray()) {
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return Optional.of("invalid character '" + c + "'");
            }
        }
        if (label.startsWith("-")) {
            return Optional.of("label '" + label + "' starts with a hyphen");
        }
        if (label.endsWith("-")) {
            return Optional.of("label '" + label + "' ends with a hyphen");
        }
        return Optional.empty();
    }
}
