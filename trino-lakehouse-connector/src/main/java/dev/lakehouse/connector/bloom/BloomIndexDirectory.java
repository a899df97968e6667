package dev.lakehouse.connector.bloom;

import com.google.common.collect.ImmutableList;
import io.airlift.log.Logger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.puffin.FileMetadata;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import static dev.lakehouse.connector.bloom.BloomIndexFormat.BUILT_SNAPSHOT_SUMMARY_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.SNAPSHOT_SUMMARY_PROPERTY;
import static java.util.Objects.requireNonNull;

/**
 * Finds the bloom filters of a snapshot's data files. A data file's filters were written by the commit
 * that added it (the snapshot with the file's sequence number lists its index files), or built later for
 * files that had none (a later snapshot lists them as built), or kept in a table property when
 * {@code expire_snapshots} removed the snapshot listing them ({@link RetainedBloomIndexFiles}). The footers of index files are read on first
 * need, and kept across queries by the {@link BloomIndexFooterCache}. A filter counts only when its blob is
 * usable ({@link BloomIndexFooter}) and names the data file by its exact location and size: anything else is
 * as if there were no filter.
 */
public final class BloomIndexDirectory
{
    private static final Logger log = Logger.get(BloomIndexDirectory.class);

    private final String tableName;
    private final FileIO io;
    private final BloomIndexCounters counters;
    private final Map<Long, List<BloomIndexFile>> writtenBySequenceNumber = new HashMap<>();
    private final NavigableMap<Long, List<BloomIndexFile>> builtBySequenceNumber = new TreeMap<>();
    private final List<BloomIndexFile> retained;
    private final BloomIndexFooterCache footerCache;
    private final Map<String, Optional<BloomIndexFooter>> footers = new HashMap<>();

    public BloomIndexDirectory(String tableName, Table table, Snapshot snapshot, BloomIndexFooterCache footerCache, BloomIndexCounters counters)
    {
        this.footerCache = requireNonNull(footerCache, "footerCache is null");
        this.tableName = requireNonNull(tableName, "tableName is null");
        this.io = table.io();
        this.counters = requireNonNull(counters, "counters is null");
        Snapshot current = snapshot;
        while (current != null) {
            // format v1 has no sequence numbers (all 0): the footers then tell which index file holds a data file
            addIndexFiles(current, SNAPSHOT_SUMMARY_PROPERTY, writtenBySequenceNumber);
            addIndexFiles(current, BUILT_SNAPSHOT_SUMMARY_PROPERTY, builtBySequenceNumber);
            current = current.parentId() == null ? null : table.snapshot(current.parentId());
        }
        // listed by expired snapshots, kept by expire_snapshots for data files still live
        this.retained = RetainedBloomIndexFiles.of(table.properties());
    }

    private void addIndexFiles(Snapshot snapshot, String summaryProperty, Map<Long, List<BloomIndexFile>> files)
    {
        String value = snapshot.summary() == null ? null : snapshot.summary().get(summaryProperty);
        if (value == null) {
            return;
        }
        try {
            files.merge(snapshot.sequenceNumber(), BloomIndexFiles.fromSummaryValue(value), (first, second) -> ImmutableList.<BloomIndexFile>builder().addAll(first).addAll(second).build());
        }
        catch (IllegalArgumentException e) {
            log.warn(e, "Snapshot %s of table %s lists bloom index files in a form not understood", snapshot.snapshotId(), tableName);
        }
    }

    /**
     * Whether the snapshot has index files at all.
     */
    public boolean isEmpty()
    {
        return writtenBySequenceNumber.isEmpty() && builtBySequenceNumber.isEmpty() && retained.isEmpty();
    }

    /**
     * The usable filters of a data file, by field id.
     */
    public Map<Integer, IndexedFilter> filters(DataFile file)
    {
        Map<Integer, IndexedFilter> filters = new HashMap<>();
        Long sequenceNumber = file.fileSequenceNumber();
        if (sequenceNumber != null) {
            addFilters(file, writtenBySequenceNumber.getOrDefault(sequenceNumber, List.of()), filters);
        }
        // built later, newest first
        Collection<List<BloomIndexFile>> built = (sequenceNumber == null ? builtBySequenceNumber : builtBySequenceNumber.tailMap(sequenceNumber, true))
                .descendingMap()
                .values();
        for (List<BloomIndexFile> indexFiles : built) {
            addFilters(file, indexFiles, filters);
        }
        addFilters(file, retained, filters);
        return filters;
    }

    private void addFilters(DataFile file, List<BloomIndexFile> indexFiles, Map<Integer, IndexedFilter> filters)
    {
        for (BloomIndexFile indexFile : indexFiles) {
            Map<Integer, BloomFilterLocation> locations = footer(indexFile).map(footer -> footer.filtersByDataFile().get(file.location())).orElse(null);
            if (locations == null) {
                continue;
            }
            for (Map.Entry<Integer, BloomFilterLocation> location : locations.entrySet()) {
                if (location.getValue().dataFileSize() == file.fileSizeInBytes()) {
                    filters.putIfAbsent(location.getKey(), new IndexedFilter(indexFile, location.getValue()));
                }
            }
        }
    }

    /**
     * The footer of an index file, read once per directory and kept across queries by the footer cache; empty
     * when the file cannot be read.
     */
    private Optional<BloomIndexFooter> footer(BloomIndexFile indexFile)
    {
        return footers.computeIfAbsent(indexFile.path(), _ -> {
            try {
                return Optional.of(footerCache.get(indexFile, this::readFooter));
            }
            catch (RuntimeException e) {
                log.warn(e, "Failed to read the footer of bloom index file %s of table %s", indexFile.path(), tableName);
                counters.addIndexReadFailures(1);
                return Optional.empty();
            }
        });
    }

    private BloomIndexFooter readFooter(BloomIndexFile indexFile)
    {
        try (PuffinReader reader = Puffin.read(io.newInputFile(indexFile.path(), indexFile.fileSizeInBytes()))
                .withFileSize(indexFile.fileSizeInBytes())
                .withFooterSize(indexFile.footerSizeInBytes())
                .build()) {
            FileMetadata metadata = reader.fileMetadata();
            counters.addIndexFilesRead(1);
            counters.addIndexBytesRead(indexFile.footerSizeInBytes());
            return BloomIndexFooter.of(metadata.blobs());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A filter of one column of a data file, and the index file holding it.
     */
    public record IndexedFilter(BloomIndexFile indexFile, BloomFilterLocation location)
    {
        public IndexedFilter
        {
            requireNonNull(indexFile, "indexFile is null");
            requireNonNull(location, "location is null");
        }
    }
}
