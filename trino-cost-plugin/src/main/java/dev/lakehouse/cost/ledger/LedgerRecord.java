package dev.lakehouse.cost.ledger;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.cost.pricing.QueryCost;

import java.util.List;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * One completed query as the ledger keeps it: who ran it, for which team, what it consumed and what
 * it cost. Times are milliseconds since the epoch; data sizes are bytes.
 *
 * @param state Trino's final state of the query ({@code FINISHED} or {@code FAILED})
 * @param errorCode the name of the error a failed query ended with ({@code USER_CANCELED}, ...)
 * @param team the team the query is attributed to, when one matches
 * @param cumulativeMemory memory held over time, in byte-milliseconds
 * @param tables the tables the query read, with the bytes Trino reports for each
 */
public record LedgerRecord(
        String queryId,
        String state,
        Optional<String> errorCode,
        Optional<String> queryType,
        String user,
        Optional<String> team,
        Optional<String> resourceGroup,
        Optional<String> source,
        List<String> clientTags,
        long createTime,
        long endTime,
        long queuedTimeMillis,
        long elapsedTimeMillis,
        long cpuTimeMillis,
        long physicalInputBytes,
        long physicalInputRows,
        long writtenBytes,
        long writtenRows,
        double cumulativeMemory,
        long peakMemoryBytes,
        QueryCost cost,
        List<TableUsage> tables)
{
    public LedgerRecord
    {
        requireNonNull(queryId, "queryId is null");
        checkArgument(!queryId.isEmpty(), "queryId is empty");
        requireNonNull(state, "state is null");
        requireNonNull(errorCode, "errorCode is null");
        requireNonNull(queryType, "queryType is null");
        requireNonNull(user, "user is null");
        requireNonNull(team, "team is null");
        requireNonNull(resourceGroup, "resourceGroup is null");
        requireNonNull(source, "source is null");
        clientTags = ImmutableList.copyOf(requireNonNull(clientTags, "clientTags is null"));
        requireNonNull(cost, "cost is null");
        tables = ImmutableList.copyOf(requireNonNull(tables, "tables is null"));
    }

    /**
     * What a table contributed to a query's input.
     *
     * @param physicalInputBytes bytes read from the table, when its connector reports them
     */
    public record TableUsage(String catalog, String schema, String table, Optional<Long> physicalInputBytes, Optional<Long> physicalInputRows)
    {
        public TableUsage
        {
            requireNonNull(catalog, "catalog is null");
            requireNonNull(schema, "schema is null");
            requireNonNull(table, "table is null");
            requireNonNull(physicalInputBytes, "physicalInputBytes is null");
            requireNonNull(physicalInputRows, "physicalInputRows is null");
        }
    }
}
