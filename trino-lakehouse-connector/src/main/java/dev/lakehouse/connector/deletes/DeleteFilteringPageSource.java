package dev.lakehouse.connector.deletes;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.connector.LakehouseColumnHandle;
import io.trino.plugin.base.metrics.LongCount;
import io.trino.spi.block.Block;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.metrics.Metric;
import io.trino.spi.metrics.Metrics;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.lakehouse.connector.LakehouseMetrics.ROWS_DELETED;
import static io.trino.spi.type.BigintType.BIGINT;
import static java.util.Objects.requireNonNull;

/**
 * The rows of a data file's page source that its delete files do not delete. The source reads the columns
 * the engine asked for, then the equality delete columns it did not ask for, then (when rows are deleted by
 * position) each row's position in the file; pages keep the rows not deleted and only the columns asked for.
 * Positions are looked up in a bitmap; other columns are decoded only for the rows kept.
 */
public final class DeleteFilteringPageSource
        implements ConnectorPageSource
{
    private final ConnectorPageSource source;
    private final RowDeletes deletes;
    private final int outputChannels;
    private final int rowPositionChannel;
    private final int[][] equalityChannels;
    private long deletedRows;

    /**
     * @param sourceColumns the columns of the source's pages, without the row position
     * @param outputChannels how many leading channels the engine asked for
     */
    public DeleteFilteringPageSource(ConnectorPageSource source, RowDeletes deletes, List<LakehouseColumnHandle> sourceColumns, int outputChannels)
    {
        this.source = requireNonNull(source, "source is null");
        this.deletes = requireNonNull(deletes, "deletes is null");
        checkArgument(outputChannels <= sourceColumns.size(), "more output channels than source columns");
        this.outputChannels = outputChannels;
        this.rowPositionChannel = deletes.hasDeletedPositions() ? sourceColumns.size() : -1;
        Map<Integer, Integer> channelByFieldId = new HashMap<>();
        for (int channel = sourceColumns.size() - 1; channel >= 0; channel--) {
            channelByFieldId.put(sourceColumns.get(channel).fieldId(), channel);
        }
        List<EqualityDeletes> equalityDeletes = deletes.equalityDeletes();
        this.equalityChannels = new int[equalityDeletes.size()][];
        for (int index = 0; index < equalityDeletes.size(); index++) {
            this.equalityChannels[index] = equalityDeletes.get(index).columns().stream()
                    .mapToInt(column -> requireNonNull(channelByFieldId.get(column.fieldId()), () -> "no channel for equality column " + column))
                    .toArray();
        }
    }

    @Override
    public SourcePage getNextSourcePage()
    {
        SourcePage page = source.getNextSourcePage();
        if (page == null) {
            return null;
        }
        int positionCount = page.getPositionCount();
        int[] kept = new int[positionCount];
        int keptCount = 0;
        Block rowPositions = rowPositionChannel < 0 ? null : page.getBlock(rowPositionChannel);
        List<EqualityDeletes> equalityDeletes = deletes.equalityDeletes();
        Block[][] equalityBlocks = new Block[equalityChannels.length][];
        for (int index = 0; index < equalityChannels.length; index++) {
            equalityBlocks[index] = new Block[equalityChannels[index].length];
            for (int column = 0; column < equalityChannels[index].length; column++) {
                equalityBlocks[index][column] = page.getBlock(equalityChannels[index][column]);
            }
        }
        for (int position = 0; position < positionCount; position++) {
            if (rowPositions != null && deletes.isDeleted(BIGINT.getLong(rowPositions, position))) {
                continue;
            }
            if (isDeletedByEquality(equalityDeletes, equalityBlocks, position)) {
                continue;
            }
            kept[keptCount++] = position;
        }
        if (keptCount < positionCount) {
            deletedRows += positionCount - keptCount;
            page.selectPositions(kept, 0, keptCount);
        }
        return page.getChannelCount() == outputChannels ? page : new LeadingChannelsSourcePage(page, outputChannels);
    }

    private static boolean isDeletedByEquality(List<EqualityDeletes> equalityDeletes, Block[][] equalityBlocks, int position)
    {
        for (int index = 0; index < equalityBlocks.length; index++) {
            if (equalityDeletes.get(index).isDeleted(equalityBlocks[index], position)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long getCompletedBytes()
    {
        return source.getCompletedBytes();
    }

    @Override
    public OptionalLong getCompletedPositions()
    {
        return source.getCompletedPositions();
    }

    @Override
    public long getReadTimeNanos()
    {
        return source.getReadTimeNanos();
    }

    @Override
    public boolean isFinished()
    {
        return source.isFinished();
    }

    @Override
    public CompletableFuture<?> isBlocked()
    {
        return source.isBlocked();
    }

    @Override
    public long getMemoryUsage()
    {
        return source.getMemoryUsage();
    }

    @Override
    public Metrics getMetrics()
    {
        return source.getMetrics().mergeWith(new Metrics(ImmutableMap.<String, Metric<?>>of(ROWS_DELETED, new LongCount(deletedRows))));
    }

    @Override
    public void close()
            throws IOException
    {
        source.close();
    }
}
