package dev.lakehouse.connector.bloom;

import org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.SplittableRandom;

import static dev.lakehouse.connector.bloom.BloomIndexFormat.BYTES_PER_BLOCK;
import static java.lang.Math.toIntExact;
import static org.assertj.core.api.Assertions.assertThat;

final class TestBloomIndexPruner
{
    @Test
    void testOneBlockAnswersAsTheWholeFilter()
    {
        SplittableRandom random = new SplittableRandom(42);
        for (int blockCount : new int[] {1, 2, 7, 1000, 12_345}) {
            BlockSplitBloomFilter whole = new BlockSplitBloomFilter(new byte[blockCount * BYTES_PER_BLOCK]);
            long[] inserted = new long[blockCount * 20];
            for (int i = 0; i < inserted.length; i++) {
                inserted[i] = random.nextLong();
                whole.insertHash(inserted[i]);
            }
            byte[] bitset = bitset(whole);
            int maybe = 0;
            for (int probe = 0; probe < 200_000; probe++) {
                // inserted values and others
                long hash = probe % 2 == 0 ? inserted[random.nextInt(inserted.length)] : random.nextLong();
                int offset = toIntExact(BloomIndexPruner.blockIndex(hash, blockCount) * BYTES_PER_BLOCK);
                boolean blockAnswer = new BlockSplitBloomFilter(Arrays.copyOfRange(bitset, offset, offset + BYTES_PER_BLOCK)).findHash(hash);
                assertThat(blockAnswer).as("filter of %s blocks, hash %s", blockCount, hash).isEqualTo(whole.findHash(hash));
                if (blockAnswer) {
                    maybe++;
                }
            }
            // every inserted value and a few others
            assertThat(maybe).isBetween(100_000, 110_000);
        }
    }

    @Test
    void testDefaultReadGapByFileSystem()
    {
        assertThat(BloomIndexPruner.defaultMaxReadGap("/data/warehouse/t")).isEqualTo(4096);
        assertThat(BloomIndexPruner.defaultMaxReadGap("file:///data/warehouse/t")).isEqualTo(4096);
        assertThat(BloomIndexPruner.defaultMaxReadGap("local:///warehouse/t")).isEqualTo(4096);
        assertThat(BloomIndexPruner.defaultMaxReadGap("s3://bucket/warehouse/t")).isEqualTo(1024 * 1024);
    }

    private static byte[] bitset(BlockSplitBloomFilter filter)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            filter.writeTo(out);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
