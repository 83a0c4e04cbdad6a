package dev.domainsync.registry;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestDatabaseServerTest {

    @Test
    void start_unknownChoice_namesThePropertyAndTheChoices() {
        assertThatThrownBy(() -> TestDatabaseServer.start("docker", TestDatabaseServer.DEFAULT_IMAGE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Ddomainsync.test.db=docker is not a test database: use embedded, container or auto");
    }

    @Test
    void start_blankImage_namesTheProperty() {
        assertThatThrownBy(() -> TestDatabaseServer.start("container", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Ddomainsync.test.db.image is empty: name a PostgreSQL image, such as postgres:17");
    }
}
