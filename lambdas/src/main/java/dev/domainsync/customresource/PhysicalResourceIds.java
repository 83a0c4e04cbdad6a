package dev.domainsync.customresource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * The PhysicalResourceId of a registration names its domains, sorted, so that an Update that changes the domains
 * gets a new id (CloudFormation then deletes the old one) and an Update of the group alone keeps it.
 */
public final class PhysicalResourceIds {

    static final String PREFIX = "domain-sync:";
    /** CloudFormation allows 1 KB; a longer list is named by its SHA-256. */
    static final int MAX_LENGTH = 1024;

    private PhysicalResourceIds() {
    }

    /** The id of a registration of {@code domains} (normalised, valid), whatever their order and repetitions. */
    public static String of(List<String> domains) {
        String list = String.join(",", new TreeSet<>(domains));
        String id = PREFIX + list;
        return id.length() <= MAX_LENGTH ? id : PREFIX + "sha256:" + sha256(list);
    }

    /** The id answered when a Create fails before its domains are known; deleting it removes nothing. */
    public static String failedCreate(String requestId) {
        return PREFIX + "failed:" + requestId;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
