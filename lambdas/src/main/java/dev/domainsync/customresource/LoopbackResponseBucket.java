package dev.domainsync.customresource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CloudFormation's response bucket as the custom resource's priming meets it (see
 * {@link HttpResponseSender#prime()}): a TLS server on the loopback interface, inside the function, with a
 * {@link ThrowawayCertificate} for a response host, that takes one PUT and answers 200. The client side it hands out
 * trusts that certificate and nothing else. Closing it closes its socket and ends its one thread; no connection, and
 * no key that anything trusts, outlives it.
 */
final class LoopbackResponseBucket implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackResponseBucket.class);

    /** A host of the form ResponseUrlPolicy accepts; the loopback bucket stands in for it, nothing resolves it. */
    static final String HOST = "cloudformation-custom-resource-response-useast1.s3.amazonaws.com";
    /** The made-up pre-signed URL of the priming answer; its path says where it went. */
    static final String RESPONSE_URL = "https://" + HOST + "/domain-sync-priming/loopback-only"
            + "?X-Amz-Signature=priming";

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final char[] NO_PASSWORD = new char[0];
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** CR LF CR LF. */
    private static final int END_OF_HEAD = 0x0d0a0d0a;

    private final SSLServerSocket server;
    private final SSLSocketFactory client;
    private final Thread answering;
    private final AtomicInteger puts = new AtomicInteger();

    private LoopbackResponseBucket(SSLServerSocket server, SSLSocketFactory client) {
        this.server = server;
        this.client = client;
        this.answering = new Thread(this::answerOne, "priming-response-bucket");
        this.answering.setDaemon(true);
    }

    /** Makes the key and certificate, listens on an ephemeral loopback port and waits for one PUT. */
    static LoopbackResponseBucket start() throws IOException, GeneralSecurityException {
        ThrowawayCertificate certificate = ThrowawayCertificate.forHost(HOST);
        KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
        keys.load(null, null);
        keys.setKeyEntry("bucket", certificate.keys().getPrivate(), NO_PASSWORD,
                new Certificate[] {certificate.certificate()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, NO_PASSWORD);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);

        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("bucket", certificate.certificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);

        SSLServerSocket server = (SSLServerSocket) serverTls.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setSoTimeout((int) TIMEOUT.toMillis());
        LoopbackResponseBucket bucket = new LoopbackResponseBucket(server, clientTls.getSocketFactory());
        bucket.answering.start();
        return bucket;
    }

    /** Where {@link #HOST} is, for the priming sender's resolver. */
    List<InetSocketAddress> resolve(String host, int port) {
        return List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
    }

    /** A TLS client that trusts this bucket's certificate only. */
    SSLSocketFactory client() {
        return client;
    }

    /** How many PUTs the bucket answered: one after a primed answer. */
    int puts() {
        return puts.get();
    }

    private void answerOne() {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            InputStream in = socket.getInputStream();
            String head = head(in);
            in.readNBytes(contentLength(head));
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (head.startsWith("PUT ")) {
                puts.incrementAndGet();
            }
        } catch (IOException e) {
            LOG.debug("The priming response bucket answered nothing: {}", e.toString());
        }
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lastFour = 0;
        while (head.size() < MAX_REQUEST_BYTES && lastFour != END_OF_HEAD) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            head.write(next);
            lastFour = lastFour << 8 | next;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Math.min(MAX_REQUEST_BYTES, Integer.parseInt(line.substring(line.indexOf(':') + 1).strip()));
            }
        }
        return 0;
    }

    @Override
    public void close() {
        try {
            server.close();
            answering.join(TIMEOUT.toMillis());
        } catch (IOException e) {
            LOG.debug("Closing the priming response bucket: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
