package dev.lakehouse.connector.writer;

import com.google.common.collect.ImmutableList;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.DictionaryBlock;
import io.trino.spi.block.RunLengthEncodedBlock;
import io.trino.spi.type.Type;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestPartitionRowBatch
{
    private static final List<Type> TYPES = ImmutableList.of(BIGINT, VARCHAR);

    @Test
    void testRowsOfSeveralPagesKeepTheirOrder()
    {
        PartitionRowBatch batch = new PartitionRowBatch(TYPES);
        assertThat(batch.isEmpty()).isTrue();

        batch.add(page(0, 10), new int[] {7, 2, 9}, 3);
        batch.add(page(100, 5), new int[] {4, 0, 1}, 2);
        assertThat(batch.rowCount()).isEqualTo(5);
        assertThat(batch.retainedBytes()).isPositive();

        Page rows = batch.take();
        assertThat(values(rows)).containsExactly("7:v7", "2:v2", "9:v9", "104:v104", "100:v100");
        assertThat(batch.isEmpty()).isTrue();

        batch.add(page(50, 3), new int[] {2}, 1);
        assertThat(values(batch.take())).containsExactly("52:v52");
    }

    @Test
    void testDictionaryAndRunLengthBlocksCopyTheirValues()
    {
        Page values = page(0, 4);
        Block dictionaryKeys = DictionaryBlock.create(6, values.getBlock(0), new int[] {3, 3, 1, 0, 2, 1});
        Block constantNames = RunLengthEncodedBlock.create(varchars("same"), 6);
        PartitionRowBatch batch = new PartitionRowBatch(TYPES);

        batch.add(new Page(dictionaryKeys, constantNames), new int[] {0, 2, 5, 3}, 4);

        assertThat(values(batch.take())).containsExactly("3:same", "1:same", "1:same", "0:same");
    }

    @Test
    void testPageOfOtherChannelsIsRefused()
    {
        PartitionRowBatch batch = new PartitionRowBatch(TYPES);
        Page oneChannel = new Page(page(0, 2).getBlock(0));
        assertThatThrownBy(() -> batch.add(oneChannel, new int[] {0}, 1))
                .hasMessage("Page has 1 channels, expected 2");
    }

    private static Page page(long first, int rows)
    {
        BlockBuilder keys = BIGINT.createBlockBuilder(null, rows);
        BlockBuilder names = VARCHAR.createBlockBuilder(null, rows);
        for (long key = first; key < first + rows; key++) {
            BIGINT.writeLong(keys, key);
            VARCHAR.writeSlice(names, utf8Slice("v" + key));
        }
        return new Page(keys.build(), names.build());
    }

    private static Block varchars(String value)
    {
        BlockBuilder builder = VARCHAR.createBlockBuilder(null, 1);
        VARCHAR.writeSlice(builder, utf8Slice(value));
        return builder.build();
    }

    private static List<String> values(Page page)
    {
        ImmutableList.Builder<String> values = ImmutableList.builder();
        for (int position = 0; position < page.getPositionCount(); position++) {
            values.add(BIGINT.getLong(page.getBlock(0), position) + ":" + VARCHAR.getSlice(page.getBlock(1), position).toStringUtf8());
        }
        return values.build();
    }
}
