package dev.domainsync.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * CloudFormation's S3 response bucket for the custom resource's cold start: an HTTPS server on 127.0.0.1 with a
 * certificate made here for the bucket's host, answering every PUT with 200. The probe reaches it through the
 * production response sender, told only where that host is and to trust this certificate (as the custom resource's
 * tests do); the ResponseURL policy stays as shipped.
 */
final class ResponseBucket implements AutoCloseable {

    static final String HOST = "cloudformation-custom-resource-response-useast1.s3.us-east-1.amazonaws.com";
    static final String TRUST_STORE_PROPERTY = "bench.responseBucket.trustStore";
    static final String PORT_PROPERTY = "bench.responseBucket.port";
    private static final char[] PASSWORD = "bench-only".toCharArray();

    private final HttpsServer server;
    private final Path keyStore;
    private final AtomicInteger puts = new AtomicInteger();

    private ResponseBucket(HttpsServer server, Path keyStore) {
        this.server = server;
        this.keyStore = keyStore;
    }

    static ResponseBucket start(Path directory) {
        try {
            Path keyStore = directory.resolve("response-bucket.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "bucket", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=" + HOST, "-ext", "SAN=dns:" + HOST, "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", new String(PASSWORD),
                    "-keypass", new String(PASSWORD))).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore), PASSWORD);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            ResponseBucket bucket = new ResponseBucket(https, keyStore);
            https.createContext("/", bucket::answer);
            https.start();
            return bucket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A pre-signed URL as CloudFormation makes them, on the bucket's host. */
    static String responseUrl(String requestId) {
        return "https://" + HOST + "/bench%7CDomainRegistration%7C" + requestId
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=bench";
    }

    /** The JVM options that tell a probe where the bucket listens and which certificate to trust. */
    List<String> probeOptions() {
        return List.of("-D" + TRUST_STORE_PROPERTY + "=" + keyStore, "-D" + PORT_PROPERTY + "="
                + server.getAddress().getPort());
    }

    int puts() {
        return puts.get();
    }

    /** In the probe: a TLS client that trusts exactly the bucket's certificate. */
    static SSLSocketFactory trustingClient(Path keyStore) throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(keyStore));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls.getSocketFactory();
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if ("PUT".equals(exchange.getRequestMethod())) {
                puts.incrementAndGet();
            }
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
