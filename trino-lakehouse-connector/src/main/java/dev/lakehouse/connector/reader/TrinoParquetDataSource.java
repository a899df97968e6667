package dev.lakehouse.connector.reader;

import io.trino.filesystem.TrinoInput;
import io.trino.filesystem.TrinoInputFile;
import io.trino.parquet.AbstractParquetDataSource;
import io.trino.parquet.ParquetDataSourceId;
import io.trino.parquet.ParquetReaderOptions;

import java.io.IOException;

import static java.util.Objects.requireNonNull;

/**
 * A Parquet file read through the Trino file system. Column chunks close to each other are read in one
 * request (up to the reader's merge distance and buffer size), which keeps the requests for a small file
 * to about two: the footer, then the chunks.
 */
final class TrinoParquetDataSource
        extends AbstractParquetDataSource
{
    private final TrinoInput input;

    TrinoParquetDataSource(TrinoInputFile file, long fileSize, ParquetReaderOptions options)
            throws IOException
    {
        super(new ParquetDataSourceId(file.location().toString()), fileSize, options);
        this.input = requireNonNull(file, "file is null").newInput();
    }

    @Override
    protected void readInternal(long position, byte[] buffer, int bufferOffset, int bufferLength)
            throws IOException
    {
        input.readFully(position, buffer, bufferOffset, bufferLength);
    }

    @Override
    public void close()
            throws IOException
    {
        input.close();
    }
}
