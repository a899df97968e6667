package dev.lakehouse.cost.pricing;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * What a query consumed, as Trino reports it when the query completes.
 *
 * @param physicalInputBytes bytes read from storage
 * @param cpuTimeMillis CPU time on all nodes
 * @param cumulativeMemory memory held over time, in byte-milliseconds (Trino's cumulative user memory)
 * @param writtenBytes bytes written by table writers
 */
public record QueryUsage(long physicalInputBytes, long cpuTimeMillis, double cumulativeMemory, long writtenBytes)
{
    public QueryUsage
    {
        checkArgument(physicalInputBytes >= 0, "physicalInputBytes is negative");
        checkArgument(cpuTimeMillis >= 0, "cpuTimeMillis is negative");
        checkArgument(cumulativeMemory >= 0 && Double.isFinite(cumulativeMemory), "cumulativeMemory is negative or not finite");
        checkArgument(writtenBytes >= 0, "writtenBytes is negative");
    }
}
