package dev.lakehouse.connector;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Iterables;
import dev.lakehouse.connector.catalog.JdbcCatalogConfig;
import dev.lakehouse.connector.catalog.JdbcIcebergCatalogFactory;
import dev.lakehouse.connector.catalog.LakehouseCatalog;
import io.trino.filesystem.local.LocalFileSystemFactory;
import io.trino.spi.connector.SchemaTableName;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata tables that describe one snapshot ({@code files}, {@code partitions}, {@code entries},
 * {@code manifests}, {@code bloom_index}) read the snapshot a {@code FOR VERSION AS OF} or
 * {@code FOR TIMESTAMP AS OF} names, exactly as iceberg-core reads that snapshot's manifests; those that
 * describe the whole history or the current properties refuse a version. The table: two inserts
 * unpartitioned, then partitioned by {@code part} (through iceberg-core), an insert, a delete and a last insert.
 */
final class TestVersionedMetadataTables
        extends AbstractTestQueryFramework
{
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private Path warehouse;
    private final List<Long> snapshots = new ArrayList<>();

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-versioned-metadata-tables");
        return LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
                .build();
    }

    @BeforeAll
    void createTable()
    {
        assertUpdate("CREATE TABLE changing (id bigint, part varchar) WITH (bloom_filter_columns = ARRAY['id'])");
        assertUpdate("INSERT INTO changing VALUES (1, 'a'), (2, 'b')", 2);
        snapshots.add(currentSnapshot());
        assertUpdate("INSERT INTO changing VALUES (3, 'a')", 1);
        snapshots.add(currentSnapshot());
        icebergTable().updateSpec().addField("part").commit();
        assertUpdate("INSERT INTO changing VALUES (4, 'a'), (5, 'c')", 2);
        snapshots.add(currentSnapshot());
        assertUpdate("DELETE FROM changing WHERE id IN (1, 4)", 2);
        snapshots.add(currentSnapshot());
        assertUpdate("INSERT INTO changing VALUES (6, 'b')", 1);
        snapshots.add(currentSnapshot());
        assertThat(ImmutableSet.copyOf(snapshots)).hasSize(5);
        icebergTable().manageSnapshots().createTag("before_delete", snapshots.get(2)).commit();
    }

    @AfterAll
    void deleteWarehouse()
            throws IOException
    {
        deleteRecursively(warehouse, ALLOW_INSECURE);
    }

    @Test
    void testVersionAsOfSnapshotIdReadsThatSnapshot()
    {
        for (long snapshotId : snapshots) {
            assertMetadataTablesRead("FOR VERSION AS OF " + snapshotId, snapshotId);
        }
    }

    @Test
    void testTimestampAsOfReadsTheSnapshotCurrentThen()
    {
        Table table = icebergTable();
        for (long snapshotId : snapshots) {
            Instant committed = Instant.ofEpochMilli(table.snapshot(snapshotId).timestampMillis());
            assertMetadataTablesRead("FOR TIMESTAMP AS OF TIMESTAMP '%s UTC'".formatted(TIMESTAMP.format(committed)), snapshotId);
        }
    }

    @Test
    void testVersionAsOfTagReadsTheTaggedSnapshot()
    {
        assertMetadataTablesRead("FOR VERSION AS OF 'before_delete'", snapshots.get(2));
        assertMetadataTablesRead("FOR VERSION AS OF 'main'", snapshots.getLast());
    }

    @Test
    void testWithoutVersionReadsTheCurrentSnapshot()
    {
        assertMetadataTablesRead("", icebergTable().currentSnapshot().snapshotId());
        assertThat(query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'tpch' AND table_name = 'changing$manifests' AND column_name = 'path'"))
                .matches("VALUES VARCHAR 'path'");
        assertThat(computeActual("SHOW COLUMNS FROM \"changing$partitions\"").getMaterializedRows().stream().map(row -> row.getField(0)).toList())
                .contains("record_count", "file_count");
    }

    @Test
    void testOldVersionAndCurrentInOneQuery()
    {
        long first = snapshots.getFirst();
        assertThat(computeScalar("""
                SELECT count(*) FROM "changing$files" FOR VERSION AS OF %s old
                JOIN "changing$files" current ON old.file_path = current.file_path
                """.formatted(first)))
                .isEqualTo((long) liveFiles(icebergTable(), first).size());
    }

    @Test
    void testUnknownVersionNamesTableAndVersion()
    {
        assertQueryFails(
                "SELECT * FROM \"changing$files\" FOR VERSION AS OF 42",
                "\\QTable 'tpch.changing' has no snapshot 42 (FOR VERSION AS OF takes a snapshot id of the table's \"changing$snapshots\" table, or a branch or tag name)\\E");
        assertQueryFails(
                "SELECT * FROM \"changing$partitions\" FOR VERSION AS OF 'nope'",
                "\\QTable 'tpch.changing' has no branch or tag 'nope'\\E");
        assertQueryFails(
                "SELECT * FROM \"changing$entries\" FOR TIMESTAMP AS OF TIMESTAMP '2000-01-01 00:00:00 UTC'",
                "\\QTable 'tpch.changing' has no snapshot at or before 2000-01-01T00:00:00Z (its oldest snapshot was committed at \\E.*");
        assertQueryFails(
                "SELECT * FROM \"changing$manifests\" FOR VERSION AS OF 1.5",
                "\\QTable 'tpch.changing': FOR VERSION AS OF takes a snapshot id (an integer) or a branch or tag name (a varchar), not a value of type decimal(2,1)\\E");
        assertQueryFails(
                "SELECT * FROM \"changing$nonsense\" FOR VERSION AS OF " + snapshots.getFirst(),
                "Table 'tpch.changing' has no metadata table 'nonsense': the metadata tables are .*");
        assertQueryFails(
                "SELECT * FROM \"missing$files\" FOR VERSION AS OF " + snapshots.getFirst(),
                ".*Table 'lakehouse.tpch.\"missing\\$files\"' does not exist");
    }

    @Test
    void testMetadataTablesOfWholeHistoryRefuseVersion()
    {
        for (String metadataTable : List.of("snapshots", "history", "refs", "metadata_log_entries", "all_manifests", "all_entries")) {
            assertQueryFails(
                    "SELECT * FROM \"changing$%s\" FOR VERSION AS OF %s".formatted(metadataTable, snapshots.getFirst()),
                    "\\QMetadata table 'tpch.changing$%s' cannot be read FOR VERSION AS OF or FOR TIMESTAMP AS OF: it describes the table's whole history; the metadata tables that can are files, partitions, entries, manifests, bloom_index\\E".formatted(metadataTable));
        }
        assertQueryFails(
                "SELECT * FROM \"changing$properties\" FOR TIMESTAMP AS OF TIMESTAMP '2000-01-01 00:00:00 UTC'",
                "\\QMetadata table 'tpch.changing$properties' cannot be read FOR VERSION AS OF or FOR TIMESTAMP AS OF: it describes the table's current properties;\\E.*");
        // without a version they read as before
        assertThat(computeScalar("SELECT count(*) FROM \"changing$snapshots\"")).isEqualTo((long) Iterables.size(icebergTable().snapshots()));
    }

    /**
     * Each metadata table read with the clause holds what iceberg-core finds in the snapshot's manifests.
     */
    private void assertMetadataTablesRead(String version, long snapshotId)
    {
        Table table = icebergTable();
        Snapshot snapshot = table.snapshot(snapshotId);
        List<ContentFile<?>> liveFiles = liveFiles(table, snapshotId);

        assertThat(rows("SELECT file_path, content, record_count FROM \"changing$files\" " + version))
                .as("files %s", version)
                .isEqualTo(liveFiles.stream()
                        .map(file -> List.<Object>of(file.location(), file.content().id(), file.recordCount()))
                        .collect(toImmutableSet()));

        assertThat(rows("SELECT path, partition_spec_id, added_snapshot_id FROM \"changing$manifests\" " + version))
                .as("manifests %s", version)
                .isEqualTo(snapshot.allManifests(table.io()).stream()
                        .map(manifest -> List.<Object>of(manifest.path(), manifest.partitionSpecId(), manifest.snapshotId()))
                        .collect(toImmutableSet()));

        Map<Integer, Long> entriesByStatus = new HashMap<>();
        for (ManifestFile manifest : snapshot.allManifests(table.io())) {
            entriesByStatus.merge(0, (long) manifest.existingFilesCount(), Long::sum);
            entriesByStatus.merge(1, (long) manifest.addedFilesCount(), Long::sum);
            entriesByStatus.merge(2, (long) manifest.deletedFilesCount(), Long::sum);
        }
        entriesByStatus.values().removeIf(count -> count == 0);
        assertThat(rows("SELECT status, count(*) FROM \"changing$entries\" %s GROUP BY status".formatted(version)))
                .as("entries %s", version)
                .isEqualTo(entriesByStatus.entrySet().stream()
                        .map(entry -> List.<Object>of(entry.getKey(), entry.getValue()))
                        .collect(toImmutableSet()));
        assertThat(rows("SELECT data_file.file_path FROM \"changing$entries\" %s WHERE status <> 2".formatted(version)))
                .as("live entries %s", version)
                .isEqualTo(liveFiles.stream().map(file -> List.<Object>of(file.location())).collect(toImmutableSet()));

        Map<String, long[]> partitions = new HashMap<>();
        List<DataFile> dataFiles = liveFiles.stream()
                .filter(DataFile.class::isInstance)
                .map(DataFile.class::cast)
                .toList();
        for (DataFile file : dataFiles) {
            long[] counts = partitions.computeIfAbsent(partValue(table.specs().get(file.specId()), file), _ -> new long[2]);
            counts[0] += file.recordCount();
            counts[1]++;
        }
        Set<List<Object>> expectedPartitions = new HashSet<>();
        partitions.forEach((part, counts) -> expectedPartitions.add(Arrays.asList(part, counts[0], counts[1])));
        assertThat(rows("SELECT partition.part, record_count, file_count FROM \"changing$partitions\" " + version))
                .as("partitions %s", version)
                .isEqualTo(expectedPartitions);

        assertThat(rows("SELECT DISTINCT file_path FROM \"changing$bloom_index\" %s WHERE column_name = 'id'".formatted(version)))
                .as("bloom_index %s", version)
                .isEqualTo(dataFiles.stream().map(file -> List.<Object>of(file.location())).collect(toImmutableSet()));
    }

    private static String partValue(PartitionSpec spec, DataFile file)
    {
        List<PartitionField> fields = spec.fields();
        for (int field = 0; field < fields.size(); field++) {
            if (fields.get(field).name().equals("part")) {
                return file.partition().get(field, String.class);
            }
        }
        return null;
    }

    /**
     * The data and delete files of the snapshot, from its manifests as iceberg-core reads them.
     */
    private static List<ContentFile<?>> liveFiles(Table table, long snapshotId)
    {
        Snapshot snapshot = table.snapshot(snapshotId);
        ImmutableList.Builder<ContentFile<?>> files = ImmutableList.builder();
        try {
            for (ManifestFile manifest : snapshot.dataManifests(table.io())) {
                try (ManifestReader<DataFile> reader = ManifestFiles.read(manifest, table.io(), table.specs())) {
                    reader.forEach(file -> files.add(file.copy()));
                }
            }
            for (ManifestFile manifest : snapshot.deleteManifests(table.io())) {
                try (ManifestReader<DeleteFile> reader = ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
                    reader.forEach(file -> files.add(file.copy()));
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files.build();
    }

    private Set<List<Object>> rows(String sql)
    {
        return computeActual(sql).getMaterializedRows().stream()
                .map(MaterializedRow::getFields)
                .map(fields -> (List<Object>) new ArrayList<>(fields))
                .collect(toImmutableSet());
    }

    private long currentSnapshot()
    {
        return icebergTable().currentSnapshot().snapshotId();
    }

    /**
     * The table as iceberg-core loads it now, through a catalog of its own: a catalog kept open would
     * read the embedded database as of its first read, and could not commit.
     */
    private Table icebergTable()
    {
        LakehouseConfig config = new LakehouseConfig().setWarehouse(warehouse.toString());
        LakehouseCatalog catalog = new LakehouseCatalog(new JdbcIcebergCatalogFactory(new LocalFileSystemFactory(Path.of("/")), config, new JdbcCatalogConfig()), config);
        return catalog.loadExistingTable(new SchemaTableName("tpch", "changing"));
    }
}
