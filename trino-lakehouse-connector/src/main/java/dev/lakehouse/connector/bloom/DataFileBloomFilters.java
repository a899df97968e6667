package dev.lakehouse.connector.bloom;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.connector.bloom.BloomValueHashes.PositionHasher;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.type.Type;
import it.unimi.dsi.fastutil.longs.LongIterator;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.BYTES_PER_BLOCK;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.groupBlocks;
import static java.lang.Math.max;
import static java.lang.Math.toIntExact;
import static java.util.Objects.requireNonNull;

/**
 * The distinct value hashes of the bloom filter columns of one data file being written. When the file is
 * complete, each column's filter is built sized for the values actually written, at the table's
 * false-positive rate. A column with more distinct values than the limit gets no filter: the file is then
 * always scanned for that column, never skipped wrongly.
 */
public final class DataFileBloomFilters
{
    private static final long HASH_SET_BYTES_PER_ENTRY = 2 * Long.BYTES;
    // a block is eight 32-bit words; a value sets one bit in each
    private static final int WORDS_PER_BLOCK = 8;
    private static final int WORD_BITS = 32;
    // past this many values a block answers "maybe" to nearly every lookup (a rate above 99.9%)
    private static final double MAX_VALUES_PER_BLOCK = 500;
    // by false-positive rate: each table has one, and a writer sizes several filters per file with it
    private static final Map<Double, Double> VALUES_PER_BLOCK = new ConcurrentHashMap<>();

    private final int[] channels;
    private final int[] fieldIds;
    private final PositionHasher[] hashers;
    private final LongOpenHashSet[] hashes;
    private final double fpp;
    private final int maxDistinctValues;

    /**
     * @param columns the bloom filter columns: field id to the channel and Trino type of its values in the pages
     */
    public DataFileBloomFilters(Map<Integer, Map.Entry<Integer, Type>> columns, double fpp, int maxDistinctValues)
    {
        requireNonNull(columns, "columns is null");
        channels = new int[columns.size()];
        fieldIds = new int[columns.size()];
        hashers = new PositionHasher[columns.size()];
        hashes = new LongOpenHashSet[columns.size()];
        int index = 0;
        for (Map.Entry<Integer, Map.Entry<Integer, Type>> column : columns.entrySet()) {
            fieldIds[index] = column.getKey();
            channels[index] = column.getValue().getKey();
            hashers[index] = BloomValueHashes.positionHasher(column.getValue().getValue())
                    .orElseThrow(() -> new IllegalArgumentException("No bloom filter for type " + column.getValue().getValue()));
            hashes[index] = new LongOpenHashSet();
            index++;
        }
        this.fpp = fpp;
        this.maxDistinctValues = maxDistinctValues;
    }

    public void add(Page page)
    {
        for (int column = 0; column < channels.length; column++) {
            LongOpenHashSet columnHashes = hashes[column];
            if (columnHashes == null) {
                continue;
            }
            Block block = page.getBlock(channels[column]);
            PositionHasher hasher = hashers[column];
            int positions = block.getPositionCount();
            for (int position = 0; position < positions; position++) {
                if (!block.isNull(position)) {
                    columnHashes.add(hasher.hash(block, position));
                }
            }
            if (columnHashes.size() > maxDistinctValues) {
                hashes[column] = null;
            }
        }
    }

    /**
     * The most distinct values of any column so far (a column past the limit counts as the limit).
     */
    public long maxDistinctValues()
    {
        long distinctValues = 0;
        for (LongOpenHashSet columnHashes : hashes) {
            distinctValues = max(distinctValues, columnHashes == null ? maxDistinctValues : columnHashes.size());
        }
        return distinctValues;
    }

    public long retainedBytes()
    {
        long bytes = 0;
        for (LongOpenHashSet columnHashes : hashes) {
            if (columnHashes != null) {
                bytes += columnHashes.size() * HASH_SET_BYTES_PER_ENTRY;
            }
        }
        return bytes;
    }

