package dev.domainsync.statemachine.executor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Definitions beside the tests, the function ARNs they use and tiny handlers for them. */
final class Fixtures {

    static final Instant START = Instant.parse("2024-05-01T10:00:00Z");
    static final String ECHO = "arn:aws:lambda:us-east-1:123456789012:function:EchoFunction";
    static final String FLAKY = "arn:aws:lambda:us-east-1:123456789012:function:FlakyFunction";
    static final String THROWING = "arn:aws:lambda:us-east-1:123456789012:function:ThrowingFunction";
    static final String DESCRIBE = "arn:aws:lambda:us-east-1:123456789012:function:DescribeFunction";
    static final String BIG = "arn:aws:lambda:us-east-1:123456789012:function:BigFunction";
    static final String SCRIPTED = "arn:aws:lambda:us-east-1:123456789012:function:ScriptedFunction";
    static final Map<String, String> SUBSTITUTIONS = Map.of(
            "EchoFunctionArn", ECHO,
            "FlakyFunctionArn", FLAKY,
            "ThrowingFunctionArn", THROWING,
            "DescribeFunctionArn", DESCRIBE,
            "BigFunctionArn", BIG,
            "ScriptedFunctionArn", SCRIPTED);

    private Fixtures() {
    }

    static String text(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StateMachineDefinition definition(String resource) {
        return StateMachineDefinition.load(text(resource), SUBSTITUTIONS);
    }

    static LocalExecutor executor(String resource, Map<String, RequestStreamHandler> functions) {
        return executor(resource, functions, ExecutorOptions.defaults("TestMachine"));
    }

    static LocalExecutor executor(String resource, Map<String, RequestStreamHandler> functions,
                                  ExecutorOptions options) {
        return new LocalExecutor(definition(resource), functions, new VirtualClock(START), options);
    }

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode output(ExecutionResult result) {
        return json(result.output().orElseThrow(() -> new AssertionError("no output: " + result.error() + " "
                + result.cause())));
    }

    static List<String> types(ExecutionResult result) {
        return result.history().stream().map(event -> event.type().name()).toList();
    }

    /** A handler that answers each JSON input with {@code body}'s result and remembers what it was sent. */
    static final class JsonFunction implements RequestStreamHandler {

        private final Function<JsonNode, Object> body;
        final List<String> inputs = new ArrayList<>();
        final List<Context> contexts = new ArrayList<>();

        JsonFunction(Function<JsonNode, Object> body) {
            this.body = body;
        }

        static JsonFunction echo() {
            return new JsonFunction(input -> input);
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            String text = new String(input.readAllBytes(), StandardCharsets.UTF_8);
            inputs.add(text);
            contexts.add(context);
            context.getLogger().log("received " + text.length() + " bytes");
            Json.mapper().writeValue(output, body.apply(Json.mapper().readTree(text)));
        }
    }

    /** Throws {@link TransientDependencyException} for its first {@code failures} calls, then answers. */
    static final class FlakyFunction implements RequestStreamHandler {

        private final int failures;
        final AtomicInteger calls = new AtomicInteger();
        final List<String> inputs = new ArrayList<>();

        FlakyFunction(int failures) {
            this.failures = failures;
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            inputs.add(new String(input.readAllBytes(), StandardCharsets.UTF_8));
            int call = calls.incrementAndGet();
            if (call <= failures) {
                throw new TransientDependencyException("dependency unavailable on call " + call);
            }
            output.write(("{\"ok\":true,\"call\":" + call + "}").getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Throws what its input's {@code throw} field names: permanent, transient, nomessage (an exception without a
     * message), or nothing for {"throw":"none"}.
     */
    static final class ThrowingFunction implements RequestStreamHandler {

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            JsonNode request = Json.mapper().readTree(input);
            switch (request.path("throw").asText("permanent")) {
                case "permanent" -> throw new PermanentDependencyException("permanently broken: "
                        + request.path("id").asText("?"));
                case "transient" -> throw new TransientDependencyException("try later");
                case "nomessage" -> throw new IllegalStateException();
                default -> Json.mapper().writeValue(output, request);
            }
        }
    }

    /**
     * Follows a script in its input: {@code {"id": "a", "fail": 2}} fails the first two calls for id "a" with
     * {@link TransientDependencyException}; {@code {"id": "a", "permanent": true}} always fails. Otherwise it
     * answers its input.
     */
    static final class ScriptedFunction implements RequestStreamHandler {

        final Map<String, AtomicInteger> callsById = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            JsonNode request = Json.mapper().readTree(input);
            String id = request.path("id").asText();
            int call = callsById.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
            if (request.path("permanent").asBoolean(false)) {
                throw new PermanentDependencyException("item " + id + " is broken");
            }
            if (call <= request.path("fail").asInt(0)) {
                throw new TransientDependencyException("item " + id + " failed call " + call);
            }
            Json.mapper().writeValue(output, request);
        }
    }
}
