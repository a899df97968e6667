package dev.lakehouse.connector.procedure;

import com.google.inject.Inject;
import dev.lakehouse.connector.fileio.FileLocations;
import io.airlift.log.Logger;
import io.airlift.units.Duration;
import io.trino.filesystem.FileEntry;
import io.trino.filesystem.FileIterator;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.SchemaTableName;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static dev.lakehouse.connector.procedure.MaintenanceConfig.REMOVE_ORPHAN_FILES_MIN_RETENTION;
import static java.util.Objects.requireNonNull;

/**
 * {@code ALTER TABLE ... EXECUTE remove_orphan_files(retention_threshold => ...)}: deletes the files under
 * the table's data and metadata locations older than the threshold that the table's metadata does not
 * reference ({@link ReferencedFiles#all}), such as the leftovers of failed writes. A file counts as referenced
 * when any reference has its file name: locations may be spelled differently in metadata than in a listing,
 * and our file names are unique, so comparing names can only keep too much, never delete too much.
 */
public class OrphanFileRemoval
{
    private static final Logger log = Logger.get(OrphanFileRemoval.class);
    private static final int BATCH_SIZE = 1000;
    // written by the Hadoop catalog, referenced by no metadata
    private static final String VERSION_HINT = "version-hint.text";

    private final TrinoFileSystemFactory fileSystemFactory;
    private final Duration minRetention;

    @Inject
    public OrphanFileRemoval(TrinoFileSystemFactory fileSystemFactory, MaintenanceConfig config)
    {
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.minRetention = config.getRemoveOrphanFilesMinRetention();
    }

    /**
     * @return how many files were deleted
     */
    public long remove(ConnectorSession session, SchemaTableName name, Table table, Duration retentionThreshold)
    {
        RetentionThreshold threshold = RetentionThreshold.checked("remove_orphan_files", name, retentionThreshold, minRetention, REMOVE_ORPHAN_FILES_MIN_RETENTION, session.getStart());
        Set<String> referencedNames = new HashSet<>();
        for (String location : ReferencedFiles.all(name, table)) {
            referencedNames.add(fileName(location));
        }
        referencedNames.add(VERSION_HINT);

        Location tableLocation = FileLocations.of(table.location());
        Set<Location> folders = new LinkedHashSet<>();
        folders.add(folder(table, TableProperties.WRITE_DATA_LOCATION, tableLocation.appendPath("data")));
        folders.add(folder(table, TableProperties.WRITE_METADATA_LOCATION, tableLocation.appendPath("metadata")));

        TrinoFileSystem fileSystem = fileSystemFactory.create(session);
        long deleted = 0;
        for (Location folder : folders) {
            deleted += removeOrphans(fileSystem, name, folder, referencedNames, threshold.cutoff());
        }
        log.info("remove_orphan_files of table %s deleted %s files", name, deleted);
        return deleted;
    }

    private static long removeOrphans(TrinoFileSystem fileSystem, SchemaTableName name, Location folder, Set<String> referencedNames, Instant cutoff)
    {
        long deleted = 0;
        List<Location> batch = new ArrayList<>();
        try {
            FileIterator files = fileSystem.listFiles(folder);
            while (files.hasNext()) {
                FileEntry file = files.next();
                if (file.lastModified().isBefore(cutoff) && !referencedNames.contains(file.location().fileName())) {
                    batch.add(file.location());
                    if (batch.size() >= BATCH_SIZE) {
                        fileSystem.deleteFiles(batch);
                        deleted += batch.size();
                        batch.clear();
                    }
                }
            }
            if (!batch.isEmpty()) {
                fileSystem.deleteFiles(batch);
                deleted += batch.size();
            }
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to remove orphan files of table '%s' under %s: %s".formatted(name, folder, e.getMessage()), e);
        }
        return deleted;
    }

    private static Location folder(Table table, String property, Location defaultLocation)
    {
        return Optional.ofNullable(table.properties().get(property))
                .map(FileLocations::of)
                .orElse(defaultLocation);
    }

    private static String fileName(String location)
    {
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
