package dev.lakehouse.connector.merge;

import io.trino.spi.connector.ConnectorPartitioningHandle;

/**
 * How the deleted rows of a DELETE, UPDATE or MERGE are distributed to writers: by the data file they are
 * in, so that all deleted rows of a data file reach one writer, which writes one delete file (or one
 * deletion vector, as format version 3 requires) for it.
 */
public record DataFilePartitioningHandle()
        implements ConnectorPartitioningHandle {}