    /**
     * The filters of the complete file, one per column that has one, each of as many blocks as the group
     * blobs of the index give filters of its size ({@link BloomIndexFormat#groupBlocks}).
     */
    public List<DataFileFilter> filters(String dataFile, long dataFileSize)
    {
        ImmutableList.Builder<DataFileFilter> filters = ImmutableList.builder();
        for (int column = 0; column < fieldIds.length; column++) {
            LongOpenHashSet columnHashes = hashes[column];
            if (columnHashes == null) {
                continue;
            }
            long blocks = groupBlocks(newFilter(columnHashes.size(), fpp).getBitsetSize() / BYTES_PER_BLOCK);
            BlockSplitBloomFilter filter = new BlockSplitBloomFilter(new byte[toIntExact(blocks * BYTES_PER_BLOCK)]);
            for (LongIterator iterator = columnHashes.iterator(); iterator.hasNext(); ) {
                filter.insertHash(iterator.nextLong());
            }
            ByteArrayOutputStream bitset = new ByteArrayOutputStream(filter.getBitsetSize());
            try {
                filter.writeTo(bitset);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            filters.add(new DataFileFilter(fieldIds[column], dataFile, dataFileSize, columnHashes.size(), bitset.toByteArray()));
        }
        return filters.build();
    }

    /**
     * A split-block bloom filter with the fewest blocks whose expected false-positive rate for this many
     * distinct values is at most {@code fpp}, not rounded to a power of two (Parquet's block index is a
     * multiply-shift, valid for any number of blocks).
     */
    public static BlockSplitBloomFilter newFilter(long distinctValues, double fpp)
    {
        long blocks = distinctValues == 0 ? 1 : Math.max(1, (long) Math.ceil(distinctValues / VALUES_PER_BLOCK.computeIfAbsent(fpp, DataFileBloomFilters::valuesPerBlock)));
        return new BlockSplitBloomFilter(new byte[toIntExact(blocks * BYTES_PER_BLOCK)]);
    }

    /**
     * The most distinct values per block, on average, that keep the expected false-positive rate at most
     * {@code fpp}. Parquet's sizing formula ({@code -8 n / ln(1 - fpp^(1/8))} bits) treats every block as
     * holding the average number of values; hashing spreads them unevenly, and the fuller blocks answer
     * "maybe" more often: at 0.1% its filters measure about 0.25%. The rate here is taken over the number
     * of values a block receives (Poisson distributed), a block holding {@code k} values answering "maybe"
     * with probability {@code (1 - (31/32)^k)^8}.
     */
    static double valuesPerBlock(double fpp)
    {
        checkArgument(fpp > 0 && fpp < 1, "fpp must be greater than 0 and less than 1: %s", fpp);
        double low = 0;
        double high = MAX_VALUES_PER_BLOCK;
        if (falsePositiveRate(high) <= fpp) {
            return high;
        }
        for (int iteration = 0; iteration < 64; iteration++) {
            double middle = (low + high) / 2;
            if (falsePositiveRate(middle) <= fpp) {
                low = middle;
            }
            else {
                high = middle;
            }
        }
        // the lower bound keeps the rate; 0 only for rates no filter of doubles can tell apart
        return Math.max(low, Double.MIN_NORMAL);
    }

    /**
     * The expected false-positive rate of a filter whose blocks hold this many values on average.
     */
    static double falsePositiveRate(double valuesPerBlock)
    {
        double rate = 0;
        // P(k) of a Poisson distribution, k = 0, 1, ...: its mass beyond the mean plus 40 standard deviations is negligible
        double probability = Math.exp(-valuesPerBlock);
        long last = (long) Math.ceil(valuesPerBlock + 40 * Math.sqrt(valuesPerBlock) + 40);
        // the probability that one word's bit is still clear after k values
        double clear = 1;
        for (long k = 0; k <= last; k++) {
            rate += probability * Math.pow(1 - clear, WORDS_PER_BLOCK);
            probability *= valuesPerBlock / (k + 1);
            clear *= 1 - 1.0 / WORD_BITS;
        }
        return rate;
    }
}
