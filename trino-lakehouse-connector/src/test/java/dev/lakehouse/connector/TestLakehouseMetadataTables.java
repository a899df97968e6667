package dev.lakehouse.connector;

import dev.lakehouse.connector.catalog.JdbcCatalogConfig;
import dev.lakehouse.connector.catalog.JdbcIcebergCatalogFactory;
import dev.lakehouse.connector.catalog.LakehouseCatalog;
import io.trino.filesystem.local.LocalFileSystemFactory;
import io.trino.spi.connector.SchemaTableName;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HistoryEntry;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata tables ({@code "t$files"}, {@code "t$partitions"}, {@code "t$snapshots"}, {@code "t$history"},
 * ...) report what iceberg-core reports for the same table, loaded from the same catalog by the test.
 * The table: partitioned by region, written by two inserts, so it has two snapshots and four data files.
 */
final class TestLakehouseMetadataTables
        extends AbstractTestQueryFramework
{
    private static final String TABLE = "events";

    private Path warehouse;
    private LakehouseCatalog catalog;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-metadata-tables");
        return LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
                .build();
    }

    @BeforeAll
    void createTable()
    {
        LakehouseConfig config = new LakehouseConfig().setWarehouse(warehouse.toString());
        catalog = new LakehouseCatalog(new JdbcIcebergCatalogFactory(new LocalFileSystemFactory(Path.of("/")), config, new JdbcCatalogConfig()), config);

        assertUpdate("CREATE TABLE events (id bigint, name varchar, region varchar, amount decimal(10, 2), day date, score double) WITH (partitioning = ARRAY['region'])");
        assertUpdate("""
                INSERT INTO events VALUES
                    (1, 'anna', 'EMEA', 10.50, DATE '2024-01-15', 1.5),
                    (2, 'bert', 'EMEA', 20.25, DATE '2024-02-01', NULL),
                    (3, 'carl', 'APAC', 300.00, DATE '2024-01-20', 3.0)
                """, 3);
        assertUpdate("""
                INSERT INTO events VALUES
                    (4, 'dora', 'APAC', 400.00, DATE '2024-03-03', 4.0),
                    (5, NULL, 'AMER', 5.00, DATE '2024-03-04', 5.0)
                """, 2);
    }

    @AfterAll
    void deleteWarehouse()
            throws IOException
    {
        deleteRecursively(warehouse, ALLOW_INSECURE);
    }

    @Test
    void testFilesMatchIcebergScan()
            throws IOException
    {
        Table table = icebergTable();
        List<DataFile> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().includeColumnStats().planFiles()) {
            tasks.forEach(task -> files.add(task.file()));
        }
        assertThat(files).hasSize(4);

        MaterializedResult result = computeActual("""
                SELECT file_path, content, file_format, record_count, file_size_in_bytes, column_sizes, value_counts, null_value_counts, partition.region
                FROM "events$files"
                """);
        assertThat(result.getRowCount()).isEqualTo(files.size());
        Map<String, MaterializedRow> byPath = new HashMap<>();
        result.getMaterializedRows().forEach(row -> byPath.put((String) row.getField(0), row));
        for (DataFile file : files) {
            MaterializedRow row = byPath.get(file.location());
            assertThat(row).as("row of %s", file.location()).isNotNull();
            assertThat(row.getField(1)).isEqualTo(0);
            assertThat(row.getField(2)).isEqualTo("PARQUET");
            assertThat(row.getField(3)).isEqualTo(file.recordCount());
            assertThat(row.getField(4)).isEqualTo(file.fileSizeInBytes());
            assertThat(row.getField(5)).isEqualTo(file.columnSizes());
            assertThat(row.getField(6)).isEqualTo(file.valueCounts());
            assertThat(row.getField(7)).isEqualTo(file.nullValueCounts());
            assertThat(row.getField(8)).isEqualTo(file.partition().get(0, CharSequence.class).toString());
        }
    }

    @Test
    void testFileBoundsAreReadableStrings()
    {
        Types.NestedField name = icebergTable().schema().findField("name");
        Types.NestedField amount = icebergTable().schema().findField("amount");
        Types.NestedField day = icebergTable().schema().findField("day");
        MaterializedResult result = computeActual("""
                SELECT lower_bounds[%1$s], upper_bounds[%1$s], lower_bounds[%2$s], upper_bounds[%2$s], lower_bounds[%3$s], upper_bounds[%3$s]
                FROM "events$files" WHERE partition.region = 'EMEA'
                """.formatted(name.fieldId(), amount.fieldId(), day.fieldId()));
        assertThat(result.getMaterializedRows()).singleElement().extracting(MaterializedRow::getFields).asInstanceOf(InstanceOfAssertFactories.LIST)
                .containsExactly("anna", "bert", "10.50", "20.25", "2024-01-15", "2024-02-01");
        // an all-null column has no bounds
        assertThat(computeScalar("SELECT cardinality(map_filter(lower_bounds, (k, v) -> k = %s)) FROM \"events$files\" WHERE partition.region = 'AMER'".formatted(name.fieldId())))
                .isEqualTo(0L);
        assertThat(query("SELECT typeof(lower_bounds), typeof(partition) FROM \"events$files\" LIMIT 1"))
                .matches("VALUES (VARCHAR 'map(integer, varchar)', VARCHAR 'row(region varchar)')");
    }

    @Test
    void testPartitions()
            throws IOException
    {
        Map<String, Long> sizes = new HashMap<>();
        try (CloseableIterable<FileScanTask> tasks = icebergTable().newScan().planFiles()) {
            tasks.forEach(task -> sizes.merge(task.file().partition().get(0, CharSequence.class).toString(), task.file().fileSizeInBytes(), Long::sum));
        }
        MaterializedResult result = computeActual("""
                SELECT partition.region, record_count, file_count, total_size,
                    data.id.min, data.id.max, data.id.null_count,
                    data.name.min, data.name.max, data.name.null_count,
                    data.amount.min, data.amount.max,
                    data.day.min, data.day.max,
                    data.score.null_count, data.score.nan_count
                FROM "events$partitions" ORDER BY 1
                """);
        assertThat(result.getMaterializedRows()).extracting(MaterializedRow::getFields).containsExactly(
                Arrays.asList("AMER", 1L, 1L, sizes.get("AMER"), 5L, 5L, 0L, null, null, 1L, new BigDecimal("5.00"), new BigDecimal("5.00"),
                        LocalDate.of(2024, 3, 4), LocalDate.of(2024, 3, 4), 0L, null),
                Arrays.asList("APAC", 2L, 2L, sizes.get("APAC"), 3L, 4L, 0L, "carl", "dora", 0L, new BigDecimal("300.00"), new BigDecimal("400.00"),
                        LocalDate.of(2024, 1, 20), LocalDate.of(2024, 3, 3), 0L, null),
                Arrays.asList("EMEA", 2L, 1L, sizes.get("EMEA"), 1L, 2L, 0L, "anna", "bert", 0L, new BigDecimal("10.50"), new BigDecimal("20.25"),
                        LocalDate.of(2024, 1, 15), LocalDate.of(2024, 2, 1), 1L, null));
    }

    @Test
    void testPartitionsOfUnpartitionedTable()
    {
        assertUpdate("CREATE TABLE flat AS SELECT * FROM (VALUES (1, 'x'), (7, NULL)) AS t(a, b)", 2);
        assertThat(query("SELECT record_count, file_count, data.a.min, data.a.max, data.b.null_count FROM \"flat$partitions\""))
                .matches("VALUES (BIGINT '2', BIGINT '1', 1, 7, BIGINT '1')");
        assertThat(query("SELECT count(*) FROM information_schema.columns WHERE table_name = 'flat$partitions' AND column_name = 'partition'"))
                .matches("VALUES BIGINT '0'");
        assertUpdate("DROP TABLE flat");
    }

    @Test
    void testSnapshots()
    {
        Table table = icebergTable();
        List<Snapshot> snapshots = new ArrayList<>();
        table.snapshots().forEach(snapshots::add);
        assertThat(snapshots).hasSize(2);
        MaterializedResult result = computeActual("SELECT snapshot_id, parent_id, operation, manifest_list, committed_at, summary['added-records'] FROM \"events$snapshots\" ORDER BY committed_at");
        assertThat(result.getRowCount()).isEqualTo(2);
        for (int index = 0; index < snapshots.size(); index++) {
            Snapshot snapshot = snapshots.get(index);
            MaterializedRow row = result.getMaterializedRows().get(index);
            assertThat(row.getField(0)).isEqualTo(snapshot.snapshotId());
            assertThat(row.getField(1)).isEqualTo(snapshot.parentId());
            assertThat(row.getField(2)).isEqualTo("append");
            assertThat(row.getField(3)).isEqualTo(snapshot.manifestListLocation());
            assertThat(((ZonedDateTime) row.getField(4)).toInstant().toEpochMilli()).isEqualTo(snapshot.timestampMillis());
            assertThat(row.getField(5)).isEqualTo(snapshot.summary().get("added-records"));
        }
        assertThat(result.getMaterializedRows().get(1).getField(5)).isEqualTo("2");
    }

    @Test
    void testHistory()
    {
        Table table = icebergTable();
        List<HistoryEntry> history = table.history();
        MaterializedResult result = computeActual("SELECT snapshot_id, parent_id, is_current_ancestor, made_current_at FROM \"events$history\" ORDER BY made_current_at");
        assertThat(result.getRowCount()).isEqualTo(history.size()).isEqualTo(2);
        for (int index = 0; index < history.size(); index++) {
            MaterializedRow row = result.getMaterializedRows().get(index);
            assertThat(row.getField(0)).isEqualTo(history.get(index).snapshotId());
            assertThat(row.getField(1)).isEqualTo(table.snapshot(history.get(index).snapshotId()).parentId());
            assertThat(row.getField(2)).isEqualTo(true);
            assertThat(((ZonedDateTime) row.getField(3)).toInstant().toEpochMilli()).isEqualTo(history.get(index).timestampMillis());
        }
    }

    @Test
    void testOtherMetadataTables()
    {
        Table table = icebergTable();
        assertThat(computeScalar("SELECT count(*) FROM \"events$manifests\""))
                .isEqualTo((long) table.currentSnapshot().allManifests(table.io()).size());
        assertThat(query("SELECT name, type, snapshot_id FROM \"events$refs\""))
                .matches("VALUES (VARCHAR 'main', VARCHAR 'BRANCH', BIGINT '%s')".formatted(table.currentSnapshot().snapshotId()));
        assertThat(computeScalar("SELECT count(*) FROM \"events$entries\" WHERE status = 1")).isEqualTo(4L);
        assertThat(computeScalar("SELECT count(*) FROM \"events$metadata_log_entries\"")).isEqualTo((long) ((org.apache.iceberg.HasTableOperations) table).operations().current().previousFiles().size() + 1);
        assertThat(computeScalar("SELECT value FROM \"events$properties\" WHERE key = 'write.format.default'"))
                .isEqualTo(table.properties().get("write.format.default"));
    }

    @Test
    void testUnknownMetadataTable()
    {
        assertQueryFails(
                "SELECT * FROM \"events$nonsense\"",
                "Table 'tpch.events' has no metadata table 'nonsense': the metadata tables are files, partitions, snapshots, history, .*");
        assertQueryFails("SELECT * FROM \"missing$files\"", ".*Table 'lakehouse.tpch.\"missing\\$files\"' does not exist");
    }

    @Test
    void testMissingManifestsNameTheTable()
            throws IOException
    {
        assertUpdate("CREATE TABLE broken AS SELECT 1 AS a", 1);
        String manifestList = (String) computeScalar("SELECT manifest_list FROM \"broken$snapshots\"");
        Files.delete(Path.of(URI.create(manifestList)));
        assertQueryFails("SELECT * FROM \"broken$files\"", "Metadata of table 'tpch.broken\\$files' is missing: .*");
        assertQueryFails("SELECT * FROM \"broken$partitions\"", "Metadata of table 'tpch.broken\\$partitions' is missing: .*");
        // left in place: DROP TABLE reads the manifests to delete the data files, and fails on this table
    }

    @Test
    void testMetadataTablesAreReadOnly()
    {
        assertQueryFails("INSERT INTO \"events$files\" (file_path) VALUES ('x')", "\\QMetadata table 'tpch.events$files' is read-only\\E");
        assertQueryFails("DELETE FROM \"events$snapshots\"", "\\QMetadata table 'tpch.events$snapshots' is read-only\\E");
        assertQueryFails("DELETE FROM \"events$files\" WHERE record_count > 1", "\\QMetadata table 'tpch.events$files' is read-only\\E");
        assertQueryFails("UPDATE \"events$partitions\" SET record_count = 0", "\\QMetadata table 'tpch.events$partitions' is read-only\\E");
        assertQueryFails("DROP TABLE \"events$files\"", "\\QMetadata table 'tpch.events$files' is read-only\\E");
        assertQueryFails("ALTER TABLE \"events$files\" SET PROPERTIES bloom_filter_columns = ARRAY['id']", "\\QMetadata table 'tpch.events$files' is read-only\\E");
        assertThat(computeScalar("SELECT count(*) FROM \"events$files\"")).isEqualTo(4L);
    }

    private Table icebergTable()
    {
        return catalog.loadExistingTable(new SchemaTableName("tpch", TABLE));
    }
}
