package dev.lakehouse.connector.bloom;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.connector.bloom.BloomIndexLookup.ColumnLookup;
import io.airlift.log.Logger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.IOUtil;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.puffin.BlobMetadata;
import org.apache.iceberg.puffin.FileMetadata;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinCompressionCodec;
import org.apache.iceberg.puffin.PuffinReader;
import org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.lakehouse.connector.bloom.BloomIndexFormat.BLOB_TYPE;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.BYTES_PER_BLOCK;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.DATA_FILE_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.DATA_FILE_SIZE_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.SNAPSHOT_SUMMARY_PROPERTY;
import static java.lang.Math.max;
import static java.lang.Math.toIntExact;
import static java.util.Objects.requireNonNull;

/**
 * Decides, batch by batch, which data files the bloom index shows cannot match a predicate. A data file's
 * filters are found through the snapshot that added it (its sequence number): that snapshot's summary lists
 * the index files of the commit, whose Puffin footers name the data file of each filter. The footers are
 * read once per scan; the filters a batch needs are read in one read per index file where they lie close
 * together. Anything missing, unreadable or not matching the data file (its size) keeps the file: the index
 * can only ever skip work, never rows.
 */
public final class BloomIndexPruner
{
    private static final Logger log = Logger.get(BloomIndexPruner.class);
    // filters of one index file further apart than this are read separately
    private static final long MAX_READ_GAP = 1024 * 1024;

    private final String tableName;
    private final FileIO io;
    private final BloomIndexCounters counters;
    private final Map<Long, List<BloomIndexFile>> indexFilesBySequenceNumber;
    private final Map<String, Optional<Map<String, Map<Integer, BlobMetadata>>>> footers = new HashMap<>();

    public BloomIndexPruner(String tableName, Table table, Snapshot snapshot, BloomIndexCounters counters)
    {
        this.tableName = requireNonNull(tableName, "tableName is null");
        this.io = table.io();
        this.counters = requireNonNull(counters, "counters is null");
        this.indexFilesBySequenceNumber = indexFiles(tableName, table, snapshot);
    }

    /**
     * Whether the snapshot has index files at all; when not, callers need not batch files for it.
     */
    public boolean hasIndex()
    {
        return !indexFilesBySequenceNumber.isEmpty();
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
            DataFile file = files.get(index);
            Long sequenceNumber = file.fileSequenceNumber();
            List<BloomIndexFile> indexFiles = sequenceNumber == null ? null : indexFilesBySequenceNumber.get(sequenceNumber);
            if (indexFiles == null) {
                counters.addFilesWithoutIndex(1);
                continue;
            }
            boolean found = false;
            for (BloomIndexFile indexFile : indexFiles) {
                Optional<Map<String, Map<Integer, BlobMetadata>>> footer = footer(indexFile);
                Map<Integer, BlobMetadata> blobs = footer.map(blobsByFile -> blobsByFile.get(file.location())).orElse(null);
                if (blobs == null) {
                    continue;
                }
                for (ColumnLookup column : lookup.columns()) {
                    BlobMetadata blob = blobs.get(column.fieldId());
                    if (blob != null && Long.toString(file.fileSizeInBytes()).equals(blob.properties().get(DATA_FILE_SIZE_PROPERTY))) {
                        needed.computeIfAbsent(indexFile, _ -> new ArrayList<>()).add(new NeededFilter(index, blob, column));
                        found = true;
                    }
                }
                break;
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

    /**
     * The footer of an index file: the usable filters in it, by data file location and field id; empty when
     * the file cannot be read.
     */
    private Optional<Map<String, Map<Integer, BlobMetadata>>> footer(BloomIndexFile indexFile)
    {
        return footers.computeIfAbsent(indexFile.path(), _ -> {
            try (PuffinReader reader = Puffin.read(io.newInputFile(indexFile.path(), indexFile.fileSizeInBytes()))
                    .withFileSize(indexFile.fileSizeInBytes())
                    .withFooterSize(indexFile.footerSizeInBytes())
                    .build()) {
                FileMetadata metadata = reader.fileMetadata();
                counters.addIndexFilesRead(1);
                counters.addIndexBytesRead(indexFile.footerSizeInBytes());
                Map<String, Map<Integer, BlobMetadata>> blobsByFile = new HashMap<>();
                for (BlobMetadata blob : metadata.blobs()) {
                    String dataFile = blob.properties().get(DATA_FILE_PROPERTY);
                    if (!blob.type().equals(BLOB_TYPE) || dataFile == null || blob.inputFields().size() != 1 || !isUsable(blob)) {
                        continue;
                    }
                    blobsByFile.computeIfAbsent(dataFile, _ -> new HashMap<>()).put(blob.inputFields().getFirst(), blob);
                }
                return Optional.of(blobsByFile);
            }
            catch (IOException | RuntimeException e) {
                log.warn(e, "Failed to read the footer of bloom index file %s of table %s", indexFile.path(), tableName);
                counters.addIndexReadFailures(1);
                return Optional.empty();
            }
        });
    }

    private static boolean isUsable(BlobMetadata blob)
    {
        String codec = blob.compressionCodec();
        return (codec == null || PuffinCompressionCodec.forName(codec) == PuffinCompressionCodec.NONE)
                && blob.length() > 0
                && blob.length() % BYTES_PER_BLOCK == 0;
    }

    /**
     * The index files of the snapshot's ancestry, by the sequence number of the snapshot that added them.
     */
    private static Map<Long, List<BloomIndexFile>> indexFiles(String tableName, Table table, Snapshot snapshot)
    {
        Map<Long, List<BloomIndexFile>> files = new HashMap<>();
        Snapshot current = snapshot;
        while (current != null) {
            String value = current.summary() == null ? null : current.summary().get(SNAPSHOT_SUMMARY_PROPERTY);
            if (value != null) {
                try {
                    // format v1 has no sequence numbers (all 0): the footers then tell which index file holds a data file
                    files.merge(current.sequenceNumber(), BloomIndexFiles.fromSummaryValue(value), (first, second) -> ImmutableList.<BloomIndexFile>builder().addAll(first).addAll(second).build());
                }
                catch (IllegalArgumentException e) {
                    log.warn(e, "Snapshot %s of table %s lists bloom index files in a form not understood", current.snapshotId(), tableName);
                }
            }
            current = current.parentId() == null ? null : table.snapshot(current.parentId());
        }
        return files;
    }

    private record NeededFilter(int fileIndex, BlobMetadata blob, ColumnLookup column) {}
}
