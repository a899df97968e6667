package dev.lakehouse.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

@TestInstance(PER_CLASS)
final class TestTestingPostgreSqlServer
{
    private TestingPostgreSqlServer server;

    @BeforeAll
    void startServer()
    {
        server = new TestingPostgreSqlServer();
    }

    @AfterAll
    void stopServer()
    {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void testCreateDatabaseInsertSelect()
            throws SQLException
    {
        String jdbcUrl = server.createDatabase("sales");
        assertThat(jdbcUrl).isEqualTo("jdbc:postgresql://127.0.0.1:%s/sales".formatted(server.port()));

        try (Connection connection = DriverManager.getConnection(jdbcUrl, server.user(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer varchar(20) NOT NULL, total numeric(10, 2))");
            assertThat(statement.executeUpdate("INSERT INTO orders VALUES (1, 'alice', 10.50), (2, 'bob', 7.25), (3, 'alice', 1.00)")).isEqualTo(3);

            List<String> rows = new ArrayList<>();
            try (ResultSet resultSet = statement.executeQuery("SELECT customer, sum(total), count(*) FROM orders GROUP BY customer ORDER BY customer")) {
                while (resultSet.next()) {
                    rows.add(resultSet.getString(1) + " " + resultSet.getBigDecimal(2) + " " + resultSet.getLong(3));
                }
            }
            assertThat(rows).containsExactly("alice 11.50 2", "bob 7.25 1");

            try (ResultSet resultSet = statement.executeQuery("SELECT current_database(), current_user")) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getString(1)).isEqualTo("sales");
                assertThat(resultSet.getString(2)).isEqualTo(server.user());
            }
        }
    }

    @Test
    void testDatabasesAreSeparate()
            throws SQLException
    {
        String first = server.createDatabase("ledger_one");
        String second = server.createDatabase("ledger_two");
        try (Connection connection = server.connect(first); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE spend (team varchar, amount double precision)");
        }
        try (Connection connection = server.connect(second); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM spend"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("relation \"spend\" does not exist");
        }
    }

    @Test
    void testPasswordIsRequired()
    {
        assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), server.user(), "wrong").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed for user \"lakehouse\"");
    }

    @Test
    void testInvalidDatabaseName()
    {
        assertThatThrownBy(() -> server.createDatabase("Robert'); DROP TABLE students;--"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid database name 'Robert'); DROP TABLE students;--'");
    }

    @Test
    void testCloseStopsServerWithOpenConnections()
            throws Exception
    {
        TestingPostgreSqlServer closed = new TestingPostgreSqlServer();
        String jdbcUrl = closed.jdbcUrl();
        Path dataDirectory;
        List<ProcessHandle> processes = new ArrayList<>();
        // a client still connected must not hold up the stop (PostgreSQL's smart shutdown would wait for it)
        try (Connection connection = closed.connect(); Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery("SELECT current_setting('data_directory')")) {
            assertThat(resultSet.next()).isTrue();
            dataDirectory = Path.of(resultSet.getString(1));
            processes.addAll(closed.process().descendants().toList());
            processes.add(closed.process());
            assertThat(processes).hasSizeGreaterThan(2);

            closed.close();
        }
        finally {
            // when an assertion above failed
            closed.close();
        }

        for (ProcessHandle process : processes) {
            assertThat(process.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        }
        assertThat(Files.exists(dataDirectory)).isFalse();
        assertThatThrownBy(() -> DriverManager.getConnection(jdbcUrl, closed.user(), closed.password()).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Connection to 127.0.0.1:%s refused".formatted(closed.port()));
        // closing twice is harmless
        closed.close();
    }
}
