package dev.domainsync.run;

import java.time.Instant;

/**
 * A failed execution as FailRun records it: the run (null when StartRun never opened one), the execution,
 * and the error name and cause that the Fail state then carries.
 */
public record RunFailure(Long runId, String executionId, Instant startTime, String error, String cause) {
}
