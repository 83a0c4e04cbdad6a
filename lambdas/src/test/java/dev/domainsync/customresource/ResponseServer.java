package dev.domainsync.customresource;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.domainsync.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Plays the pre-signed S3 ResponseURL over HTTPS on 127.0.0.1, with a certificate for CloudFormation's response
 * host: records every request (method, path, query, Content-Type, Content-Length, body) and answers with the
 * scripted statuses, then 200. {@link #sender} is the production sender, told only to find that host here and to
 * trust this server's certificate.
 */
final class ResponseServer implements AutoCloseable {

    static final String SIGNATURE = "X-Amz-Signature=5ecret5ignature";
    static final String HOST = "cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com";

    /** One request as the server received it; {@code contentType} is null when the header was absent. */
    record Received(String method, String path, String query, String contentType, String contentLength,
            byte[] body) {

        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final HttpsServer server;
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Received> arrivals = new LinkedBlockingQueue<>();
    private final List<Received> received = new ArrayList<>();

    private ResponseServer(HttpsServer server) {
        this.server = server;
    }

    static ResponseServer start() {
        return start(HOST);
    }

    /** A server whose certificate names {@code certificateHost}, whatever host the URL names. */
    static ResponseServer start(String certificateHost) {
        try {
            HttpsServer http = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.setHttpsConfigurator(new HttpsConfigurator(TestTls.server(certificateHost)));
            ResponseServer server = new ResponseServer(http);
            http.createContext("/", server::handle);
            http.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A URL as CloudFormation makes it: its response bucket's host, an object path and a signed query string. */
    String responseUrl() {
        return "https://" + HOST + "/arn%3Aaws%3Acloudformation%3Aeu-west-1%3A123456789012%3Astack/shop%7CRes%7Creq"
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&" + SIGNATURE;
    }

    /** The production sender without waits between attempts, reaching {@link #HOST} here and trusting only it. */
    HttpResponseSender sender() {
        return sender(TestTls.trusting(HOST));
    }

    /** The same, trusting what {@code tls} trusts. */
    HttpResponseSender sender(SSLContext tls) {
        return new HttpResponseSender(List.of(Duration.ZERO, Duration.ZERO),
                (host, port) -> List.of(server.getAddress()), tls.getSocketFactory());
    }

    /** The next requests are answered with these statuses, in order. */
    void answer(Integer... statuses) {
        this.statuses.addAll(List.of(statuses));
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The one request received so far; fails if there were none or several. */
    Received only() {
        List<Received> all = received();
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one response, got " + all.size());
        }
        return all.get(0);
    }

    /** Blocks until a request arrives, for tests that must order work after a response; fails after 30 s. */
    void awaitArrival() {
        try {
            if (arrivals.poll(30, TimeUnit.SECONDS) == null) {
                throw new AssertionError("no response arrived within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Content-Length"), body);
        synchronized (this) {
            received.add(request);
        }
        Integer status = statuses.poll();
        exchange.sendResponseHeaders(status == null ? 200 : status, -1);
        exchange.close();
        arrivals.add(request);
    }
}
