package dev.domainsync.customresource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import javax.naming.ldap.LdapName;
import org.junit.jupiter.api.Test;

/**
 * The response sender's priming: the TLS handshake and PUT of an answer against a server inside the JVM, with a
 * certificate made for it that nothing else trusts; no real host is resolved, and nothing stays open.
 */
class HttpResponseSenderPrimingTest {

    private static final CustomResourceResponse ANSWER = new CustomResourceResponse(
            CustomResourceResponse.Status.SUCCESS, null, "id", "stack", "request", "DomainRegistration", false,
            new CustomResourceResponse.Data("a.example.com"));

    @Test
    void prime_answersOverVerifiedTlsWithoutResolvingAnyHostAndLeavesNoThread() {
        List<String> resolved = new ArrayList<>();
        HttpResponseSender production = new HttpResponseSender(List.of(), (host, port) -> {
            resolved.add(host);
            throw new AssertionError("priming resolved " + host);
        }, (SSLSocketFactory) SSLSocketFactory.getDefault());

        // send() throws unless the bucket answered 2xx, so returning is the proof of a delivered PUT.
        production.prime();

        assertThat(resolved).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("priming-response-bucket");
    }

    @Test
    void loopbackBucket_takesOnePutVerifiedAgainstTheResponseHost() throws Exception {
        LoopbackResponseBucket bucket = LoopbackResponseBucket.start();
        try (bucket) {
            new HttpResponseSender(List.of(), bucket::resolve, bucket.client())
                    .send(LoopbackResponseBucket.RESPONSE_URL, ANSWER);
        }

        assertThat(bucket.puts()).isEqualTo(1);
    }

    @Test
    void loopbackBucketsCertificate_isNotTrustedByTheSystemTrustStore() throws Exception {
        try (LoopbackResponseBucket bucket = LoopbackResponseBucket.start()) {
            HttpResponseSender systemTrust = new HttpResponseSender(List.of(), bucket::resolve,
                    (SSLSocketFactory) SSLSocketFactory.getDefault());

            Throwable thrown = catchThrowable(() -> systemTrust.send(LoopbackResponseBucket.RESPONSE_URL, ANSWER));

            assertThat(thrown).isInstanceOf(ResponseNotDeliveredException.class)
                    .hasMessageContaining("SSLHandshakeException");
            assertThat(bucket.puts()).isZero();
        }
    }

    @Test
    void throwawayCertificate_namesOnlyItsHostIsSelfSignedAndValidNow() throws Exception {
        ThrowawayCertificate made = ThrowawayCertificate.forHost("bucket.example.com");
        X509Certificate certificate = made.certificate();

        certificate.verify(made.keys().getPublic());
        certificate.checkValidity();
        assertThat(new LdapName(certificate.getSubjectX500Principal().getName()).getRdns())
                .extracting(rdn -> rdn.getType() + "=" + rdn.getValue()).containsExactly("CN=bucket.example.com");
        assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(2, "bucket.example.com"));
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(certificate.getNotAfter().toInstant()).isBefore(Instant.now().plusSeconds(2 * 3600));
    }
}
