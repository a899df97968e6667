package dev.lakehouse.connector.procedure;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.connector.bloom.BloomIndexFile;
import dev.lakehouse.connector.bloom.BloomIndexFiles;
import dev.lakehouse.connector.bloom.BloomIndexFooter;
import dev.lakehouse.connector.bloom.RetainedBloomIndexFiles;
import io.airlift.log.Logger;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.lakehouse.connector.bloom.BloomIndexFormat.BUILT_SNAPSHOT_SUMMARY_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.SNAPSHOT_SUMMARY_PROPERTY;
import static java.util.Objects.requireNonNull;

/**
 * What becomes of the bloom index files of snapshots about to expire: planning finds index files through
 * the summaries of the ancestors of the snapshot it reads, so an expired snapshot's index files would be
 * lost for the data files it added that later snapshots still hold. Those index files are retained in a
 * table property ({@link RetainedBloomIndexFiles}); those whose data files are all gone, and that no
 * remaining snapshot lists, are deleted.
 *
 * @param retained the index files the table property is to list
 * @param deletable the index files to delete once the snapshots are expired
 */
record BloomIndexRetention(List<BloomIndexFile> retained, List<BloomIndexFile> deletable)
{
    private static final Logger log = Logger.get(BloomIndexRetention.class);

    BloomIndexRetention
    {
        retained = ImmutableList.copyOf(retained);
        deletable = ImmutableList.copyOf(deletable);
    }

    /**
     * Plans the retention of the index files of the expiring snapshots and of those the table already retains.
     *
     * @param liveDataFiles the data files of the remaining snapshots
     */
    static BloomIndexRetention plan(Table table, Iterable<Snapshot> expiring, Iterable<Snapshot> remaining, Set<String> liveDataFiles)
    {
        requireNonNull(liveDataFiles, "liveDataFiles is null");
        Map<String, BloomIndexFile> candidates = new LinkedHashMap<>();
        RetainedBloomIndexFiles.of(table.properties()).forEach(file -> candidates.put(file.path(), file));
        for (Snapshot snapshot : expiring) {
            for (String property : List.of(SNAPSHOT_SUMMARY_PROPERTY, BUILT_SNAPSHOT_SUMMARY_PROPERTY)) {
                String value = snapshot.summary() == null ? null : snapshot.summary().get(property);
                if (value == null) {
                    continue;
                }
                try {
                    BloomIndexFiles.fromSummaryValue(value).forEach(file -> candidates.putIfAbsent(file.path(), file));
                }
                catch (IllegalArgumentException e) {
                    log.warn(e, "Snapshot %s lists bloom index files in a form not understood: they are left alone", snapshot.snapshotId());
                }
            }
        }
        Set<String> listedByRemaining = BloomIndexFiles.listedBy(remaining);
        ImmutableList.Builder<BloomIndexFile> retained = ImmutableList.builder();
        ImmutableList.Builder<BloomIndexFile> deletable = ImmutableList.builder();
        for (BloomIndexFile file : candidates.values()) {
            Optional<Set<String>> dataFiles = dataFiles(table, file);
            if (dataFiles.isEmpty()) {
                // missing: nothing to keep or delete
                continue;
            }
            if (dataFiles.get().stream().anyMatch(liveDataFiles::contains)) {
                retained.add(file);
            }
            else if (!listedByRemaining.contains(file.path())) {
                deletable.add(file);
            }
        }
        return new BloomIndexRetention(retained.build(), deletable.build());
    }

    /**
     * The data files the index file has filters for; empty when the file does not exist.
     */
    private static Optional<Set<String>> dataFiles(Table table, BloomIndexFile file)
    {
        try (PuffinReader reader = Puffin.read(table.io().newInputFile(file.path(), file.fileSizeInBytes()))
                .withFileSize(file.fileSizeInBytes())
                .withFooterSize(file.footerSizeInBytes())
                .build()) {
            return Optional.of(BloomIndexFooter.of(reader.fileMetadata().blobs()).filtersByDataFile().keySet());
        }
        catch (NotFoundException e) {
            return Optional.empty();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the table property must change.
     */
    boolean changes(Table table)
    {
        return !retained.equals(RetainedBloomIndexFiles.of(table.properties()));
    }
}
