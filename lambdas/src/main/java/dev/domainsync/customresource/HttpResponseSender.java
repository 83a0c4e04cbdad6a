package dev.domainsync.customresource;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.domainsync.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link ResponseSender}: an HTTP PUT of the JSON response to the pre-signed S3 URL, with the empty
 * Content-Type the signature was made for, retried on I/O errors and 5xx answers. Logs name the host and path
 * only: the query string is the signature.
 */
public final class HttpResponseSender implements ResponseSender {

    private static final Logger LOG = LoggerFactory.getLogger(HttpResponseSender.class);

    /** The waits before the second and third attempts. */
    public static final List<Duration> DEFAULT_BACKOFF = List.of(Duration.ofMillis(200), Duration.ofSeconds(1));

    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;
    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private final List<Duration> backoff;

    public HttpResponseSender() {
        this(DEFAULT_BACKOFF);
    }

    /** A sender that makes {@code backoff.size() + 1} attempts, waiting {@code backoff.get(i)} before attempt i+2. */
    public HttpResponseSender(List<Duration> backoff) {
        this.backoff = List.copyOf(Objects.requireNonNull(backoff, "backoff"));
    }

    @Override
    public void send(String responseUrl, CustomResourceResponse response) {
        URI url = parse(responseUrl);
        String target = url.getHost() + url.getPath();
        byte[] body = json(response);
        Exception lastFailure = null;
        String lastOutcome = "not attempted";
        for (int attempt = 1; attempt <= backoff.size() + 1; attempt++) {
            if (attempt > 1) {
                pause(backoff.get(attempt - 2));
            }
            try {
                int status = put(url, body);
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

    private static int put(URI url, byte[] body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
        try {
            connection.setRequestMethod("PUT");
            connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            connection.setReadTimeout(READ_TIMEOUT_MILLIS);
            connection.setDoOutput(true);
            connection.setUseCaches(false);
            // The URL is signed for an empty Content-Type; Java would otherwise send a form type.
            connection.setRequestProperty("Content-Type", "");
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            drain(status < 400 ? connection.getInputStream() : connection.getErrorStream());
            return status;
        } finally {
            connection.disconnect();
        }
    }

    private static void drain(InputStream stream) throws IOException {
        if (stream != null) {
            try (stream) {
                stream.transferTo(OutputStream.nullOutputStream());
            }
        }
    }

    private static URI parse(String responseUrl) {
        try {
            URI url = new URI(responseUrl);
            if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme()) || url.getHost() == null) {
                throw new ResponseNotDeliveredException("the ResponseURL is not an http(s) URL", null);
            }
            return url;
        } catch (URISyntaxException e) {
            throw new ResponseNotDeliveredException("the ResponseURL is not a valid URL", null);
        }
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
