package dev.domainsync.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.InvalidInputException;
import java.time.Instant;

/**
 * StartRun's input: the execution's id and start time from {@code $states.context}, and the raw execution
 * input, which {@link dev.domainsync.run.ExecutionInput} validates field by field.
 */
public record StartRunRequest(String executionId, Instant startTime, JsonNode input) {

    public StartRunRequest {
        InvalidInputException.require(executionId, "executionId");
        InvalidInputException.require(startTime, "startTime");
        if (executionId.isBlank() || executionId.length() > 2048) {
            throw new InvalidInputException("field 'executionId' must be 1-2048 characters");
        }
    }
}
