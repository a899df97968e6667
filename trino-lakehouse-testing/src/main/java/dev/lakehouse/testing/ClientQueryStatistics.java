package dev.lakehouse.testing;

import io.trino.jdbc.QueryStats;

import static java.util.Objects.requireNonNull;

/**
 * The statistics Trino reports to its clients for a finished query (the client protocol's final
 * {@code stats}), exact to the byte and millisecond.
 */
public record ClientQueryStatistics(
        String queryId,
        String state,
        int nodes,
        int totalSplits,
        int completedSplits,
        long cpuTimeMillis,
        long wallTimeMillis,
        long elapsedTimeMillis,
        long processedRows,
        long processedBytes,
        long physicalInputBytes,
        long physicalWrittenBytes,
        long peakMemoryBytes)
{
    public ClientQueryStatistics
    {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(state, "state is null");
    }

    static ClientQueryStatistics from(QueryStats stats)
    {
        return new ClientQueryStatistics(
                stats.getQueryId(),
                stats.getState(),
                stats.getNodes(),
                stats.getTotalSplits(),
                stats.getCompletedSplits(),
                stats.getCpuTimeMillis(),
                stats.getWallTimeMillis(),
                stats.getElapsedTimeMillis(),
                stats.getProcessedRows(),
                stats.getProcessedBytes(),
                stats.getPhysicalInputBytes(),
                stats.getPhysicalWrittenBytes(),
                stats.getPeakMemoryBytes());
    }
}
