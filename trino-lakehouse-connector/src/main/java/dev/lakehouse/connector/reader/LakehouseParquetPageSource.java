package dev.lakehouse.connector.reader;

import com.google.common.collect.ImmutableList;
import io.trino.parquet.ParquetDataSource;
import io.trino.parquet.reader.ParquetReader;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.metrics.Metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_BAD_DATA;
import static java.util.Objects.requireNonNull;

/**
 * Pages of one split of a Parquet file, from Trino's Parquet reader, in the column layout the engine asked for.
 */
final class LakehouseParquetPageSource
        implements ConnectorPageSource
{
    private final ParquetReader reader;
    private final ParquetDataSource dataSource;
    private final List<ColumnMapping> mappings;
    private final boolean direct;
    private final Metrics pruningMetrics;
    private boolean finished;

    LakehouseParquetPageSource(ParquetReader reader, ParquetDataSource dataSource, List<ColumnMapping> mappings, Metrics pruningMetrics)
    {
        this.reader = requireNonNull(reader, "reader is null");
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.mappings = ImmutableList.copyOf(requireNonNull(mappings, "mappings is null"));
        this.pruningMetrics = requireNonNull(pruningMetrics, "pruningMetrics is null");
        boolean direct = true;
        for (int channel = 0; channel < mappings.size(); channel++) {
            ColumnMapping mapping = mappings.get(channel);
            direct &= mapping.isDirect() && mapping.readerChannel() == channel;
        }
        this.direct = direct;
    }

    @Override
    public long getCompletedBytes()
    {
        return dataSource.getReadBytes();
    }

    @Override
    public long getReadTimeNanos()
    {
        return dataSource.getReadTimeNanos();
    }

    @Override
    public boolean isFinished()
    {
        return finished;
    }

    @Override
    public SourcePage getNextSourcePage()
    {
        if (finished) {
            return null;
        }
        SourcePage page;
        try {
            page = reader.nextPage();
        }
        catch (IOException e) {
            closeAfterFailure(e);
            throw new TrinoException(LAKEHOUSE_BAD_DATA, "Failed to read Parquet file %s: %s".formatted(dataSource.getId(), e.getMessage()), e);
        }
        catch (RuntimeException e) {
            closeAfterFailure(e);
            throw e;
        }
        if (page == null) {
            close();
            return null;
        }
        if (direct) {
            return page;
        }
        return new ProjectedSourcePage(page, mappings);
    }

    @Override
    public long getMemoryUsage()
    {
        return reader.getMemoryContext().getBytes();
    }

    @Override
    public Metrics getMetrics()
    {
        return reader.getMetrics().mergeWith(pruningMetrics);
    }

    @Override
    public void close()
    {
        if (finished) {
            return;
        }
        finished = true;
        try {
            reader.close();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void closeAfterFailure(Exception failure)
    {
        try {
            close();
        }
        catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
