package dev.lakehouse.connector.deletes;

import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.connector.SourcePage;

import java.util.function.ObjLongConsumer;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;
import static java.util.Objects.requireNonNull;

/**
 * The first channels of a page: the columns the engine asked for, without those read only to find deleted rows.
 */
final class LeadingChannelsSourcePage
        implements SourcePage
{
    private final SourcePage source;
    private final int channelCount;

    LeadingChannelsSourcePage(SourcePage source, int channelCount)
    {
        this.source = requireNonNull(source, "source is null");
        checkArgument(channelCount <= source.getChannelCount(), "more channels than the page has");
        this.channelCount = channelCount;
    }

    @Override
    public int getPositionCount()
    {
        return source.getPositionCount();
    }

    @Override
    public long getSizeInBytes()
    {
        return source.getSizeInBytes();
    }

    @Override
    public long getRetainedSizeInBytes()
    {
        return source.getRetainedSizeInBytes();
    }

    @Override
    public void retainedBytesForEachPart(ObjLongConsumer<Object> consumer)
    {
        source.retainedBytesForEachPart(consumer);
    }

    @Override
    public int getChannelCount()
    {
        return channelCount;
    }

    @Override
    public Block getBlock(int channel)
    {
        checkElementIndex(channel, channelCount);
        return source.getBlock(channel);
    }

    @Override
    public Page getPage()
    {
        Block[] blocks = new Block[channelCount];
        for (int channel = 0; channel < channelCount; channel++) {
            blocks[channel] = source.getBlock(channel);
        }
        return new Page(getPositionCount(), blocks);
    }

    @Override
    public void selectPositions(int[] positions, int offset, int size)
    {
        source.selectPositions(positions, offset, size);
    }
}
