package dev.lakehouse.connector.writer;

import io.trino.filesystem.Location;

import static java.util.Objects.requireNonNull;

record WrittenFile(Location location, long fileSize, ParquetFileMetrics metrics)
{
    WrittenFile
    {
        requireNonNull(location, "location is null");
        requireNonNull(metrics, "metrics is null");
    }
}
