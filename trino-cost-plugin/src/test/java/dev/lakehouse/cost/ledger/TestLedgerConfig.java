package dev.lakehouse.cost.ledger;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.DataSize;
import org.junit.jupiter.api.Test;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.units.DataSize.Unit.MEGABYTE;

final class TestLedgerConfig
{
    @Test
    void testLedgerDefaultsAndMapping()
    {
        assertRecordedDefaults(recordDefaults(LedgerConfig.class)
                .setType(LedgerType.SQLITE));
        assertFullMapping(ImmutableMap.of("cost.ledger.type", "POSTGRESQL"), new LedgerConfig()
                .setType(LedgerType.POSTGRESQL));
    }

    @Test
    void testSqliteDefaultsAndMapping()
    {
        assertRecordedDefaults(recordDefaults(SqliteLedgerConfig.class)
                .setPath("cost/ledger.sqlite"));
        assertFullMapping(ImmutableMap.of("cost.ledger.sqlite.path", "/var/lib/trino/ledger.sqlite"), new SqliteLedgerConfig()
                .setPath("/var/lib/trino/ledger.sqlite"));
    }

    @Test
    void testPostgresqlDefaultsAndMapping()
    {
        assertRecordedDefaults(recordDefaults(PostgresqlLedgerConfig.class)
                .setUrl(null)
                .setUser(null)
                .setPassword(null));
        assertFullMapping(
                ImmutableMap.of(
                        "cost.ledger.postgresql.url", "jdbc:postgresql://db:5432/lakehouse",
                        "cost.ledger.postgresql.user", "cost",
                        "cost.ledger.postgresql.password", "secret"),
                new PostgresqlLedgerConfig()
                        .setUrl("jdbc:postgresql://db:5432/lakehouse")
                        .setUser("cost")
                        .setPassword("secret"));
    }

    @Test
    void testSpoolDefaultsAndMapping()
    {
        assertRecordedDefaults(recordDefaults(SpoolConfig.class)
                .setPath("cost/spool")
                .setSegmentSize(DataSize.of(16, MEGABYTE)));
        assertFullMapping(
                ImmutableMap.of(
                        "cost.spool.path", "/var/lib/trino/cost-spool",
                        "cost.spool.segment-size", "1MB"),
                new SpoolConfig()
                        .setPath("/var/lib/trino/cost-spool")
                        .setSegmentSize(DataSize.of(1, MEGABYTE)));
    }
}
