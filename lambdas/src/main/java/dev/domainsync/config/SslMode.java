package dev.domainsync.config;

/**
 * How a connection made from {@code DB_SECRET_ARN} protects itself: {@code verify-full} (the default: TLS,
 * the server's certificate checked against {@code DB_SSL_ROOT_CERT} and its name against the host) or
 * {@code disable}, no TLS, meant only for a database on the local machine. A {@code DB_JDBC_URL} says its own.
 */
public enum SslMode {
    VERIFY_FULL("verify-full"),
    DISABLE("disable");

    private final String value;

    SslMode(String value) {
        this.value = value;
    }

    /** The value of pgjdbc's {@code sslmode}. */
    public String value() {
        return value;
    }
}
