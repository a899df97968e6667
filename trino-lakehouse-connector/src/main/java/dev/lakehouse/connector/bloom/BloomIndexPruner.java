package dev.lakehouse.connector.bloom;

import dev.lakehouse.connector.bloom.BloomIndexDirectory.IndexedFilter;
import dev.lakehouse.connector.bloom.BloomIndexLookup.ColumnLookup;
import io.airlift.log.Logger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.IOUtil;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.puffin.BlobMetadata;
import org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.lang.Math.max;
import static java.lang.Math.toIntExact;
import static java.util.Objects.requireNonNull;

/**
 * Decides, batch by batch, which data files the bloom index shows cannot match a predicate. The
 * {@link BloomIndexDirectory} finds each file's filters; the filters a batch needs are read in one read per
 * index file where they lie close together. Anything missing, unreadable or not matching the data file keeps
 * the file: the index can only ever skip work, never rows.
 */
public final class BloomIndexPruner
{
    private static final Logger log = Logger.get(BloomIndexPruner.class);
    // filters of one index file further apart than this are read separately
    private static final long MAX_READ_GAP = 1024 * 1024;

    private final String tableName;
    private final FileIO io;
    private final BloomIndexCounters counters;
    private final BloomIndexDirectory directory;
    private final Set<Integer> declaredFieldIds;

    public BloomIndexPruner(String tableName, Table table, Snapshot snapshot, BloomIndexCounters counters)
    {
        this.tableName = requireNonNull(tableName, "tableName is null");
        this.io = table.io();
        this.counters = requireNonNull(counters, "counters is null");
        this.directory = new BloomIndexDirectory(tableName, table, snapshot, counters);
        this.declaredFieldIds = BloomFilterColumns.of(table.schema(), table.properties()).fieldIds();
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
                    needed.computeIfAbsent(filter.indexFile(), _ -> new ArrayList<>()).add(new NeededFilter(index, filter.blob(), column));
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
        List<NeededFilter> sorted = new ArrayList<>(filters);
        sorted.sort(Comparator.comparingLong(filter -> filter.blob().offset()));
        try (SeekableInputStream input = io.newInputFile(indexFile.path(), indexFile.fileSizeInBytes()).newStream()) {
            int start = 0;
            while (start < sorted.size()) {
                // one read for the filters that lie close together
                long rangeStart = sorted.get(start).blob().offset();
                long rangeEnd = end(sorted.get(start).blob());
                int end = start + 1;
                while (end < sorted.size() && sorted.get(end).blob().offset() - rangeEnd <= MAX_READ_GAP) {
                    rangeEnd = max(rangeEnd, end(sorted.get(end).blob()));
                    end++;
                }
                byte[] range = new byte[toIntExact(rangeEnd - rangeStart)];
                input.seek(rangeStart);
                IOUtil.readFully(input, range, 0, range.length);
                counters.addIndexBytesRead(range.length);
                for (int i = start; i < end; i++) {
                    NeededFilter filter = sorted.get(i);
                    int offset = toIntExact(filter.blob().offset() - rangeStart);
                    byte[] bitset = new byte[toIntExact(filter.blob().length())];
                    System.arraycopy(range, offset, bitset, 0, bitset.length);
                    if (!mayContainAny(new BlockSplitBloomFilter(bitset), filter.column().valueHashes())) {
                        (filter.column().dynamic() ? skippableByDynamicFilter : skippable).set(filter.fileIndex());
                    }
                }
                start = end;
            }
        }
        catch (IOException | RuntimeException e) {
            // the files are scanned
            log.warn(e, "Failed to read bloom index file %s of table %s", indexFile.path(), tableName);
            counters.addIndexReadFailures(1);
        }
    }

    private static boolean mayContainAny(BlockSplitBloomFilter filter, long[][] valueHashes)
    {
        for (long[] hashes : valueHashes) {
            for (long hash : hashes) {
                if (filter.findHash(hash)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long end(BlobMetadata blob)
    {
        return blob.offset() + blob.length();
    }

    private record NeededFilter(int fileIndex, BlobMetadata blob, ColumnLookup column) {}
}
