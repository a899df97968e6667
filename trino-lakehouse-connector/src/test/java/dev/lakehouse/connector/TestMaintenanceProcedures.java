package dev.lakehouse.connector;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Sets;
import dev.lakehouse.connector.bloom.BloomIndexFile;
import dev.lakehouse.connector.bloom.BloomIndexFiles;
import dev.lakehouse.connector.bloom.RetainedBloomIndexFiles;
import dev.lakehouse.connector.catalog.JdbcCatalogConfig;
import dev.lakehouse.connector.catalog.JdbcIcebergCatalogFactory;
import dev.lakehouse.connector.catalog.LakehouseCatalog;
import io.trino.filesystem.local.LocalFileSystemFactory;
import io.trino.spi.connector.SchemaTableName;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import io.trino.testing.QueryRunner.MaterializedResultWithPlan;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_SCANNED;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_SKIPPED_BY_BLOOM_INDEX;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.SNAPSHOT_SUMMARY_PROPERTY;
import static io.trino.testing.TestingNames.randomNameSuffix;
import static java.time.temporal.ChronoUnit.DAYS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The maintenance procedures expire_snapshots and remove_orphan_files: what they remove, what they must
 * keep (every referenced file, and the bloom index of live data files), and the retention guard.
 */
final class TestMaintenanceProcedures
        extends AbstractTestQueryFramework
{
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-maintenance");
        QueryRunner queryRunner = LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
                .addConnectorProperty("lakehouse.expire-snapshots.min-retention", "0s")
                .addConnectorProperty("lakehouse.remove-orphan-files.min-retention", "0s")
                .build();
        // the same tables, with the default minimum retention
        queryRunner.createCatalog("strict", "lakehouse", ImmutableMap.of("lakehouse.warehouse", warehouse.toString()));
        return queryRunner;
    }

    @AfterAll
    void deleteWarehouse()
            throws IOException
    {
        deleteRecursively(warehouse, ALLOW_INSECURE);
    }

    @Test
    void testExpireSnapshotsKeepsTheBloomIndexOfLiveDataFiles()
    {
        String table = "expire_bloom_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint, part integer) WITH (partitioning = ARRAY['part'], bloom_filter_columns = ARRAY['id'])");
        for (int part = 0; part < 4; part++) {
            assertUpdate("INSERT INTO %s SELECT x * 4 + %s, %s FROM UNNEST(sequence(1, 1000)) t(x)".formatted(table, part, part), 1000);
        }
        // the data file of the first insert goes: its index describes nothing live
        assertUpdate("DELETE FROM " + table + " WHERE part = 0", 1000);
        List<BloomIndexFile> writtenIndexFiles = new ArrayList<>();
        for (Snapshot snapshot : icebergTable(table).snapshots()) {
            String value = snapshot.summary().get(SNAPSHOT_SUMMARY_PROPERTY);
            if (value != null) {
                writtenIndexFiles.addAll(BloomIndexFiles.fromSummaryValue(value));
            }
        }
        assertThat(writtenIndexFiles).hasSize(4);
        Map<String, Long> before = scanMetrics("SELECT id, part FROM " + table + " WHERE id = 402", "VALUES (BIGINT '402', 2)");
        assertThat(before.get(FILES_SKIPPED_BY_BLOOM_INDEX)).isEqualTo(2);

        assertUpdate("ALTER TABLE " + table + " EXECUTE expire_snapshots(retention_threshold => '0s')");

        Table expired = icebergTable(table);
        assertThat(expired.snapshots()).hasSize(1);
        assertThat(RetainedBloomIndexFiles.of(expired.properties())).containsExactlyElementsOf(writtenIndexFiles.subList(1, 4));
        assertThat(Files.exists(localPath(writtenIndexFiles.getFirst().path()))).isFalse();
        for (BloomIndexFile file : writtenIndexFiles.subList(1, 4)) {
            assertThat(Files.exists(localPath(file.path()))).isTrue();
        }
        Map<String, Long> after = scanMetrics("SELECT id, part FROM " + table + " WHERE id = 402", "VALUES (BIGINT '402', 2)");
        assertThat(after.get(FILES_SKIPPED_BY_BLOOM_INDEX)).isEqualTo(2);
        assertThat(after.get(FILES_SCANNED)).isEqualTo(1);
        assertQuery("SELECT count(*), sum(id) FROM " + table, "VALUES (3000, %s)".formatted(sumOfIds()));

        // an index file stays retained while its data file lives, and goes with it
        assertUpdate("DELETE FROM " + table + " WHERE part = 1", 1000);
        assertUpdate("ALTER TABLE " + table + " EXECUTE expire_snapshots(retention_threshold => '0s')");
        assertThat(RetainedBloomIndexFiles.of(icebergTable(table).properties())).containsExactlyElementsOf(writtenIndexFiles.subList(2, 4));
        assertThat(Files.exists(localPath(writtenIndexFiles.get(1).path()))).isFalse();
        Map<String, Long> last = scanMetrics("SELECT id, part FROM " + table + " WHERE id = 402", "VALUES (BIGINT '402', 2)");
        assertThat(last.get(FILES_SKIPPED_BY_BLOOM_INDEX)).isEqualTo(1);
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testExpireSnapshotsKeepsTheCurrentSnapshot()
    {
        String table = "expire_current_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint)");
        assertUpdate("INSERT INTO " + table + " VALUES 1, 2", 2);
        assertUpdate("INSERT INTO " + table + " VALUES 3", 1);
        long current = icebergTable(table).currentSnapshot().snapshotId();
        Set<String> dataFilesBefore = dataFiles(table);

        assertUpdate("ALTER TABLE " + table + " EXECUTE expire_snapshots(retention_threshold => '0s')");

        assertQuery("SELECT snapshot_id FROM \"" + table + "$snapshots\"", "VALUES " + current);
        assertQuery("SELECT id FROM " + table, "VALUES 1, 2, 3");
        assertThat(dataFiles(table)).isEqualTo(dataFilesBefore);
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testRemoveOrphanFilesDeletesOnlyUnreferencedOldFiles()
            throws IOException
    {
        String table = "orphans_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint, name varchar, part integer) WITH (partitioning = ARRAY['part'], bloom_filter_columns = ARRAY['id'])");
        for (int part = 0; part < 3; part++) {
            assertUpdate("INSERT INTO %s SELECT x * 3 + %s, 'name ' || CAST(x AS varchar), %s FROM UNNEST(sequence(1, 1000)) t(x)".formatted(table, part, part), 1000);
        }
        assertUpdate("DELETE FROM " + table + " WHERE id % 7 = 0", 428);
        assertUpdate("INSERT INTO %s VALUES (100000, 'late', 1)".formatted(table), 1);
        // the index files of the earlier commits are now known only through the retained table property
        assertUpdate("ALTER TABLE " + table + " EXECUTE expire_snapshots(retention_threshold => '0s')");
        assertThat(RetainedBloomIndexFiles.of(icebergTable(table).properties())).isNotEmpty();

        MaterializedResult rows = computeActual("SELECT * FROM " + table + " ORDER BY id");
        MaterializedResult files = computeActual("SELECT file_path, record_count FROM \"" + table + "$files\" ORDER BY file_path");
        MaterializedResult stats = computeActual("SHOW STATS FOR " + table);
        Map<String, Long> needle = scanMetrics("SELECT id, part FROM " + table + " WHERE id = 302", "VALUES (BIGINT '302', 2)");

        Path tableFolder = tableFolder(table);
        Path orphan = Files.writeString(tableFolder.resolve("data/orphan-" + UUID.randomUUID() + ".parquet"), "no table references this");
        Path failedWrite = Files.writeString(tableFolder.resolve("data/part=1/20261208_000000_00000_failed-" + UUID.randomUUID() + ".parquet"), "written by a write that failed");
        Path orphanMetadata = Files.writeString(tableFolder.resolve("metadata/" + UUID.randomUUID() + "-m0.avro"), "a manifest of a failed commit");
        // every file, referenced or not, older than the threshold: only references protect them
        Instant old = Instant.now().minus(2, DAYS);
        Set<Path> allFiles = regularFiles(tableFolder);
        for (Path file : allFiles) {
            Files.setLastModifiedTime(file, FileTime.from(old));
        }
        Path young = Files.writeString(tableFolder.resolve("data/young-" + UUID.randomUUID() + ".parquet"), "maybe a write in progress");

        assertUpdate("ALTER TABLE " + table + " EXECUTE remove_orphan_files(retention_threshold => '1d')");

        Set<Path> expected = allFiles.stream()
                .filter(file -> !file.equals(orphan) && !file.equals(failedWrite) && !file.equals(orphanMetadata))
                .collect(toImmutableSet());
        assertThat(regularFiles(tableFolder)).isEqualTo(Sets.union(expected, Set.of(young)));
        assertThat(computeActual("SELECT * FROM " + table + " ORDER BY id").getMaterializedRows()).isEqualTo(rows.getMaterializedRows());
        assertThat(computeActual("SELECT file_path, record_count FROM \"" + table + "$files\" ORDER BY file_path").getMaterializedRows()).isEqualTo(files.getMaterializedRows());
        assertThat(computeActual("SHOW STATS FOR " + table).getMaterializedRows()).isEqualTo(stats.getMaterializedRows());
        assertThat(scanMetrics("SELECT id, part FROM " + table + " WHERE id = 302", "VALUES (BIGINT '302', 2)").get(FILES_SKIPPED_BY_BLOOM_INDEX))
                .isEqualTo(needle.get(FILES_SKIPPED_BY_BLOOM_INDEX))
                .isPositive();
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testRollbackToSnapshotMakesItCurrent()
    {
        String table = "rollback_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint) WITH (bloom_filter_columns = ARRAY['id'])");
        assertUpdate("INSERT INTO " + table + " VALUES 1, 2", 2);
        long first = icebergTable(table).currentSnapshot().snapshotId();
        assertUpdate("INSERT INTO " + table + " VALUES 3", 1);
        assertUpdate("DELETE FROM " + table + " WHERE id = 1", 1);

        assertUpdate("ALTER TABLE " + table + " EXECUTE rollback_to_snapshot(snapshot_id => " + first + ")");

        assertThat(icebergTable(table).currentSnapshot().snapshotId()).isEqualTo(first);
        assertQuery("SELECT id FROM " + table, "VALUES 1, 2");
        assertQuery("SELECT id FROM " + table + " WHERE id = 2", "VALUES 2");
        assertUpdate("INSERT INTO " + table + " VALUES 4", 1);
        assertQuery("SELECT id FROM " + table, "VALUES 1, 2, 4");

        assertQueryFails("ALTER TABLE " + table + " EXECUTE rollback_to_snapshot(snapshot_id => 42)",
                Pattern.quote("Table 'tpch.%s' has no snapshot 42 to roll back to".formatted(table)));
        assertQueryFails("ALTER TABLE " + table + " EXECUTE rollback_to_snapshot",
                Pattern.quote("rollback_to_snapshot of table 'tpch.%s' needs a snapshot_id".formatted(table)));
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testOptimizeManifestsKeepsRowsAndBloomIndex()
    {
        String table = "manifests_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint, part integer) WITH (partitioning = ARRAY['part'], bloom_filter_columns = ARRAY['id'])");
        for (int part = 0; part < 4; part++) {
            assertUpdate("INSERT INTO %s SELECT x * 4 + %s, %s FROM UNNEST(sequence(1, 1000)) t(x)".formatted(table, part, part), 1000);
        }
        assertThat(icebergTable(table).currentSnapshot().allManifests(icebergTable(table).io())).hasSize(4);
        MaterializedResult files = computeActual("SELECT file_path, record_count FROM \"" + table + "$files\" ORDER BY file_path");

        assertUpdate("ALTER TABLE " + table + " EXECUTE optimize_manifests");

        // rewritten by the new snapshot, one manifest per value of the first partition field
        Table optimized = icebergTable(table);
        assertThat(optimized.currentSnapshot().allManifests(optimized.io()))
                .hasSize(4)
                .allSatisfy(manifest -> {
                    assertThat(manifest.snapshotId()).isEqualTo(optimized.currentSnapshot().snapshotId());
                    assertThat(manifest.existingFilesCount()).isEqualTo(1);
                });
        assertThat(computeActual("SELECT file_path, record_count FROM \"" + table + "$files\" ORDER BY file_path").getMaterializedRows()).isEqualTo(files.getMaterializedRows());
        assertQuery("SELECT count(*), sum(id) FROM " + table, "SELECT 4000, " + (sumOfIds() + 1000L * 1001 / 2 * 4));
        Map<String, Long> metrics = scanMetrics("SELECT id, part FROM " + table + " WHERE id = 402", "VALUES (BIGINT '402', 2)");
        assertThat(metrics.get(FILES_SKIPPED_BY_BLOOM_INDEX)).isEqualTo(3);
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testThresholdBelowTheCatalogMinimumIsRefused()
    {
        String table = "guarded_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint)");
        assertUpdate("INSERT INTO " + table + " VALUES 1", 1);
        assertUpdate("INSERT INTO " + table + " VALUES 2", 1);
        assertQueryFails("ALTER TABLE strict.tpch." + table + " EXECUTE expire_snapshots(retention_threshold => '1d')",
                Pattern.quote("expire_snapshots of table 'tpch.%s': retention_threshold 1.00d is shorter than the minimum retention 7.00d of this catalog (set by catalog property lakehouse.expire-snapshots.min-retention)".formatted(table)));
        assertQueryFails("ALTER TABLE strict.tpch." + table + " EXECUTE remove_orphan_files(retention_threshold => '12h')",
                Pattern.quote("remove_orphan_files of table 'tpch.%s': retention_threshold 12.00h is shorter than the minimum retention 7.00d of this catalog (set by catalog property lakehouse.remove-orphan-files.min-retention)".formatted(table)));
        assertUpdate("ALTER TABLE strict.tpch." + table + " EXECUTE expire_snapshots(retention_threshold => '7d')");
        assertUpdate("ALTER TABLE strict.tpch." + table + " EXECUTE remove_orphan_files");
        assertQuery("SELECT count(*) FROM \"" + table + "$snapshots\"", "VALUES 2");
        assertUpdate("DROP TABLE " + table);
    }

    private static long sumOfIds()
    {
        long sum = 0;
        for (int part = 1; part < 4; part++) {
            for (long x = 1; x <= 1000; x++) {
                sum += x * 4 + part;
            }
        }
        return sum;
    }

    private Map<String, Long> scanMetrics(String query, String expected)
    {
        MaterializedResultWithPlan result = getDistributedQueryRunner().executeWithPlan(getSession(), query);
        MaterializedResult expectedRows = getQueryRunner().execute(getSession(), expected);
        assertThat(result.result().getMaterializedRows()).containsExactlyInAnyOrderElementsOf(expectedRows.getMaterializedRows());
        return TestingScanMetrics.of(getDistributedQueryRunner(), result.queryId());
    }

    private Set<String> dataFiles(String table)
    {
        return computeActual("SELECT file_path FROM \"" + table + "$files\"").getOnlyColumnAsSet().stream()
                .map(String.class::cast)
                .collect(toImmutableSet());
    }

    private Path tableFolder(String table)
    {
        return localPath(icebergTable(table).location());
    }

    private static Path localPath(String location)
    {
        return location.startsWith("/") ? Path.of(location) : Path.of(URI.create(location));
    }

    private static Set<Path> regularFiles(Path folder)
    {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).collect(toImmutableSet());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The table as iceberg-core loads it now, through a catalog of its own.
     */
    private Table icebergTable(String table)
    {
        LakehouseConfig config = new LakehouseConfig().setWarehouse(warehouse.toString());
        LakehouseCatalog catalog = new LakehouseCatalog(new JdbcIcebergCatalogFactory(new LocalFileSystemFactory(Path.of("/")), config, new JdbcCatalogConfig()), config);
        return catalog.loadExistingTable(new SchemaTableName(LakehouseQueryRunner.SCHEMA, table));
    }
}
