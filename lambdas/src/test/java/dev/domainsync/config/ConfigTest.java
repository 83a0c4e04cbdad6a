package dev.domainsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domainsync.config.InvalidConfigException;
import dev.domainsync.config.SslMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {

    @Test
    void emptyEnvironment_givesDesignDefaults() {
        Config config = Config.from(Map.of());

        assertThat(config.sync().descriptionPattern().pattern()).isEqualTo("(?i)cloudfront");
        assertThat(config.sync().domainParameter()).isEqualTo("CustomDomainName");
        assertThat(config.sync().groupParameter()).isEqualTo("GroupId");
        assertThat(config.sync().overlap()).isEqualTo(Duration.ofHours(6));
        assertThat(config.sync().pruneGuardPercent()).isEqualTo(25);
        assertThat(config.databaseSchema()).isEqualTo("domain_sync");
        assertThat(config.jdbcUrl()).isEmpty();
        assertThat(config.cloudFormationEndpoint()).isEmpty();
        assertThat(config.databaseSslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(config.databaseSecretArn()).isEmpty();
        assertThat(config.databaseSslRootCert()).isEmpty();
    }

    @Test
    void databaseSettingsForASecret_areRead() {
        Config config = Config.from(Map.of(
                "DB_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds-db-credentials-AbCdEf",
                "SECRETS_MANAGER_ENDPOINT_URL", "http://127.0.0.1:4566", "DB_HOST", "db.example.internal",
                "DB_PORT", "6432", "DB_NAME", "platform", "DB_SSL_MODE", "disable",
                "DB_SSL_ROOT_CERT", "/var/task/rds-global-bundle.pem"));

        assertThat(config.databaseSecretArn()).hasValueSatisfying(arn -> assertThat(arn).endsWith("AbCdEf"));
        assertThat(config.secretsManagerEndpoint()).hasValueSatisfying(uri -> assertThat(uri.getPort()).isEqualTo(4566));
        assertThat(config.databaseHost()).contains("db.example.internal");
        assertThat(config.databasePort()).contains(6432);
        assertThat(config.databaseName()).contains("platform");
        assertThat(config.databaseSslMode()).isEqualTo(SslMode.DISABLE);
        assertThat(config.databaseSslRootCert()).contains(Path.of("/var/task/rds-global-bundle.pem"));
    }

    @Test
    void secretName_isAcceptedAsWellAsAnArn() {
        assertThat(Config.from(Map.of("DB_SECRET_ARN", "prod/domain-sync/db")).databaseSecretArn())
                .contains("prod/domain-sync/db");
    }

    @Test
    void everySetting_isRead() {
        Config config = Config.from(Map.of(
                "DESCRIPTION_PATTERN", "^Edge", "DOMAIN_PARAMETER", "Domain", "GROUP_PARAMETER", "Team",
                "OVERLAP", "PT1H", "PRUNE_GUARD_PERCENT", "10", "AWS_REGION", "eu-west-1",
                "CLOUDFORMATION_ENDPOINT_URL", "http://127.0.0.1:4566", "DB_SCHEMA", "sync",
                "LEASE_DURATION", "PT2H", "DB_JDBC_URL", "jdbc:postgresql://db/app"));

        assertThat(config.sync().descriptionPattern().matcher("Edge for x").find()).isTrue();
        assertThat(config.sync().domainParameter()).isEqualTo("Domain");
        assertThat(config.sync().groupParameter()).isEqualTo("Team");
        assertThat(config.sync().overlap()).isEqualTo(Duration.ofHours(1));
        assertThat(config.sync().pruneGuardPercent()).isEqualTo(10);
        assertThat(config.region()).contains("eu-west-1");
        assertThat(config.cloudFormationEndpoint()).hasValueSatisfying(uri -> assertThat(uri.getPort()).isEqualTo(4566));
        assertThat(config.databaseSchema()).isEqualTo("sync");
        assertThat(config.leaseDuration()).isEqualTo(Duration.ofHours(2));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "DESCRIPTION_PATTERN         | (unclosed",
            "DOMAIN_PARAMETER            | Custom-Domain",
            "GROUP_PARAMETER             | Group Id",
            "OVERLAP                     | 6h",
            "OVERLAP                     | -PT1H",
            "PRUNE_GUARD_PERCENT         | 101",
            "PRUNE_GUARD_PERCENT         | ten",
            "CLOUDFORMATION_ENDPOINT_URL | ftp://x",
            "DB_SCHEMA                   | public; drop table x",
            "DB_JDBC_URL                 | jdbc:mysql://db/app",
            "DB_SECRET_ARN               | arn:aws:s3:::bucket/secret",
            "SECRETS_MANAGER_ENDPOINT_URL | file:///etc/passwd",
            "DB_HOST                     | db host",
            "DB_PORT                     | 0",
            "DB_PORT                     | 5432x",
            "DB_NAME                     | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "DB_SSL_MODE                 | require",
    })
    void invalidVariable_isNamedInTheError(String name, String value) {
        assertThatThrownBy(() -> Config.from(Map.of(name, value)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(name);
    }

    @Test
    void jdbcUrlWithPassword_isNeverPrinted() {
        Config config = Config.from(Map.of("DB_JDBC_URL", "jdbc:postgresql://db/app?user=u&password=s3cret"));

        assertThat(config.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> Config.from(Map.of("DB_JDBC_URL", "jdbc:mysql://db/app?password=s3cret")))
                .hasMessageNotContaining("s3cret");
    }
}
