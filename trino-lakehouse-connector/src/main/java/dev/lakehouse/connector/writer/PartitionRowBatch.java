package dev.lakehouse.connector.writer;

import io.trino.spi.Page;
import io.trino.spi.PageBuilder;
import io.trino.spi.block.Block;
import io.trino.spi.block.ValueBlock;
import io.trino.spi.type.Type;

import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Rows of one partition gathered from many input pages into one page. A page of a partitioned write
 * spreads over many partitions (TPC-H's lineitem by day: 1 or 2 rows of each of 2,500 days per page);
 * the Parquet writer pays per page and column, so a partition's rows are copied here and written in
 * pages of a useful size.
 */
final class PartitionRowBatch
{
    private static final int INITIAL_EXPECTED_ROWS = 16;

    private final int channelCount;
    private final PageBuilder pageBuilder;
    private int[] valuePositions = new int[0];

    PartitionRowBatch(List<Type> types)
    {
        channelCount = types.size();
        pageBuilder = new PageBuilder(INITIAL_EXPECTED_ROWS, types);
    }

    /**
     * Copies the rows at the positions of the page, in their order.
     */
    void add(Page page, int[] positions, int length)
    {
        checkArgument(page.getChannelCount() == channelCount, "Page has %s channels, expected %s", page.getChannelCount(), channelCount);
        for (int channel = 0; channel < page.getChannelCount(); channel++) {
            Block block = page.getBlock(channel);
            ValueBlock values = block.getUnderlyingValueBlock();
            if (block == values) {
                pageBuilder.getBlockBuilder(channel).appendPositions(values, positions, 0, length);
                continue;
            }
            // a dictionary or run-length block: the positions of its values
            if (valuePositions.length < length) {
                valuePositions = new int[length];
            }
            for (int i = 0; i < length; i++) {
                valuePositions[i] = block.getUnderlyingValuePosition(positions[i]);
            }
            pageBuilder.getBlockBuilder(channel).appendPositions(values, valuePositions, 0, length);
        }
        pageBuilder.declarePositions(length);
    }

    boolean isEmpty()
    {
        return pageBuilder.isEmpty();
    }

    int rowCount()
    {
        return pageBuilder.getPositionCount();
    }

    /**
     * Bytes of the buffers, grown for the rows held or, after {@link #take}, for as many as last time.
     */
    long retainedBytes()
    {
        return pageBuilder.getRetainedSizeInBytes();
    }

    /**
     * The rows held as one page; the batch is empty again.
     */
    Page take()
    {
        Page page = pageBuilder.build();
        pageBuilder.reset();
        return page;
    }
}
