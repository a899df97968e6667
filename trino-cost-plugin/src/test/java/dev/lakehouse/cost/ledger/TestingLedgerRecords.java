package dev.lakehouse.cost.ledger;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.cost.ledger.LedgerRecord.TableUsage;
import dev.lakehouse.cost.pricing.QueryCost;

import java.time.Instant;
import java.util.Optional;

public final class TestingLedgerRecords
{
    private TestingLedgerRecords() {}

    /**
     * A finished query of the team that ended at {@code endTime} and cost {@code costMicros}
     * (all of it for CPU).
     */
    public static LedgerRecord record(String queryId, Optional<String> team, Instant endTime, long costMicros)
    {
        return new LedgerRecord(
                queryId,
                "FINISHED",
                Optional.empty(),
                Optional.of("SELECT"),
                "alice",
                team,
                Optional.of("global.adhoc"),
                Optional.of("trino-cli"),
                ImmutableList.of("a", "b"),
                endTime.toEpochMilli() - 1500,
                endTime.toEpochMilli(),
                10,
                1500,
                2345,
                1_000_000,
                1000,
                0,
                0,
                123456.5,
                4096,
                new QueryCost(0, costMicros, 0, 0),
                ImmutableList.of(
                        new TableUsage("tpch", "tiny", "orders", Optional.of(600_000L), Optional.of(15000L)),
                        new TableUsage("memory", "default", "t", Optional.empty(), Optional.empty())));
    }
}
