package dev.domainsync.statemachine.executor;

/** {@code States.QueryEvaluationError} from a JSONata field, remembering which field failed. */
final class QueryEvaluationFailure extends StatesError {

    private final String location;

    QueryEvaluationFailure(String location, String cause) {
        super(ErrorNames.QUERY_EVALUATION_ERROR, cause);
        this.location = location;
    }

    /** The failing field's path in the state, e.g. {@code Arguments/stackId}. */
    String location() {
        return location;
    }
}
