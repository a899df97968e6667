package dev.lakehouse.connector.procedure;

import com.google.common.collect.ImmutableSet;
import dev.lakehouse.connector.bloom.BloomIndexFile;
import dev.lakehouse.connector.bloom.BloomIndexFiles;
import dev.lakehouse.connector.bloom.RetainedBloomIndexFiles;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.SchemaTableName;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.exceptions.NotFoundException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_INVALID_METADATA;
import static java.util.Objects.requireNonNull;

/**
 * The locations of the files a table's metadata references, as written in its metadata (not normalized).
 */
final class ReferencedFiles
{
    private ReferencedFiles() {}

    /**
     * The data and delete files of the live entries of the snapshots' manifests.
     */
    static Set<String> contentFiles(SchemaTableName name, Table table, Iterable<Snapshot> snapshots)
    {
        Set<String> files = new HashSet<>();
        forEachManifest(name, table, snapshots, manifest -> {
            try (ManifestReader<? extends ContentFile<?>> reader = reader(table, manifest)) {
                for (ContentFile<?> file : reader) {
                    files.add(file.location());
                }
            }
            catch (IOException | UncheckedIOException e) {
                throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to read manifest %s of table '%s': %s".formatted(manifest.path(), name, e.getMessage()), e);
            }
            catch (NotFoundException e) {
                throw new TrinoException(LAKEHOUSE_INVALID_METADATA, "Manifest %s of table '%s' is missing".formatted(manifest.path(), name), e);
            }
        });
        return files;
    }

    /**
     * Every file the table's metadata references: the content files, manifests and manifest lists of all
     * snapshots, the current and previous metadata files, statistics and partition statistics files, and the
     * bloom index files planning can find (listed by a snapshot, or retained by a table property).
     */
    static Set<String> all(SchemaTableName name, Table table)
    {
        requireNonNull(table, "table is null");
        Set<String> files = contentFiles(name, table, table.snapshots());
        for (Snapshot snapshot : table.snapshots()) {
            if (snapshot.manifestListLocation() != null) {
                files.add(snapshot.manifestListLocation());
            }
        }
        forEachManifest(name, table, table.snapshots(), manifest -> files.add(manifest.path()));
        TableMetadata metadata = ((HasTableOperations) table).operations().current();
        if (metadata.metadataFileLocation() != null) {
            files.add(metadata.metadataFileLocation());
        }
        metadata.previousFiles().forEach(entry -> files.add(entry.file()));
        for (StatisticsFile file : table.statisticsFiles()) {
            files.add(file.path());
        }
        for (PartitionStatisticsFile file : table.partitionStatisticsFiles()) {
            files.add(file.path());
        }
        files.addAll(BloomIndexFiles.listedBy(table.snapshots()));
        for (BloomIndexFile file : RetainedBloomIndexFiles.of(table.properties())) {
            files.add(file.path());
        }
        return ImmutableSet.copyOf(files);
    }

    private static void forEachManifest(SchemaTableName name, Table table, Iterable<Snapshot> snapshots, Consumer<ManifestFile> action)
    {
        Set<String> seen = new HashSet<>();
        for (Snapshot snapshot : snapshots) {
            try {
                for (ManifestFile manifest : snapshot.allManifests(table.io())) {
                    if (seen.add(manifest.path())) {
                        action.accept(manifest);
                    }
                }
            }
            catch (NotFoundException e) {
                throw new TrinoException(LAKEHOUSE_INVALID_METADATA, "Manifest list of snapshot %s of table '%s' is missing".formatted(snapshot.snapshotId(), name), e);
            }
        }
    }

    private static ManifestReader<? extends ContentFile<?>> reader(Table table, ManifestFile manifest)
    {
        return switch (manifest.content()) {
            case DATA -> ManifestFiles.read(manifest, table.io());
            case DELETES -> ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs());
        };
    }
}
