package dev.lakehouse.connector.bloom;

/**
 * Where the bloom index stage reports what it did.
 */
public interface BloomIndexCounters
{
    void addFilesSkippedByIndex(long count);

    void addFilesSkippedByIndexForDynamicFilter(long count);

    void addFilesWithoutIndex(long count);

    void addIndexFilesRead(long count);

    void addIndexBytesRead(long bytes);

    void addIndexReadFailures(long count);
}
