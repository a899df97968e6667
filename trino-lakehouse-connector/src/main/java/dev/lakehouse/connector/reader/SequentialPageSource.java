package dev.lakehouse.connector.reader;

import com.google.common.collect.ImmutableList;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.metrics.Metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The pages of several page sources, one after the other: each is opened when the one before it is done
 * and closed then, so one file at a time is open and held in memory.
 */
public final class SequentialPageSource
        implements ConnectorPageSource
{
    private final Iterator<Supplier<ConnectorPageSource>> sources;
    private ConnectorPageSource current;
    // of the sources already done
    private long completedBytes;
    private long completedPositions;
    private boolean completedPositionsKnown = true;
    private long readTimeNanos;
    private Metrics metrics = Metrics.EMPTY;
    private boolean closed;

    public SequentialPageSource(List<Supplier<ConnectorPageSource>> sources)
    {
        this.sources = ImmutableList.copyOf(requireNonNull(sources, "sources is null")).iterator();
    }

    @Override
    public SourcePage getNextSourcePage()
    {
        while (!closed) {
            if (current == null) {
                if (!sources.hasNext()) {
                    return null;
                }
                current = sources.next().get();
            }
            SourcePage page = current.getNextSourcePage();
            if (page != null || !current.isFinished()) {
                return page;
            }
            closeCurrent();
        }
        return null;
    }

    @Override
    public boolean isFinished()
    {
        return closed || (current == null && !sources.hasNext());
    }

    @Override
    public CompletableFuture<?> isBlocked()
    {
        return current == null ? NOT_BLOCKED : current.isBlocked();
    }

    @Override
    public long getCompletedBytes()
    {
        return completedBytes + (current == null ? 0 : current.getCompletedBytes());
    }

    @Override
    public OptionalLong getCompletedPositions()
    {
        if (!completedPositionsKnown) {
            return OptionalLong.empty();
        }
        if (current == null) {
            return OptionalLong.of(completedPositions);
        }
        OptionalLong currentPositions = current.getCompletedPositions();
        return currentPositions.isPresent() ? OptionalLong.of(completedPositions + currentPositions.getAsLong()) : OptionalLong.empty();
    }

    @Override
    public long getReadTimeNanos()
    {
        return readTimeNanos + (current == null ? 0 : current.getReadTimeNanos());
    }

    @Override
    public long getMemoryUsage()
    {
        return current == null ? 0 : current.getMemoryUsage();
    }

    @Override
    public Metrics getMetrics()
    {
        return current == null ? metrics : metrics.mergeWith(current.getMetrics());
    }

    @Override
    public void close()
            throws IOException
    {
        if (closed) {
            return;
        }
        closed = true;
        if (current != null) {
            ConnectorPageSource source = retireCurrent();
            source.close();
        }
    }

    private void closeCurrent()
    {
        ConnectorPageSource source = retireCurrent();
        try {
            source.close();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Counts what the current source read with what the sources before it did (the engine takes the
     * differences of these figures, which must never go back), and returns it, no longer current.
     */
    private ConnectorPageSource retireCurrent()
    {
        ConnectorPageSource source = current;
        current = null;
        completedBytes += source.getCompletedBytes();
        OptionalLong positions = source.getCompletedPositions();
        if (positions.isPresent()) {
            completedPositions += positions.getAsLong();
        }
        else {
            completedPositionsKnown = false;
        }
        readTimeNanos += source.getReadTimeNanos();
        metrics = metrics.mergeWith(source.getMetrics());
        return source;
    }
}
