package dev.domainsync.statemachine.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One state of a loaded definition, as the executor runs it. Fields holding JSONata templates keep the
 * definition's JSON (with its {@code "{% ... %}"} strings) and are evaluated at run time.
 */
public sealed interface State {

    /** The state's name, unique in the whole state machine. */
    String name();

    /** The state's {@code Type} as written in the definition. */
    String type();

    /** Where a state goes when it completes: the {@code Next} state, or the end of its block. */
    record Transition(Optional<String> next) {

        static Transition end() {
            return new Transition(Optional.empty());
        }

        static Transition to(String next) {
            return new Transition(Optional.of(next));
        }
    }

    /** A state that does work which can fail and be retried: a Task or a Map, with its Retry and Catch. */
    sealed interface Retryable extends State {

        Optional<JsonNode> output();

        Optional<JsonNode> assign();

        List<Retrier> retry();

        List<Catcher> catchers();

        Transition transition();
    }

    /** A Lambda function invocation. */
    record Task(String name, String resource, Optional<JsonNode> arguments, Optional<JsonNode> output,
                Optional<JsonNode> assign, OptionalLong timeoutSeconds, List<Retrier> retry, List<Catcher> catchers,
                Transition transition) implements Retryable {
        @Override
        public String type() {
            return "Task";
        }
    }

    /** Passes its input on, optionally reshaped by {@code Output}. */
    record Pass(String name, Optional<JsonNode> output, Optional<JsonNode> assign, Transition transition)
            implements State {
        @Override
        public String type() {
            return "Pass";
        }
    }

    /** Branches on the first rule whose {@code Condition} holds. */
    record Choice(String name, List<ChoiceRule> choices, Optional<String> defaultState, Optional<JsonNode> output,
                  Optional<JsonNode> assign) implements State {
        @Override
        public String type() {
            return "Choice";
        }
    }

    /** An inline Map: runs {@code processor} once per item. */
    record Map(String name, Optional<JsonNode> items, Optional<JsonNode> itemSelector, StatesBlock processor,
               int maxConcurrency, Optional<JsonNode> output, Optional<JsonNode> assign, List<Retrier> retry,
               List<Catcher> catchers, Transition transition) implements Retryable {
        @Override
        public String type() {
            return "Map";
        }
    }

    /** Waits on the virtual clock for {@code Seconds} or until {@code Timestamp}. */
    record Wait(String name, Optional<JsonNode> seconds, Optional<JsonNode> timestamp, Optional<JsonNode> output,
                Optional<JsonNode> assign, Transition transition) implements State {
        @Override
        public String type() {
            return "Wait";
        }
    }

    /** Ends its block successfully. */
    record Succeed(String name, Optional<JsonNode> output) implements State {
        @Override
        public String type() {
            return "Succeed";
        }
    }

    /** Ends its block with an error. */
    record Fail(String name, Optional<JsonNode> error, Optional<JsonNode> cause) implements State {
        @Override
        public String type() {
            return "Fail";
        }
    }
}
