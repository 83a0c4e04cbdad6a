package dev.domainsync.steps;

import dev.domainsync.json.InvalidInputException;
import dev.domainsync.rules.StackReading;

/** ApplyStack's input: the sync-stack execution that applies it (the change log names it) and ReadStack's reading. */
public record ApplyStackRequest(String executionId, StackReading reading) {

    public ApplyStackRequest {
        InvalidInputException.require(executionId, "executionId");
        InvalidInputException.require(reading, "reading");
    }
}
