package dev.domainsync.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** The second test sees what {@link TestDatabaseCleanup} did after the first. */
@ExtendWith(TestDatabaseCleanup.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestDatabaseCleanupTest {

    private static TestDatabase forTheClass;
    private static String firstTestsDatabase;
    private static String firstTestsEmptyDatabase;
    private static Connection leftOpen;

    private final TestDatabase forTheTest = TestDatabases.migrated();

    @BeforeAll
    static void createOneForTheClass() {
        forTheClass = TestDatabases.migrated();
    }

    @Test
    @Order(1)
    void firstTest_hasItsDatabases_andLeavesAConnectionOpen() throws SQLException {
        firstTestsDatabase = forTheTest.name();
        firstTestsEmptyDatabase = TestDatabases.empty().name();
        leftOpen = DriverManager.getConnection(forTheTest.jdbcUrl());

        assertThat(exists(firstTestsDatabase)).isTrue();
        assertThat(exists(firstTestsEmptyDatabase)).isTrue();
    }

    @Test
    @Order(2)
    void secondTest_theFirstTestsDatabasesAreDropped_itsConnectionClosed_theClassDatabaseKept() throws SQLException {
        assertThat(firstTestsDatabase).as("the first test ran").isNotNull();

        assertThat(exists(firstTestsDatabase)).isFalse();
        assertThat(exists(firstTestsEmptyDatabase)).isFalse();
        assertThat(leftOpen.isValid(5)).isFalse();
        assertThat(exists(forTheClass.name())).isTrue();
        assertThat(exists(forTheTest.name())).isTrue();
    }

    private static boolean exists(String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                TestDatabases.jdbcUrl(TestDatabases.port(), "postgres"));
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM pg_database WHERE datname = ?")) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(1) == 1;
            }
        }
    }
}
