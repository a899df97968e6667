package dev.lakehouse.connector.merge;

import dev.lakehouse.connector.LakehouseSplit;
import dev.lakehouse.connector.writer.PreviousDeleteFile;
import io.airlift.slice.Slices;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.block.RowBlock;
import io.trino.spi.block.RunLengthEncodedBlock;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.metrics.Metrics;

import java.io.IOException;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.ObjLongConsumer;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;
import static io.trino.spi.predicate.Utils.nativeValueToBlock;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * Fills the {@link MergeRowId row id} channel of a scan's pages from the row positions the Parquet reader
 * appends and the split's data file, and leaves out the channels after the first {@code outputChannels}.
 * The row id is made when the engine asks for its block, after any rows have been dropped.
 */
public final class RowIdPageSource
        implements ConnectorPageSource
{
    private final ConnectorPageSource source;
    private final int rowIdChannel;
    private final int rowPositionChannel;
    private final int outputChannels;
    private final Block filePath;
    private final Block partitionSpecId;
    private final Block partitionData;
    private final Block fileRecordCount;
    private final Block previousDeletes;

    /**
     * @param rowIdChannel the channel of the source's pages that the row id replaces
     * @param rowPositionChannel the channel holding each row's position in the file
     * @param outputChannels how many leading channels the pages keep
     */
    public RowIdPageSource(ConnectorPageSource source, LakehouseSplit split, int rowIdChannel, int rowPositionChannel, int outputChannels)
    {
        this.source = requireNonNull(source, "source is null");
        checkArgument(rowIdChannel < outputChannels, "the row id channel is not an output channel");
        checkArgument(rowIdChannel != rowPositionChannel, "the row id and row position channels are the same");
        this.rowIdChannel = rowIdChannel;
        this.rowPositionChannel = rowPositionChannel;
        this.outputChannels = outputChannels;
        this.filePath = nativeValueToBlock(VARCHAR, Slices.utf8Slice(split.path()));
        this.partitionSpecId = nativeValueToBlock(INTEGER, (long) split.partitionSpecId());
        this.partitionData = nativeValueToBlock(VARCHAR, Slices.utf8Slice(split.partitionData()));
        this.fileRecordCount = nativeValueToBlock(BIGINT, split.fileRecordCount());
        this.previousDeletes = nativeValueToBlock(VARCHAR, Slices.utf8Slice(PreviousDeletesJson.toJson(PreviousDeleteFile.of(split.deletes()))));
    }

    @Override
    public SourcePage getNextSourcePage()
    {
        SourcePage page = source.getNextSourcePage();
        return page == null ? null : new RowIdSourcePage(page);
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
        return source.getMetrics();
    }

    @Override
    public void close()
            throws IOException
    {
        source.close();
    }

    private final class RowIdSourcePage
            implements SourcePage
    {
        private final SourcePage page;
        private Block rowIds;

        private RowIdSourcePage(SourcePage page)
        {
            this.page = requireNonNull(page, "page is null");
        }

        @Override
        public int getPositionCount()
        {
            return page.getPositionCount();
        }

        @Override
        public long getSizeInBytes()
        {
            return page.getSizeInBytes();
        }

        @Override
        public long getRetainedSizeInBytes()
        {
            return page.getRetainedSizeInBytes();
        }

        @Override
        public void retainedBytesForEachPart(ObjLongConsumer<Object> consumer)
        {
            page.retainedBytesForEachPart(consumer);
        }

        @Override
        public int getChannelCount()
        {
            return outputChannels;
        }

        @Override
        public Block getBlock(int channel)
        {
            checkElementIndex(channel, outputChannels);
            if (channel != rowIdChannel) {
                return page.getBlock(channel);
            }
            if (rowIds == null) {
                int positionCount = page.getPositionCount();
                rowIds = RowBlock.fromFieldBlocks(positionCount, new Block[] {
                        RunLengthEncodedBlock.create(filePath, positionCount),
                        page.getBlock(rowPositionChannel),
                        RunLengthEncodedBlock.create(partitionSpecId, positionCount),
                        RunLengthEncodedBlock.create(partitionData, positionCount),
                        RunLengthEncodedBlock.create(fileRecordCount, positionCount),
                        RunLengthEncodedBlock.create(previousDeletes, positionCount)});
            }
            return rowIds;
        }

        @Override
        public Page getPage()
        {
            Block[] blocks = new Block[outputChannels];
            for (int channel = 0; channel < outputChannels; channel++) {
                blocks[channel] = getBlock(channel);
            }
            return new Page(getPositionCount(), blocks);
        }

        @Override
        public void selectPositions(int[] positions, int offset, int size)
        {
            page.selectPositions(positions, offset, size);
            rowIds = null;
        }
    }
}
