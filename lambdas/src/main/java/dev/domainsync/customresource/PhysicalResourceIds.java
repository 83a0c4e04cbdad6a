package dev.domainsync.customresource;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The PhysicalResourceId of a registration: random (128 bits), made once per resource at its Create and kept by
 * every Update, so that no one can name another resource's registration by guessing; the registry stores it with
 * the registration, and a repeated Create request gets the stored one back.
 */
public final class PhysicalResourceIds {

    static final String PREFIX = "domain-sync:";

    private static final SecureRandom RANDOM = new SecureRandom();

    private PhysicalResourceIds() {
    }

    /** A new id, for a Create. */
    public static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return PREFIX + HexFormat.of().formatHex(bytes);
    }
}
