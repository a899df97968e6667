package dev.lakehouse.cost.connector;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.testing.TestingPostgreSqlServer;

import java.nio.file.Path;
import java.util.Map;

/**
 * The same queries with the ledger in a real PostgreSQL server.
 */
final class TestCostQueriesOnPostgresql
        extends AbstractTestCostQueries
{
    private TestingPostgreSqlServer server;

    @Override
    protected Map<String, String> ledgerProperties(Path directory)
    {
        server = new TestingPostgreSqlServer();
        return ImmutableMap.of(
                "cost.ledger.type", "POSTGRESQL",
                "cost.ledger.postgresql.url", server.createDatabase("ledger"),
                "cost.ledger.postgresql.user", server.user(),
                "cost.ledger.postgresql.password", server.password());
    }

    @Override
    protected void stopLedger()
    {
        if (server != null) {
            server.close();
        }
    }
}
