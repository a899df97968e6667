package dev.lakehouse.benchmarks;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * One measured run of a query on one catalog: the wall time the client saw (from sending the query
 * to its last row), and the statistics Trino reported for it, exact to the byte.
 *
 * @param cpuMillis the CPU time of all the query's tasks: less disturbed than the wall time by other work on the machine
 * @param scanSplits splits read by table scans (one driver per split), from the coordinator's query record
 * @param totalSplits splits of all stages, as Trino reports them to the client
 * @param planningMillis the coordinator's planning time (analysis, optimization and the table layouts,
 * not the enumeration of splits, which runs as the query is scheduled and counts in the wall time)
 */
public record Execution(String queryId, double wallMillis, long cpuMillis, long scanSplits, long totalSplits, long physicalInputBytes, long processedRows, double planningMillis)
{
    public Execution
    {
        requireNonNull(queryId, "queryId is null");
        checkArgument(wallMillis > 0, "wallMillis is not positive: %s", wallMillis);
    }
}
