package dev.lakehouse.connector.procedure;

import com.google.inject.Inject;
import dev.lakehouse.connector.bloom.BloomIndexFile;
import dev.lakehouse.connector.bloom.RetainedBloomIndexFiles;
import dev.lakehouse.connector.fileio.FileLocations;
import io.airlift.log.Logger;
import io.airlift.units.Duration;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.SchemaTableName;
import org.apache.iceberg.ExpireSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static dev.lakehouse.connector.procedure.MaintenanceConfig.EXPIRE_SNAPSHOTS_MIN_RETENTION;
import static java.util.Objects.requireNonNull;

/**
 * {@code ALTER TABLE ... EXECUTE expire_snapshots(retention_threshold => ...)}: removes the snapshots older
 * than the threshold but the current one, through iceberg-core's {@link ExpireSnapshots}, which deletes the
 * data, delete and statistics files, manifests and manifest lists only they referenced. The bloom index
 * files those snapshots listed are first retained in a table property when they describe data files still
 * live ({@link BloomIndexRetention}), and deleted when their data files are all gone.
 */
public class SnapshotExpiration
{
    private static final Logger log = Logger.get(SnapshotExpiration.class);

    private final TrinoFileSystemFactory fileSystemFactory;
    private final Duration minRetention;

    @Inject
    public SnapshotExpiration(TrinoFileSystemFactory fileSystemFactory, MaintenanceConfig config)
    {
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.minRetention = config.getExpireSnapshotsMinRetention();
    }

    public Result expire(ConnectorSession session, SchemaTableName name, Table table, Duration retentionThreshold)
    {
        RetentionThreshold threshold = RetentionThreshold.checked("expire_snapshots", name, retentionThreshold, minRetention, EXPIRE_SNAPSHOTS_MIN_RETENTION, session.getStart());
        long cutoffMillis = threshold.cutoff().toEpochMilli();

        // what the expiration will remove (apply() tells the snapshots it expires), to retain the bloom index files planning would lose with them
        List<Snapshot> expiring = table.expireSnapshots().expireOlderThan(cutoffMillis).apply();
        Set<Long> expiringIds = new HashSet<>();
        expiring.forEach(snapshot -> expiringIds.add(snapshot.snapshotId()));
        List<Snapshot> remaining = new ArrayList<>();
        table.snapshots().forEach(snapshot -> {
            if (!expiringIds.contains(snapshot.snapshotId())) {
                remaining.add(snapshot);
            }
        });
        if (expiring.isEmpty()) {
            return new Result(0, 0, 0, 0, 0);
        }
        BloomIndexRetention bloomIndex = BloomIndexRetention.plan(table, expiring, remaining, ReferencedFiles.contentFiles(name, table, remaining));
        // retained before the snapshots listing them go: a failure in between leaves an index file listed twice, never lost
        if (bloomIndex.changes(table)) {
            UpdateProperties update = table.updateProperties();
            if (bloomIndex.retained().isEmpty()) {
                update.remove(RetainedBloomIndexFiles.TABLE_PROPERTY);
            }
            else {
                update.set(RetainedBloomIndexFiles.TABLE_PROPERTY, RetainedBloomIndexFiles.toPropertyValue(bloomIndex.retained()));
            }
            update.commit();
        }

        TrinoFileSystem fileSystem = fileSystemFactory.create(session);
        DeletedFiles deleted = new DeletedFiles(fileSystem, name);
        table.expireSnapshots()
                .expireOlderThan(cutoffMillis)
                .deleteWith(deleted::delete)
                .commit();
        deleted.flush();
        long deletedIndexFiles = 0;
        for (BloomIndexFile file : bloomIndex.deletable()) {
            try {
                fileSystem.deleteFile(FileLocations.of(file.path()));
                deletedIndexFiles++;
            }
            catch (IOException e) {
                // an orphan now: remove_orphan_files deletes it
                log.warn(e, "Failed to delete bloom index file %s of table %s", file.path(), name);
            }
        }
        Result result = new Result(expiring.size(), deleted.dataFiles.get(), deleted.manifests.get(), deleted.manifestLists.get(), deletedIndexFiles);
        log.info("expire_snapshots of table %s: %s", name, result);
        return result;
    }

    /**
     * What an expiration removed. Statistics files count among the data files.
     */
    public record Result(long expiredSnapshots, long deletedDataFiles, long deletedManifests, long deletedManifestLists, long deletedBloomIndexFiles) {}

    /**
     * Deletes the files the expiration hands over, in batches, counting them by kind.
     */
    private static final class DeletedFiles
    {
        private static final int BATCH_SIZE = 1000;

        private final TrinoFileSystem fileSystem;
        private final SchemaTableName name;
        private final List<Location> batch = new ArrayList<>();
        private final AtomicLong dataFiles = new AtomicLong();
        private final AtomicLong manifests = new AtomicLong();
        private final AtomicLong manifestLists = new AtomicLong();

        DeletedFiles(TrinoFileSystem fileSystem, SchemaTableName name)
        {
            this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
            this.name = requireNonNull(name, "name is null");
        }

        synchronized void delete(String path)
        {
            Location location = FileLocations.of(path);
            String fileName = location.fileName();
            if (fileName.startsWith("snap-") && fileName.endsWith(".avro")) {
                manifestLists.incrementAndGet();
            }
            else if (fileName.endsWith(".avro")) {
                manifests.incrementAndGet();
            }
            else {
                dataFiles.incrementAndGet();
            }
            batch.add(location);
            if (batch.size() >= BATCH_SIZE) {
                flush();
            }
        }

        synchronized void flush()
        {
            if (batch.isEmpty()) {
                return;
            }
            try {
                fileSystem.deleteFiles(batch);
            }
            catch (IOException e) {
                throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to delete the files of expired snapshots of table '%s': %s".formatted(name, e.getMessage()), e);
            }
            batch.clear();
        }
    }
}
