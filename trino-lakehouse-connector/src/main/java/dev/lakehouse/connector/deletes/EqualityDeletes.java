package dev.lakehouse.connector.deletes;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.connector.LakehouseColumnHandle;
import io.trino.spi.block.Block;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.type.Type;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.trino.spi.type.TypeUtils.readNativeValue;
import static java.util.Objects.requireNonNull;

/**
 * The rows deleted by equality delete files with the same equality columns: a row is deleted when its
 * values in those columns equal those of a delete row, nulls equal to nulls.
 */
final class EqualityDeletes
{
    private final List<LakehouseColumnHandle> columns;
    private final Set<List<Object>> deletedKeys = new HashSet<>();

    EqualityDeletes(List<LakehouseColumnHandle> columns)
    {
        this.columns = ImmutableList.copyOf(requireNonNull(columns, "columns is null"));
    }

    List<LakehouseColumnHandle> columns()
    {
        return columns;
    }

    /**
     * Adds the delete rows of a page whose channels are the equality columns, in order.
     */
    void addDeletedRows(SourcePage page)
    {
        Block[] blocks = new Block[columns.size()];
        for (int channel = 0; channel < blocks.length; channel++) {
            blocks[channel] = page.getBlock(channel);
        }
        for (int position = 0; position < page.getPositionCount(); position++) {
            deletedKeys.add(key(blocks, position));
        }
    }

    boolean isEmpty()
    {
        return deletedKeys.isEmpty();
    }

    /**
     * Whether the row at the position is deleted.
     *
     * @param blocks the blocks of the equality columns, in order
     */
    boolean isDeleted(Block[] blocks, int position)
    {
        return deletedKeys.contains(key(blocks, position));
    }

    private List<Object> key(Block[] blocks, int position)
    {
        Object[] values = new Object[blocks.length];
        for (int channel = 0; channel < blocks.length; channel++) {
            Type type = columns.get(channel).type();
            values[channel] = readNativeValue(type, blocks[channel], position);
        }
        // a list that allows nulls, with element-wise equality
        return Arrays.asList(values);
    }
}
