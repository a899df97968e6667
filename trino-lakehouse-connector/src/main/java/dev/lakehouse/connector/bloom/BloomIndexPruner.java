package dev.lakehouse.connector.bloom;

import dev.lakehouse.connector.bloom.BloomIndexDirectory.IndexedFilter;
import dev.lakehouse.connector.bloom.BloomIndexLookup.ColumnLookup;
import io.airlift.log.Logger;
import io.airlift.units.DataSize;
import io.trino.filesystem.Location;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.IOUtil;
import org.apache.iceberg.io.RangeReadable;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.lakehouse.connector.bloom.BloomIndexFormat.BYTES_PER_BLOCK;
import static java.lang.Math.max;
import static java.lang.Math.toIntExact;
import static java.util.Objects.requireNonNull;

/**
 * Decides, batch by batch, which data files the bloom index shows cannot match a predicate. The
 * {@link BloomIndexDirectory} finds each file's filters; of each filter only the blocks the looked-up hashes
 * select are read (32 bytes per value), in one read per index file where they lie close together. Anything missing, unreadable or not matching the data file keeps
 * the file: the index can only ever skip work, never rows.
 */
public final class BloomIndexPruner
{
    private static final Logger log = Logger.get(BloomIndexPruner.class);
    // blocks further apart than this are read separately: a request to an object store costs what reading
    // about a megabyte does, a read of a local file a few microseconds
    private static final long OBJECT_STORE_MAX_READ_GAP = 1024 * 1024;
    private static final long LOCAL_MAX_READ_GAP = 4 * 1024;

    private final String tableName;
    private final FileIO io;
    private final BloomIndexCounters counters;
    private final BloomIndexDirectory directory;
    private final Set<Integer> declaredFieldIds;
    private final long maxReadGap;

    public BloomIndexPruner(String tableName, Table table, Snapshot snapshot, BloomIndexFooterCache footerCache, BloomIndexCounters counters, Optional<DataSize> maxReadGap)
    {
        this.maxReadGap = maxReadGap.map(DataSize::toBytes).orElseGet(() -> defaultMaxReadGap(table.location()));
        this.tableName = requireNonNull(tableName, "tableName is null");
        this.io = table.io();
        this.counters = requireNonNull(counters, "counters is null");
        this.directory = new BloomIndexDirectory(tableName, table, snapshot, footerCache, counters);
        this.declaredFieldIds = BloomFilterColumns.of(table.schema(), table.properties()).fieldIds();
    }

    /**
     * How far apart two blocks of one index file may lie and still be read at once, for a table at this
     * location: a megabyte on object stores, 4 kB on a local file system.
     */
    public static long defaultMaxReadGap(String tableLocation)
    {
        Optional<String> scheme = Location.of(tableLocation).scheme();
        boolean local = scheme.isEmpty() || scheme.get().equals("file") || scheme.get().equals("local");
        return local ? LOCAL_MAX_READ_GAP : OBJECT_STORE_MAX_READ_GAP;
    }

    /**
     * Whether the snapshot has index files at all; when not, callers need not batch files for it.
     */
    public boolean hasIndex()
    {
        return !directory.isEmpty();
    }

    /**
     * Counts files read without consulting an index because the snapshot has none, when the lookup is on a
     * column declared with a bloom filter (its files were written before it was declared, or by an engine
     * that writes no index): what {@code build_bloom_index} would change.
     */
    public void countFilesWithoutIndex(int files, BloomIndexLookup lookup)
    {
        if (!hasIndex() && lookup.columns().stream().anyMatch(column -> declaredFieldIds.contains(column.fieldId()))) {
            counters.addFilesWithoutIndex(files);
        }
    }

