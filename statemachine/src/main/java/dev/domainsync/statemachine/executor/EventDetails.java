package dev.domainsync.statemachine.executor;

import java.util.Map;

/**
 * The details object of a history event, with GetExecutionHistory's field names. Payloads are JSON texts
 * held as strings, exactly as the API returns them.
 */
public sealed interface EventDetails {

    /** {@code inputDetails} / {@code outputDetails}: the executor never truncates, so always false. */
    record PayloadDetails(boolean truncated) {
        static final PayloadDetails NOT_TRUNCATED = new PayloadDetails(false);
    }

    /** Details of ExecutionStarted. */
    record ExecutionStarted(String input, PayloadDetails inputDetails, String roleArn) implements EventDetails {
    }

    /** Details of ExecutionSucceeded. */
    record ExecutionSucceeded(String output, PayloadDetails outputDetails) implements EventDetails {
    }

    /** Details of every failure event: ExecutionFailed, ExecutionTimedOut and the LambdaFunction failures. */
    record Failure(String error, String cause) implements EventDetails {
    }

    /** Details of every *StateEntered event. */
    record StateEntered(String name, String input, PayloadDetails inputDetails) implements EventDetails {
    }

    /**
     * Details of every *StateExited event; {@code assignedVariables} maps each variable the state assigned to
     * its value as a JSON text, and is absent when the state assigned none.
     */
    record StateExited(String name, String output, PayloadDetails outputDetails,
                       Map<String, String> assignedVariables, PayloadDetails assignedVariablesDetails)
            implements EventDetails {
    }

    /** Details of LambdaFunctionScheduled; {@code timeoutInSeconds} only when the Task sets TimeoutSeconds. */
    record LambdaFunctionScheduled(String resource, String input, PayloadDetails inputDetails, Long timeoutInSeconds)
            implements EventDetails {
    }

    /** Details of LambdaFunctionSucceeded. */
    record LambdaFunctionSucceeded(String output, PayloadDetails outputDetails) implements EventDetails {
    }

    /** Details of MapStateStarted: how many items the Map runs. */
    record MapStateStarted(int length) implements EventDetails {
    }

    /** Details of the MapIteration* events: the Map state's name and the item's index. */
    record MapIteration(String name, int index) implements EventDetails {
    }

    /** Details of EvaluationFailed: a JSONata expression failed in {@code state}'s field {@code location}. */
    record EvaluationFailed(String error, String cause, String location, String state) implements EventDetails {
    }
}
