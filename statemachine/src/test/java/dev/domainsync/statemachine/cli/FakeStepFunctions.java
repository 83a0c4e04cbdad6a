package dev.domainsync.statemachine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.domainsync.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Step Functions as the SDK sees it on the wire, on 127.0.0.1: the AWS JSON 1.0 protocol ({@code POST /},
 * {@code X-Amz-Target: AWSStepFunctions.<Operation>}, JSON bodies, errors as 400 with {@code __type}), each
 * operation answered by the test's handler, every call recorded.
 */
final class FakeStepFunctions implements AutoCloseable {

    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String TARGET_PREFIX = "AWSStepFunctions.";

    /** One request as it arrived. */
    record Call(String operation, JsonNode body) {
    }

    /** What to answer: a status and a JSON body. */
    record Reply(int status, JsonNode body) {

        static Reply ok(JsonNode body) {
            return new Reply(200, body);
        }

        static Reply error(String type, String message) {
            ObjectNode body = Json.mapper().createObjectNode().put("__type", type).put("message", message);
            return new Reply(400, body);
        }
    }

    private final HttpServer server;
    private final Map<String, Function<JsonNode, Reply>> handlers = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private FakeStepFunctions(HttpServer server) {
        this.server = server;
    }

    static FakeStepFunctions start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeStepFunctions fake = new FakeStepFunctions(server);
            server.createContext("/", fake::handle);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers {@code operation} (e.g. {@code StartExecution}) with {@code handler}, given the request body. */
    FakeStepFunctions on(String operation, Function<JsonNode, Reply> handler) {
        handlers.put(operation, handler);
        return this;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> calls(String operation) {
        return calls.stream().filter(call -> call.operation().equals(operation)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            byte[] body = exchange.getRequestBody().readAllBytes();
            Reply reply;
            if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(exchange.getRequestURI().getPath())
                    || target == null || !target.startsWith(TARGET_PREFIX) || !CONTENT_TYPE.equals(contentType)) {
                reply = Reply.error("UnknownOperationException", "not an AWS JSON 1.0 Step Functions request: "
                        + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + target + " " + contentType);
            } else {
                String operation = target.substring(TARGET_PREFIX.length());
                JsonNode request = Json.mapper().readTree(body);
                calls.add(new Call(operation, request));
                Function<JsonNode, Reply> handler = handlers.get(operation);
                reply = handler == null ? Reply.error("UnknownOperationException", "the fake has no " + operation)
                        : handler.apply(request);
            }
            byte[] response = Json.mapper().writeValueAsBytes(reply.body());
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders().set("x-amzn-RequestId", "fake-" + calls.size());
            exchange.sendResponseHeaders(reply.status(), response.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
