package dev.lakehouse.connector.reader;

import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.block.RowBlock;
import io.trino.spi.block.RunLengthEncodedBlock;
import io.trino.spi.connector.SourcePage;

import java.util.List;
import java.util.function.ObjLongConsumer;

import static java.util.Objects.requireNonNull;

/**
 * The page a page source returns, made from the Parquet reader's page: channels in the order the engine
 * asked for, fields taken out of nested rows, and null blocks for columns the file does not have. Blocks
 * stay lazy: a channel is only decoded when the engine reads it.
 */
final class ProjectedSourcePage
        implements SourcePage
{
    private final SourcePage source;
    private final List<ColumnMapping> mappings;
    private final Block[] blocks;

    ProjectedSourcePage(SourcePage source, List<ColumnMapping> mappings)
    {
        this.source = requireNonNull(source, "source is null");
        this.mappings = requireNonNull(mappings, "mappings is null");
        this.blocks = new Block[mappings.size()];
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
        return mappings.size();
    }

    @Override
    public Block getBlock(int channel)
    {
        Block block = blocks[channel];
        if (block == null) {
            block = createBlock(mappings.get(channel));
            blocks[channel] = block;
        }
        return block;
    }

    private Block createBlock(ColumnMapping mapping)
    {
        if (mapping.isNulls()) {
            return RunLengthEncodedBlock.create(mapping.type(), null, source.getPositionCount());
        }
        Block block = source.getBlock(mapping.readerChannel());
        for (int fieldIndex : mapping.dereference()) {
            block = RowBlock.getRowFieldsFromBlock(block).get(fieldIndex);
        }
        return block;
    }

    @Override
    public Page getPage()
    {
        Block[] page = new Block[mappings.size()];
        for (int channel = 0; channel < page.length; channel++) {
            page[channel] = getBlock(channel);
        }
        return new Page(getPositionCount(), page);
    }

    @Override
    public void selectPositions(int[] positions, int offset, int size)
    {
        source.selectPositions(positions, offset, size);
        for (int channel = 0; channel < blocks.length; channel++) {
            blocks[channel] = null;
        }
    }
}
