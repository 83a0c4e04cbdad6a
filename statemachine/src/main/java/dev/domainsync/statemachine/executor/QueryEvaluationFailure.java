package dev.domainsync.statemachine.executor;

/** {@code States.QueryEvaluationError} from a state's field, remembering which field failed. */
final class QueryEvaluationFailure extends StatesError {

    private final String location;
    private final boolean followsEnteredEvent;

    private QueryEvaluationFailure(String location, String cause, boolean followsEnteredEvent) {
        super(ErrorNames.QUERY_EVALUATION_ERROR, cause);
        this.location = location;
        this.followsEnteredEvent = followsEnteredEvent;
    }

    /**
     * A field's evaluation failed. Its EvaluationFailed event carries the previousEventId of the state's entered
     * event, as AWS links it.
     *
     * @param location the field's path in the state, e.g. {@code Arguments/stackId}; null for none
     */
    static QueryEvaluationFailure of(String location, String cause) {
        return new QueryEvaluationFailure(location, cause, false);
    }

    /** A value check after evaluation (a Wait's Seconds or Timestamp): its EvaluationFailed follows the entered event. */
    static QueryEvaluationFailure followingEntered(String location, String cause) {
        return new QueryEvaluationFailure(location, cause, true);
    }

    /** The failing field's path in the state, or null when AWS names none. */
    String location() {
        return location;
    }

    boolean followsEnteredEvent() {
        return followsEnteredEvent;
    }
}
