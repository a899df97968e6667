package dev.lakehouse.connector.reader;

import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.metrics.Metrics;

import static java.util.Objects.requireNonNull;

/**
 * The page source of a split that has no row to return, with the metrics that say why.
 */
public final class SkippedSplitPageSource
        implements ConnectorPageSource
{
    private final Metrics metrics;

    public SkippedSplitPageSource(Metrics metrics)
    {
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    public long getCompletedBytes()
    {
        return 0;
    }

    @Override
    public long getReadTimeNanos()
    {
        return 0;
    }

    @Override
    public boolean isFinished()
    {
        return true;
    }

    @Override
    public SourcePage getNextSourcePage()
    {
        return null;
    }

    @Override
    public long getMemoryUsage()
    {
        return 0;
    }

    @Override
    public Metrics getMetrics()
    {
        return metrics;
    }

    @Override
    public void close() {}
}
