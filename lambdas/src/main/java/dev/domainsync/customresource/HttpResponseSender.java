package dev.domainsync.customresource;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.domainsync.customresource.ResponseUrlPolicy.ResponseTarget;
import dev.domainsync.json.Json;
import dev.domainsync.json.Primeable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link ResponseSender}: an HTTPS PUT of the JSON response to the pre-signed S3 URL, with the empty
 * Content-Type the signature was made for, retried on I/O errors and 5xx answers. Only URLs that
 * {@link ResponseUrlPolicy} accepts are answered; the server's certificate is verified against the URL's host name.
 * Logs name the host and path only: the query string is the signature. Before SnapStart's snapshot it primes the
 * TLS handshake and the PUT of an answer against a server inside the function ({@link #prime()}).
 */
public final class HttpResponseSender implements ResponseSender, Primeable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpResponseSender.class);

    /** The waits before the second and third attempts. */
    public static final List<Duration> DEFAULT_BACKOFF = List.of(Duration.ofMillis(200), Duration.ofSeconds(1));

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** From the connection to the answer's status line: the TLS handshake, the request and S3's answer. */
    static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(5);

    private static final int MAX_STATUS_LINE = 1024;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] ([0-9]{3})(?: .*)?");

    /** Finds where a response host listens; the system's DNS, on the URL's port, in production. */
    @FunctionalInterface
    public interface HostResolver {
        List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException;
    }

    private final List<Duration> backoff;
    private final HostResolver resolver;
    private final SSLSocketFactory tls;

    /** The system's DNS and trust store, {@link #DEFAULT_BACKOFF}. */
    public HttpResponseSender() {
        this(DEFAULT_BACKOFF, HttpResponseSender::systemDns, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /**
     * A sender that makes {@code backoff.size() + 1} attempts, waiting {@code backoff.get(i)} before attempt i+2,
     * resolving hosts with {@code resolver} and trusting the certificates that {@code tls} trusts; the URL policy
     * and the host name verification stay as they are.
     */
    public HttpResponseSender(List<Duration> backoff, HostResolver resolver, SSLSocketFactory tls) {
        this.backoff = List.copyOf(Objects.requireNonNull(backoff, "backoff"));
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    /**
     * Answers a made-up request, before the snapshot, through this class's whole path (policy, resolution, socket,
     * TLS handshake with host name verification, PUT, status line) to a {@link LoopbackResponseBucket}: the JDK's
     * TLS stack (several hundred classes, key exchange, signature and certificate checks) is then loaded and run
     * when a restored function answers CloudFormation. A sender of its own does it, resolving the response host to
     * the loopback bucket and trusting only its throwaway certificate: this sender's resolver and trust store, and
     * so where and to whom a real answer goes, are untouched, and no packet leaves the function.
     */
    @Override
    public void prime() {
        try (LoopbackResponseBucket bucket = LoopbackResponseBucket.start()) {
            new HttpResponseSender(List.of(), bucket::resolve, bucket.client()).send(LoopbackResponseBucket.RESPONSE_URL,
                    new CustomResourceResponse(CustomResourceResponse.Status.SUCCESS, null, "domain-sync-priming",
                            "domain-sync-priming", "priming", "DomainRegistration", false,
                            new CustomResourceResponse.Data("priming.example.com")));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the loopback response bucket could not start: " + e, e);
        }
    }

    @Override
    public Duration worstCase() {
        Duration worst = CONNECT_TIMEOUT.plus(EXCHANGE_TIMEOUT).multipliedBy(backoff.size() + 1L);
        for (Duration wait : backoff) {
            worst = worst.plus(wait);
        }
        return worst;
    }

    @Override
    public void send(String responseUrl, CustomResourceResponse response) {
        ResponseTarget target = ResponseUrlPolicy.target(responseUrl);
        byte[] request = request(target, json(response));
        Exception lastFailure = null;
        String lastOutcome = "not attempted";
        for (int attempt = 1; attempt <= backoff.size() + 1; attempt++) {
            if (attempt > 1) {
                pause(backoff.get(attempt - 2));
            }
            try {
                List<InetSocketAddress> addresses = resolver.resolve(target.host(), target.port());
                if (addresses.isEmpty()) {
                    throw new UnknownHostException("no address");
                }
                // Each attempt tries the next address, should one of them be unreachable.
                int status = put(target, addresses.get((attempt - 1) % addresses.size()), request);
                if (status >= 200 && status < 300) {
                    LOG.info("Response {} of request {} delivered to {}: HTTP {} (attempt {})", response.status(),
                            response.requestId(), target, status, attempt);
                    return;
                }
                lastOutcome = "HTTP " + status;
                lastFailure = null;
                if (status < 500) {
                    // A 4xx (an expired or altered signature) stays a 4xx.
                    break;
                }
            } catch (IOException e) {
                lastOutcome = e.getClass().getSimpleName();
                lastFailure = e;
            }
            LOG.warn("Response {} of request {} not delivered to {}: {} (attempt {})", response.status(),
                    response.requestId(), target, lastOutcome, attempt);
        }
        // IOException messages may repeat the URL; the cause keeps them out of the message only.
        throw new ResponseNotDeliveredException("the response of request " + response.requestId()
                + " could not be delivered to " + target + ": " + lastOutcome, lastFailure == null ? null
                : new IOException(lastFailure.getClass().getName()));
    }

    /** One attempt: TLS to {@code address}, verified as {@code target.host()}; returns the answer's status code. */
    private int put(ResponseTarget target, InetSocketAddress address, byte[] request) throws IOException {
        long deadline = System.nanoTime() + CONNECT_TIMEOUT.plus(EXCHANGE_TIMEOUT).toNanos();
        try (Socket plain = new Socket()) {
            plain.connect(address, (int) CONNECT_TIMEOUT.toMillis());
            plain.setSoTimeout((int) EXCHANGE_TIMEOUT.toMillis());
            try (SSLSocket socket = (SSLSocket) tls.createSocket(plain, target.host(), target.port(), true)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setServerNames(List.of(new SNIHostName(target.host())));
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                return status(socket, deadline);
            }
        }
    }

    private static List<InetSocketAddress> systemDns(String host, int port) throws UnknownHostException {
        return Arrays.stream(InetAddress.getAllByName(host)).map(address -> new InetSocketAddress(address, port))
                .toList();
    }

    /** Reads the status line, giving up at {@code deadline} however slowly the bytes come. */
    private static int status(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (line.size() < MAX_STATUS_LINE) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("no status line in time");
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int next = in.read();
            if (next < 0 || next == '\n') {
                break;
            }
            line.write(next);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1).strip();
        Matcher status = STATUS_LINE.matcher(text);
        if (!status.matches()) {
            throw new IOException("not an HTTP status line");
        }
        return Integer.parseInt(status.group(1));
    }

    /** The whole request; {@code Content-Type} stays empty because the URL is signed for an empty one. */
    private static byte[] request(ResponseTarget target, byte[] body) {
        String head = "PUT " + target.pathAndQuery() + " HTTP/1.1\r\n"
                + "Host: " + target.host() + "\r\n"
                + "Content-Type: \r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n"
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    private static byte[] json(CustomResourceResponse response) {
        try {
            return Json.mapper().writeValueAsBytes(response);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the response of request " + response.requestId(), e);
        }
    }

    private static void pause(Duration wait) {
        if (wait.isZero()) {
            return;
        }
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResponseNotDeliveredException("interrupted while waiting to retry the response", e);
        }
    }
}
