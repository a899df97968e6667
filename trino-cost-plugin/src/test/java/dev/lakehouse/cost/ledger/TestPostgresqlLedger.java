package dev.lakehouse.cost.ledger;

import dev.lakehouse.testing.TestingPostgreSqlServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * The ledger on a real PostgreSQL server, one database per test.
 */
@TestInstance(PER_CLASS)
final class TestPostgresqlLedger
        extends AbstractTestLedger
{
    private final AtomicInteger databases = new AtomicInteger();
    private TestingPostgreSqlServer server;
    private String url;

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

    @BeforeEach
    void createDatabase()
    {
        url = server.createDatabase("ledger_" + databases.incrementAndGet());
    }

    @Override
    protected LedgerConnectionFactory createLedgerDatabase()
    {
        return connectionFactory(url, server.password());
    }

    @Override
    protected LedgerConnectionFactory reopenLedgerDatabase()
    {
        return connectionFactory(url, server.password());
    }

    @Test
    void testWrongPasswordIsReportedWithTheUrl()
    {
        try (Ledger ledger = new Ledger(connectionFactory(url, "wrong"))) {
            assertThatThrownBy(ledger::initialize)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Cannot create or open the ledger " + url + ": ")
                    .hasMessageContaining("password authentication failed");
        }
    }

    private LedgerConnectionFactory connectionFactory(String url, String password)
    {
        return new PostgresqlConnectionFactory(new PostgresqlLedgerConfig()
                .setUrl(url)
                .setUser(server.user())
                .setPassword(password));
    }
}
