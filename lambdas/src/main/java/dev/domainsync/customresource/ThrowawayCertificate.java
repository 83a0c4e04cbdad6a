package dev.domainsync.customresource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A key pair made for one priming handshake and a self-signed certificate for one host name over it (the JDK has no
 * public API that makes a certificate, so its DER is written here: X.509 v3, SHA256withRSA, the host as common name
 * and as the only subject alternative name, valid for an hour either side of now). RSA 2048, as S3's certificates
 * are, so that the handshake verifies the kind of signature a real answer's does. Trusted by nothing but the priming
 * sender that makes it; dropped with it.
 */
final class ThrowawayCertificate {

    private static final int KEY_BITS = 2048;
    private static final Duration VALIDITY = Duration.ofHours(1);
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    // DER of the object identifiers used: commonName, subjectAltName, sha256WithRSAEncryption.
    private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
    private static final byte[] SUBJECT_ALT_NAME = {0x06, 0x03, 0x55, 0x1d, 0x11};
    private static final byte[] SHA256_WITH_RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d,
        0x01, 0x01, 0x0b};
    private static final byte[] NULL = {0x05, 0x00};

    private static final int SEQUENCE = 0x30;
    private static final int SET = 0x31;
    private static final int INTEGER = 0x02;
    private static final int BIT_STRING = 0x03;
    private static final int OCTET_STRING = 0x04;
    private static final int UTF8_STRING = 0x0c;
    private static final int UTC_TIME_TAG = 0x17;
    private static final int VERSION_TAG = 0xa0;
    private static final int EXTENSIONS_TAG = 0xa3;
    private static final int DNS_NAME_TAG = 0x82;
    private static final int X509_V3 = 2;

    private final KeyPair keys;
    private final X509Certificate certificate;

    private ThrowawayCertificate(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    static ThrowawayCertificate forHost(String host) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(KEY_BITS);
        KeyPair keys = generator.generateKeyPair();
        Instant now = Instant.now();
        byte[] name = der(SEQUENCE, der(SET, der(SEQUENCE, COMMON_NAME,
                der(UTF8_STRING, host.getBytes(StandardCharsets.UTF_8)))));
        byte[] algorithm = der(SEQUENCE, SHA256_WITH_RSA, NULL);
        byte[] alternativeNames = der(SEQUENCE, der(DNS_NAME_TAG, host.getBytes(StandardCharsets.US_ASCII)));
        byte[] toBeSigned = der(SEQUENCE,
                der(VERSION_TAG, der(INTEGER, BigInteger.valueOf(X509_V3).toByteArray())),
                der(INTEGER, new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray()),
                algorithm,
                name,
                der(SEQUENCE, time(now.minus(VALIDITY)), time(now.plus(VALIDITY))),
                name,
                keys.getPublic().getEncoded(),
                der(EXTENSIONS_TAG, der(SEQUENCE, der(SEQUENCE, SUBJECT_ALT_NAME,
                        der(OCTET_STRING, alternativeNames)))));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update(toBeSigned);
        byte[] signature = signer.sign();
        byte[] unusedBits = {0};
        byte[] certificate = der(SEQUENCE, toBeSigned, algorithm, der(BIT_STRING, unusedBits, signature));
        return new ThrowawayCertificate(keys, (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate)));
    }

    KeyPair keys() {
        return keys;
    }

    X509Certificate certificate() {
        return certificate;
    }

    private static byte[] time(Instant instant) {
        return der(UTC_TIME_TAG, UTC_TIME.format(instant).getBytes(StandardCharsets.US_ASCII));
    }

    /** One DER element: the tag, the definite length of the parts together, the parts. */
    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        ByteArrayOutputStream element = new ByteArrayOutputStream();
        element.write(tag);
        int length = content.size();
        if (length < 0x80) {
            element.write(length);
        } else {
            byte[] digits = BigInteger.valueOf(length).toByteArray();
            int skip = digits[0] == 0 ? 1 : 0;
            element.write(0x80 | (digits.length - skip));
            element.write(digits, skip, digits.length - skip);
        }
        element.writeBytes(content.toByteArray());
        return element.toByteArray();
    }
}
