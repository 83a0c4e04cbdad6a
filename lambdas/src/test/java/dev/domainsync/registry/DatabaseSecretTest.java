package dev.domainsync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseSecretTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds-db-credentials-AbCdEf";
    private static final String PASSWORD = "Zq9!secret-Pa55";

    @Test
    void rdsGeneratedSecret_givesEveryField() {
        DatabaseSecret secret = DatabaseSecret.parse(ARN, """
                {"username": "domain_sync", "password": "%s", "engine": "postgres",
                 "host": "db.cluster-abc.eu-west-1.rds.amazonaws.com", "port": 5432, "dbname": "platform",
                 "dbInstanceIdentifier": "platform-db"}""".formatted(PASSWORD));

        assertThat(secret).isEqualTo(new DatabaseSecret("domain_sync", PASSWORD,
                Optional.of("db.cluster-abc.eu-west-1.rds.amazonaws.com"), Optional.of(5432), Optional.of("platform")));
    }

    @Test
    void rdsManagedMasterUserSecret_hasCredentialsOnly() {
        DatabaseSecret secret = DatabaseSecret.parse(ARN, "{\"username\": \"postgres\", \"password\": \"x\"}");

        assertThat(secret.host()).isEmpty();
        assertThat(secret.port()).isEmpty();
        assertThat(secret.databaseName()).isEmpty();
    }

    @Test
    void portAsAString_isAccepted() {
        assertThat(DatabaseSecret.parse(ARN, "{\"username\": \"u\", \"password\": \"p\", \"port\": \"6432\"}").port())
                .contains(6432);
    }

    @Test
    void toString_hidesThePassword() {
        DatabaseSecret secret = DatabaseSecret.parse(ARN, "{\"username\": \"u\", \"password\": \"" + PASSWORD + "\"}");

        assertThat(secret.toString()).doesNotContain(PASSWORD).contains("password=(hidden)");
    }

    @Test
    void missingPassword_namesTheFieldAndTheSecret() {
        Throwable thrown = catchThrowable(() -> DatabaseSecret.parse(ARN, "{\"username\": \"u\"}"));

        assertThat(thrown).isInstanceOf(DatabaseException.class)
                .hasMessage("secret " + ARN + " has no 'password' string");
    }

    @Test
    void textThatIsNotJson_failsWithoutRepeatingIt() {
        Throwable thrown = catchThrowable(() -> DatabaseSecret.parse(ARN, "username=u password=" + PASSWORD));

        assertThat(thrown).isInstanceOf(DatabaseException.class).hasNoCause()
                .hasMessage("secret " + ARN + " is not a JSON object");
    }

    @Test
    void portThatIsNoPort_failsWithoutRepeatingIt() {
        Throwable thrown = catchThrowable(() -> DatabaseSecret.parse(ARN,
                "{\"username\": \"u\", \"password\": \"p\", \"port\": \"" + PASSWORD + "\"}"));

        assertThat(thrown).isInstanceOf(DatabaseException.class)
                .hasMessage("secret " + ARN + " has a 'port' that is not a port number");
    }
}
