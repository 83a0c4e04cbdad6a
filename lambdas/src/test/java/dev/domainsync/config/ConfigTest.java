package dev.domainsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domainsync.config.Config.InvalidConfigException;
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
        assertThat(config.databaseSchema()).isEqualTo("public");
        assertThat(config.jdbcUrl()).isEmpty();
        assertThat(config.cloudFormationEndpoint()).isEmpty();
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
