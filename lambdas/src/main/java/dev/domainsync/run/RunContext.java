package dev.domainsync.run;

import java.time.Instant;

/** The run that StartRun opened: its id and the choices every later step follows. */
public record RunContext(
        long runId,
        String executionId,
        Instant startTime,
        Instant since,
        RunMode mode,
        boolean dryRun,
        boolean force) {
}
