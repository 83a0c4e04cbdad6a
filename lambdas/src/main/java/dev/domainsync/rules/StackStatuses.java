package dev.domainsync.rules;

import java.util.Set;

/** Which CloudFormation stack statuses count as live (their claims are read) or deleted (their claims go). */
public final class StackStatuses {

    public static final String DELETE_COMPLETE = "DELETE_COMPLETE";

    private static final Set<String> LIVE = Set.of(
            "CREATE_COMPLETE",
            "UPDATE_COMPLETE",
            "UPDATE_ROLLBACK_COMPLETE",
            "IMPORT_COMPLETE",
            "IMPORT_ROLLBACK_COMPLETE");

    private StackStatuses() {
    }

    /** A stack in any other status, in progress or failed, is picked up by a later run. */
    public static boolean isLive(String status) {
        return status != null && LIVE.contains(status);
    }

    public static boolean isDeleted(String status) {
        return DELETE_COMPLETE.equals(status);
    }
}
