package dev.lakehouse.cost.connector;

import com.google.common.collect.ImmutableMap;

import java.nio.file.Path;
import java.util.Map;

final class TestCostQueriesOnSqlite
        extends AbstractTestCostQueries
{
    @Override
    protected Map<String, String> ledgerProperties(Path directory)
    {
        return ImmutableMap.of("cost.ledger.sqlite.path", directory.resolve("ledger.sqlite").toString());
    }
}