    /**
     * The files of the batch that cannot match: a set bit means no row of that file can match the lookup's predicate.
     */
    public BitSet skippable(List<DataFile> files, BloomIndexLookup lookup)
    {
        BitSet skippable = new BitSet(files.size());
        if (!hasIndex() || lookup.isEmpty()) {
            return skippable;
        }
        BitSet skippableByDynamicFilter = new BitSet(files.size());
        // the filters needed, by index file
        Map<BloomIndexFile, List<NeededFilter>> needed = new HashMap<>();
        for (int index = 0; index < files.size(); index++) {
            Map<Integer, IndexedFilter> filters = directory.filters(files.get(index));
            boolean found = false;
            for (ColumnLookup column : lookup.columns()) {
                IndexedFilter filter = filters.get(column.fieldId());
                if (filter != null) {
                    needed.computeIfAbsent(filter.indexFile(), _ -> new ArrayList<>()).add(new NeededFilter(index, filter.location(), column));
                    found = true;
                }
            }
            if (!found) {
                counters.addFilesWithoutIndex(1);
            }
        }
        for (Map.Entry<BloomIndexFile, List<NeededFilter>> entry : needed.entrySet()) {
            readFilters(entry.getKey(), entry.getValue(), skippable, skippableByDynamicFilter);
        }
        // a file the static predicate rules out counts there, whatever the dynamic filter says
        skippableByDynamicFilter.andNot(skippable);
        counters.addFilesSkippedByIndex(skippable.cardinality());
        counters.addFilesSkippedByIndexForDynamicFilter(skippableByDynamicFilter.cardinality());
        skippable.or(skippableByDynamicFilter);
        return skippable;
    }

    private void readFilters(BloomIndexFile indexFile, List<NeededFilter> filters, BitSet skippable, BitSet skippableByDynamicFilter)
    {
        // a value can only be in the one block of a filter its hash selects: only those blocks are read
        List<NeededBlock> blocks = new ArrayList<>();
        for (int filter = 0; filter < filters.size(); filter++) {
            BloomFilterLocation location = filters.get(filter).location();
            for (long[] hashes : filters.get(filter).column().valueHashes()) {
                for (long hash : hashes) {
                    blocks.add(new NeededBlock(filter, hash, location.blockOffset(blockIndex(hash, location.blocks()))));
                }
            }
        }
        blocks.sort(Comparator.comparingLong(NeededBlock::offset));
        boolean[] mayContain = new boolean[filters.size()];
        try (SeekableInputStream input = io.newInputFile(indexFile.path(), indexFile.fileSizeInBytes()).newStream()) {
            int start = 0;
            while (start < blocks.size()) {
                // one read for the blocks that lie close together
                long rangeStart = blocks.get(start).offset();
                long rangeEnd = rangeStart + BYTES_PER_BLOCK;
                int end = start + 1;
                while (end < blocks.size() && blocks.get(end).offset() - rangeEnd <= maxReadGap) {
                    rangeEnd = max(rangeEnd, blocks.get(end).offset() + BYTES_PER_BLOCK);
                    end++;
                }
                byte[] range = new byte[toIntExact(rangeEnd - rangeStart)];
                readFully(input, rangeStart, range);
                counters.addIndexBytesRead(range.length);
                for (int i = start; i < end; i++) {
                    NeededBlock block = blocks.get(i);
                    if (!mayContain[block.filter()]) {
                        int offset = toIntExact(block.offset() - rangeStart);
                        // the block alone is a filter of one block, in which the hash selects the same bits
                        BlockSplitBloomFilter filter = new BlockSplitBloomFilter(Arrays.copyOfRange(range, offset, offset + BYTES_PER_BLOCK));
                        mayContain[block.filter()] = filter.findHash(block.hash());
                    }
                }
                start = end;
            }
        }
        catch (IOException | RuntimeException e) {
            // the files are scanned
            log.warn(e, "Failed to read bloom index file %s of table %s", indexFile.path(), tableName);
            counters.addIndexReadFailures(1);
            return;
        }
        for (int filter = 0; filter < filters.size(); filter++) {
            if (!mayContain[filter]) {
                NeededFilter needed = filters.get(filter);
                (needed.column().dynamic() ? skippableByDynamicFilter : skippable).set(needed.fileIndex());
            }
        }
    }

    private static void readFully(SeekableInputStream input, long position, byte[] buffer)
            throws IOException
    {
        if (input instanceof RangeReadable rangeReadable) {
            rangeReadable.readFully(position, buffer, 0, buffer.length);
            return;
        }
        input.seek(position);
        IOUtil.readFully(input, buffer, 0, buffer.length);
    }

    /**
     * The block of a filter of this many blocks that the hash selects, as the Parquet format defines it:
     * the upper 32 bits of the hash, times the number of blocks, shifted right by 32.
     */
    static long blockIndex(long hash, long blockCount)
    {
        return ((hash >>> 32) * blockCount) >>> 32;
    }

    private record NeededFilter(int fileIndex, BloomFilterLocation location, ColumnLookup column) {}

    private record NeededBlock(int filter, long hash, long offset) {}
}
