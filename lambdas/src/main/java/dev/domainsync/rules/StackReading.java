package dev.domainsync.rules;

import dev.domainsync.json.InvalidInputException;
import java.time.Instant;

/**
 * What the sync rules make of one stack as DescribeStacks shows it now, for the event path: its claims or a skip
 * (in {@code extract}), gone, or ignored with the reason; {@code versionTime} (LastUpdatedTime, else CreationTime)
 * orders two readings of the same stack.
 */
public record StackReading(
        String stackId,
        String stackName,
        String stackStatus,
        Verdict verdict,
        String reason,
        Instant versionTime,
        StackExtract extract) {

    /** Reasons of a GONE or IGNORED reading (a SKIPPED one gives its {@link SkipReason}). */
    public static final String DELETED = "DELETED";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String NOT_A_DISTRIBUTION_STACK = "NOT_A_DISTRIBUTION_STACK";
    public static final String NOT_LIVE = "NOT_LIVE";

    /** What applying the reading does to the stack's claims. */
    public enum Verdict {
        /** A live distribution stack: its claims become exactly the extract's. */
        CLAIMS,
        /** A live distribution stack skipped whole (the extract's skip reason): its claims stay as they were. */
        SKIPPED,
        /** Deleted, or unknown to CloudFormation: the stack loses every claim, for good. */
        GONE,
        /** Not a distribution stack, or not live now: nothing changes. */
        IGNORED
    }

    public StackReading {
        InvalidInputException.require(stackId, "stackId");
        InvalidInputException.require(verdict, "verdict");
        if (verdict == Verdict.CLAIMS || verdict == Verdict.SKIPPED) {
            InvalidInputException.require(versionTime, "versionTime");
            InvalidInputException.require(extract, "extract");
            InvalidInputException.require(extract.creationTime(), "extract.creationTime");
            if (!stackId.equals(extract.stackId())) {
                throw new InvalidInputException("extract.stackId " + extract.stackId() + " is not the stack read, "
                        + stackId);
            }
            if (extract.isSkipped() != (verdict == Verdict.SKIPPED)) {
                throw new InvalidInputException("verdict " + verdict + " does not fit an extract "
                        + (extract.isSkipped() ? "skipped for " + extract.skipReason() : "with claims"));
            }
            if (verdict == Verdict.CLAIMS) {
                InvalidInputException.require(extract.groupId(), "extract.groupId");
                InvalidInputException.require(extract.stackName(), "extract.stackName");
            }
        }
    }

    public static StackReading claims(StackExtract extract, String stackStatus, Instant versionTime) {
        Verdict verdict = extract.isSkipped() ? Verdict.SKIPPED : Verdict.CLAIMS;
        String reason = extract.isSkipped() ? extract.skipReason().name() : null;
        return new StackReading(extract.stackId(), extract.stackName(), stackStatus, verdict, reason, versionTime,
                extract);
    }

    public static StackReading gone(String stackId, String stackName, String stackStatus, String reason) {
        return new StackReading(stackId, stackName, stackStatus, Verdict.GONE, reason, null, null);
    }

    public static StackReading ignored(String stackId, String stackName, String stackStatus, String reason) {
        return new StackReading(stackId, stackName, stackStatus, Verdict.IGNORED, reason, null, null);
    }
}
