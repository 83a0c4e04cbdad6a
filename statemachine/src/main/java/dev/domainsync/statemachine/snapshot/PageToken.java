package dev.domainsync.statemachine.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalInt;

/**
 * The opaque NextToken of the snapshot endpoint: the offset of the next page, bound to the snapshot's
 * fingerprint and to the query, so that a token of another snapshot or another filter is refused.
 */
final class PageToken {

    private static final String VERSION = "p1";

    private PageToken() {
    }

    static String encode(String fingerprint, String query, int offset) {
        String plain = String.join(":", VERSION, fingerprint, queryDigest(query), Integer.toString(offset));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The offset that {@code token} stands for, or empty when it is not a token of this snapshot and query. */
    static OptionalInt decode(String token, String fingerprint, String query, int total) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":", -1);
        } catch (IllegalArgumentException notBase64) {
            return OptionalInt.empty();
        }
        if (parts.length != 4 || !parts[0].equals(VERSION) || !parts[1].equals(fingerprint)
                || !parts[2].equals(queryDigest(query)) || !parts[3].matches("[1-9][0-9]{0,8}")) {
            return OptionalInt.empty();
        }
        int offset = Integer.parseInt(parts[3]);
        return offset < total ? OptionalInt.of(offset) : OptionalInt.empty();
    }

    private static String queryDigest(String query) {
        return Integer.toHexString(query.hashCode());
    }
}
