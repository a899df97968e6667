package dev.lakehouse.connector.bloom;

/**
 * Where the bloom index stage reports what it did.
 */
public interface BloomIndexCounters
{
    /** Counters for a caller that reports nothing. */
    BloomIndexCounters IGNORED = new BloomIndexCounters()
    {
        @Override
        public void addFilesSkippedByIndex(long count) {}

        @Override
        public void addFilesSkippedByIndexForDynamicFilter(long count) {}

        @Override
        public void addFilesWithoutIndex(long count) {}

        @Override
        public void addIndexFilesRead(long count) {}

        @Override
        public void addIndexBytesRead(long bytes) {}

        @Override
        public void addIndexReadFailures(long count) {}
    };

    void addFilesSkippedByIndex(long count);

    void addFilesSkippedByIndexForDynamicFilter(long count);

    void addFilesWithoutIndex(long count);

    void addIndexFilesRead(long count);

    void addIndexBytesRead(long bytes);

    void addIndexReadFailures(long count);
}
