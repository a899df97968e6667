package dev.lakehouse.connector.bloom;

import dev.lakehouse.connector.bloom.BloomFilterGroup.Member;
import org.apache.iceberg.puffin.Blob;
import org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.lakehouse.connector.bloom.BloomIndexFormat.BLOCKS_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.BYTES_PER_BLOCK;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.DATA_FILES_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.GROUP_BLOB_TYPE;
import static dev.lakehouse.connector.bloom.BloomIndexPruner.blockIndex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestBloomFilterGroup
{
    @Test
    void testLookupInTheGroupAnswersAsEachFilter()
            throws IOException
    {
        Random random = new Random(42);
        int blocks = 9;
        List<BlockSplitBloomFilter> originals = new ArrayList<>();
        List<DataFileFilter> filters = new ArrayList<>();
        for (int file = 0; file < 7; file++) {
            BlockSplitBloomFilter filter = new BlockSplitBloomFilter(new byte[blocks * BYTES_PER_BLOCK]);
            for (int value = 0; value < 300; value++) {
                filter.insertHash(random.nextLong());
            }
            originals.add(filter);
            ByteArrayOutputStream bitset = new ByteArrayOutputStream();
            filter.writeTo(bitset);
            filters.add(new DataFileFilter(3, "s3://bucket/t/data/" + file + ".parquet", 1000 + file, 300, bitset.toByteArray()));
        }
        Blob blob = BloomFilterGroup.toBlob(3, blocks, filters);
        assertThat(blob.type()).isEqualTo(GROUP_BLOB_TYPE);
        assertThat(blob.inputFields()).containsExactly(3);
        assertThat(blob.properties()).containsEntry(BLOCKS_PROPERTY, "9");
        assertThat(BloomFilterGroup.members(blob.properties().get(DATA_FILES_PROPERTY)))
                .containsExactlyElementsOf(filters.stream().map(filter -> new Member(filter.dataFile(), filter.dataFileSize(), 300)).toList());
        byte[] bytes = toArray(blob.blobData());
        assertThat(bytes).hasSize(7 * blocks * BYTES_PER_BLOCK);

        // hashes inserted and random ones: the block a lookup reads from the group answers as the whole filter
        long blobOffset = 1000;
        for (int lookup = 0; lookup < 20_000; lookup++) {
            long hash = random.nextLong();
            for (int position = 0; position < filters.size(); position++) {
                BloomFilterLocation location = new BloomFilterLocation(blobOffset, position, filters.size(), blocks, 1000 + position, 300);
                int offset = (int) (location.blockOffset(blockIndex(hash, blocks)) - blobOffset);
                BlockSplitBloomFilter block = new BlockSplitBloomFilter(Arrays.copyOfRange(bytes, offset, offset + BYTES_PER_BLOCK));
                assertThat(block.findHash(hash)).isEqualTo(originals.get(position).findHash(hash));
            }
        }
    }

    @Test
    void testFiltersOfAnotherSizeOrColumnAreRefused()
    {
        DataFileFilter filter = new DataFileFilter(3, "a.parquet", 10, 1, new byte[2 * BYTES_PER_BLOCK]);
        assertThatThrownBy(() -> BloomFilterGroup.toBlob(3, 3, List.of(filter)))
                .hasMessage("filter of 2 blocks in a group of 3 blocks");
        assertThatThrownBy(() -> BloomFilterGroup.toBlob(4, 2, List.of(filter)))
                .hasMessage("filter of field 3 in a group of field 4");
    }

    @Test
    void testMalformedDataFilesAreRefused()
    {
        for (String property : List.of("", "[]", "{\"path\":\"a\"}", "[{\"size\":1,\"ndv\":1}]", "[null]", "not json")) {
            assertThatThrownBy(() -> BloomFilterGroup.members(property))
                    .as(property)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Not a list of data files");
        }
    }

    private static byte[] toArray(ByteBuffer buffer)
    {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
