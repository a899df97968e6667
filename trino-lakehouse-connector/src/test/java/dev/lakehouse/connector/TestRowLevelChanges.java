package dev.lakehouse.connector;

import dev.lakehouse.connector.catalog.JdbcCatalogConfig;
import dev.lakehouse.connector.catalog.JdbcIcebergCatalogFactory;
import dev.lakehouse.connector.catalog.LakehouseCatalog;
import io.trino.filesystem.local.LocalFileSystemFactory;
import io.trino.spi.connector.SchemaTableName;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.ContentFileUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static com.google.common.collect.MoreCollectors.onlyElement;
import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static io.trino.testing.TestingNames.randomNameSuffix;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DELETE, UPDATE and MERGE of some rows of data files: deleted rows are recorded in position delete files,
 * one per data file, that iceberg-core's own reader applies as ours does; a data file all of whose rows are
 * deleted is removed instead; each statement is one commit.
 */
final class TestRowLevelChanges
        extends AbstractTestQueryFramework
{
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-row-changes");
        return LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
                .build();
    }

    @AfterAll
    void deleteWarehouse()
            throws IOException
    {
        deleteRecursively(warehouse, ALLOW_INSECURE);
    }

    @Test
    void testDeleteWritesOnePositionDeleteFilePerDataFile()
    {
        String table = "delete_positions_" + randomNameSuffix();
        assertUpdate("CREATE TABLE %s WITH (partitioning = ARRAY['orderstatus']) AS SELECT orderkey, custkey, orderstatus, totalprice FROM tpch.tiny.orders".formatted(table), 15000);
        long dataFiles = (long) computeScalar("SELECT count(*) FROM \"%s$files\"".formatted(table));

        assertUpdate("DELETE FROM %s WHERE custkey %% 10 = 3".formatted(table), count("SELECT count(*) FROM tpch.tiny.orders WHERE custkey % 10 = 3"));
        assertThat(query("SELECT * FROM " + table))
                .matches("SELECT orderkey, custkey, CAST(orderstatus AS varchar), totalprice FROM tpch.tiny.orders WHERE custkey % 10 <> 3");
        // one commit, a delete file for each data file, no data file removed
        assertThat(query("SELECT operation, summary['added-delete-files'], summary['added-position-deletes'], element_at(summary, 'deleted-data-files') FROM \"%s$snapshots\" ORDER BY committed_at DESC LIMIT 1".formatted(table)))
                .matches("SELECT CAST('delete' AS varchar), CAST(%s AS varchar), CAST(count(*) AS varchar), CAST(NULL AS varchar) FROM tpch.tiny.orders WHERE custkey %% 10 = 3".formatted(dataFiles));

        // iceberg-core's reader applies the delete files as ours does
        assertThat(icebergRows(table)).containsExactlyInAnyOrderElementsOf(trinoRows("SELECT orderkey FROM " + table));
        Table icebergTable = loadTable(table);
        List<DeleteFile> deleteFiles = deleteFiles(icebergTable);
        assertThat(deleteFiles).hasSize((int) dataFiles)
                .allSatisfy(file -> {
                    assertThat(file.content()).isEqualTo(FileContent.POSITION_DELETES);
                    assertThat(file.referencedDataFile()).isNotNull();
                });
    }

    @Test
    void testUpdateAndMergeOnEvolvedPartitioning()
    {
        String table = "update_merge_" + randomNameSuffix();
        assertUpdate("CREATE TABLE %s WITH (partitioning = ARRAY['orderstatus']) AS SELECT orderkey, custkey, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey < 20000".formatted(table), count("SELECT count(*) FROM tpch.tiny.orders WHERE orderkey < 20000"));
        // later rows are written with a second partition spec
        Table icebergTable = loadTable(table);
        icebergTable.updateSpec().removeField("orderstatus").addField(org.apache.iceberg.expressions.Expressions.bucket("custkey", 4)).commit();
        assertUpdate("INSERT INTO %s SELECT orderkey, custkey, orderstatus, totalprice FROM tpch.tiny.orders WHERE orderkey >= 20000".formatted(table), count("SELECT count(*) FROM tpch.tiny.orders WHERE orderkey >= 20000"));

        // rows of both specs change
        assertUpdate("UPDATE %s SET totalprice = totalprice * 2 WHERE custkey %% 7 = 1".formatted(table), count("SELECT count(*) FROM tpch.tiny.orders WHERE custkey % 7 = 1"));
        assertUpdate("""
                MERGE INTO %s t USING (SELECT orderkey, custkey FROM tpch.tiny.orders WHERE orderkey %% 5 = 0 UNION ALL SELECT orderkey + 1000000, custkey FROM tpch.tiny.orders WHERE orderkey < 1000) s
                ON t.orderkey = s.orderkey
                WHEN MATCHED AND s.custkey %% 2 = 0 THEN DELETE
                WHEN MATCHED THEN UPDATE SET orderstatus = 'X'
                WHEN NOT MATCHED THEN INSERT (orderkey, custkey, orderstatus, totalprice) VALUES (s.orderkey, s.custkey, 'N', 0)
                """.formatted(table),
                count("SELECT (SELECT count(*) FROM tpch.tiny.orders WHERE orderkey % 5 = 0) + (SELECT count(*) FROM tpch.tiny.orders WHERE orderkey < 1000)"));
        String expected = """
                SELECT orderkey, custkey, CAST(CASE WHEN orderkey % 5 = 0 THEN 'X' ELSE orderstatus END AS varchar), CASE WHEN custkey % 7 = 1 THEN totalprice * 2 ELSE totalprice END
                FROM tpch.tiny.orders
                WHERE NOT (orderkey % 5 = 0 AND custkey % 2 = 0)
                UNION ALL
                SELECT orderkey + 1000000, custkey, CAST('N' AS varchar), 0 FROM tpch.tiny.orders WHERE orderkey < 1000
                """;
        assertThat(query("SELECT * FROM " + table)).matches(expected);
        assertThat(icebergRows(table)).containsExactlyInAnyOrderElementsOf(trinoRows("SELECT orderkey FROM " + table));
    }

    @Test
    void testDeletingEveryRowOfAFileRemovesIt()
    {
        String table = "delete_whole_files_" + randomNameSuffix();
        assertUpdate("CREATE TABLE %s (id bigint, part varchar) WITH (partitioning = ARRAY['part'])".formatted(table));
        assertUpdate("INSERT INTO %s VALUES (1, 'a'), (2, 'a'), (3, 'b'), (4, 'b')".formatted(table), 4);
        long filesOnDiskBefore = filesUnder(table);

        // not a filter on the partition column: a row-level delete, yet it deletes every row of the 'a' file
        assertUpdate("DELETE FROM %s WHERE id <= 2".formatted(table), 2);
        assertQuery("SELECT id FROM " + table, "VALUES 3, 4");
        assertQuery("SELECT operation, summary['deleted-data-files'], element_at(summary, 'added-delete-files') FROM \"%s$snapshots\" ORDER BY committed_at DESC LIMIT 1".formatted(table),
                "VALUES ('delete', '1', NULL)");
        assertThat(deleteFiles(loadTable(table))).isEmpty();
        // the delete file written for it is not left behind
        assertThat(filesUnder(table)).isEqualTo(filesOnDiskBefore + metadataFilesOfOneCommit(table));

        // some rows of a file, then the rest: the second statement removes nothing it cannot count
        assertUpdate("DELETE FROM %s WHERE id = 3".formatted(table), 1);
        assertUpdate("UPDATE %s SET id = 40 WHERE id = 4".formatted(table), 1);
        assertQuery("SELECT id, part FROM " + table, "VALUES (40, 'b')");
        assertThat(icebergRows(table)).containsExactly(40L);
    }

    @Test
    void testFormatVersionThreeKeepsOneDeletionVectorPerDataFile()
    {
        String table = "deletion_vectors_" + randomNameSuffix();
        assertUpdate("CREATE TABLE %s WITH (format_version = 3, partitioning = ARRAY['orderstatus']) AS SELECT orderkey, custkey, orderstatus FROM tpch.tiny.orders".formatted(table), 15000);
        long dataFiles = count("SELECT count(*) FROM \"%s$files\"".formatted(table));

        assertUpdate("DELETE FROM %s WHERE custkey %% 10 = 3".formatted(table), count("SELECT count(*) FROM tpch.tiny.orders WHERE custkey % 10 = 3"));
        assertDeletionVectors(table, dataFiles, count("SELECT count(*) FROM tpch.tiny.orders WHERE custkey % 10 = 3"));
        // the second change merges the positions of the first into new deletion vectors, which replace the old
        assertUpdate("DELETE FROM %s WHERE custkey %% 10 = 4".formatted(table), count("SELECT count(*) FROM tpch.tiny.orders WHERE custkey % 10 = 4"));
        assertUpdate("UPDATE %s SET custkey = -custkey WHERE orderkey %% 100 = 0".formatted(table), count("SELECT count(*) FROM tpch.tiny.orders WHERE orderkey % 100 = 0 AND custkey % 10 NOT IN (3, 4)"));
        assertDeletionVectors(table, dataFiles, count("SELECT count(*) FROM tpch.tiny.orders WHERE custkey % 10 IN (3, 4) OR orderkey % 100 = 0"));

        assertThat(query("SELECT * FROM " + table))
                .matches("SELECT orderkey, CASE WHEN orderkey % 100 = 0 THEN -custkey ELSE custkey END, CAST(orderstatus AS varchar) FROM tpch.tiny.orders WHERE custkey % 10 NOT IN (3, 4)");
        assertThat(icebergRows(table)).containsExactlyInAnyOrderElementsOf(trinoRows("SELECT orderkey FROM " + table));
    }

    @Test
    void testDeletionVectorTakesOverPositionDeleteFilesAfterUpgrade()
    {
        String table = "upgraded_" + randomNameSuffix();
        assertUpdate("CREATE TABLE %s AS SELECT orderkey, custkey FROM tpch.tiny.orders".formatted(table), 15000);
        assertUpdate("DELETE FROM %s WHERE custkey %% 10 = 3".formatted(table), count("SELECT count(*) FROM tpch.tiny.orders WHERE custkey % 10 = 3"));
        assertThat(deleteFiles(loadTable(table))).allSatisfy(file -> assertThat(file.format()).isEqualTo(FileFormat.PARQUET));

        loadTable(table).updateProperties().set(TableProperties.FORMAT_VERSION, "3").commit();
        assertUpdate("DELETE FROM %s WHERE custkey %% 10 = 4".formatted(table), count("SELECT count(*) FROM tpch.tiny.orders WHERE custkey % 10 = 4"));
        // the position delete files are replaced by deletion vectors holding their positions too
        assertThat(deleteFiles(loadTable(table))).allSatisfy(file -> assertThat(ContentFileUtil.isDV(file)).isTrue());
        assertThat(query("SELECT * FROM " + table)).matches("SELECT orderkey, custkey FROM tpch.tiny.orders WHERE custkey % 10 NOT IN (3, 4)");
        assertThat(icebergRows(table)).containsExactlyInAnyOrderElementsOf(trinoRows("SELECT orderkey FROM " + table));
    }

    private void assertDeletionVectors(String table, long dataFiles, long deletedRows)
    {
        List<DeleteFile> deleteFiles = deleteFiles(loadTable(table));
        assertThat(deleteFiles).hasSize((int) dataFiles)
                .allSatisfy(file -> assertThat(ContentFileUtil.isDV(file)).isTrue());
        assertThat(deleteFiles.stream().mapToLong(DeleteFile::recordCount).sum()).isEqualTo(deletedRows);
    }

    @Test
    void testMetadataTablesAndStatisticsCountDeletedRows()
    {
        String table = "deleted_counts_" + randomNameSuffix();
        assertUpdate("CREATE TABLE %s WITH (partitioning = ARRAY['orderstatus']) AS SELECT orderkey, custkey, orderstatus FROM tpch.tiny.orders".formatted(table), 15000);
        assertUpdate("DELETE FROM %s WHERE custkey %% 10 = 3".formatted(table), count("SELECT count(*) FROM tpch.tiny.orders WHERE custkey % 10 = 3"));

        // per partition: its data rows, and the rows its position delete files delete
        assertThat(query("SELECT partition.orderstatus, record_count, file_count, position_delete_record_count, position_delete_file_count, equality_delete_file_count FROM \"%s$partitions\"".formatted(table)))
                .matches("SELECT CAST(orderstatus AS varchar), count(*), BIGINT '1', count_if(custkey % 10 = 3), BIGINT '1', BIGINT '0' FROM tpch.tiny.orders GROUP BY orderstatus");
        assertThat(query("SELECT content, sum(record_count) FROM \"%s$files\" GROUP BY content".formatted(table)))
                .matches("VALUES (0, BIGINT '15000'), (1, %s)".formatted(count("SELECT count(*) FROM tpch.tiny.orders WHERE custkey % 10 = 3")));
        // the planner's row count is of the rows left
        MaterializedRow summary = computeActual("SHOW STATS FOR " + table).getMaterializedRows().stream()
                .filter(row -> row.getField(0) == null)
                .collect(onlyElement());
        assertThat(summary.getField(4)).isEqualTo((double) count("SELECT count(*) FROM tpch.tiny.orders WHERE custkey % 10 <> 3"));
    }

    @Test
    void testFormatVersionOneIsRefused()
    {
        String table = "version_one_" + randomNameSuffix();
        assertUpdate("CREATE TABLE %s (id bigint) WITH (format_version = 1)".formatted(table));
        assertUpdate("INSERT INTO %s VALUES 1, 2".formatted(table), 2);
        assertQueryFails("DELETE FROM %s WHERE id = 1".formatted(table),
                "\\QCannot change rows of table 'tpch.%s': it has Iceberg format version 1, which cannot record deleted rows (only DELETEs of whole partitions work on it)\\E".formatted(table));
        assertQueryFails("UPDATE %s SET id = 3".formatted(table), "\\QCannot change rows of table 'tpch.%s'\\E.*".formatted(table));
        // a DELETE of every row still works: it removes whole files
        assertUpdate("DELETE FROM " + table, 2);
        assertQuery("SELECT count(*) FROM " + table, "VALUES 0");
    }

    private long count(String sql)
    {
        return (long) computeScalar(sql);
    }

    private long metadataFilesOfOneCommit(String table)
    {
        // a commit writes a metadata file, a manifest list and at least one manifest
        long manifests = (long) computeScalar("SELECT count(*) FROM \"%s$manifests\"".formatted(table));
        return 2 + manifests;
    }

    private long filesUnder(String table)
    {
        Path location = Path.of(java.net.URI.create(loadTable(table).location()));
        try (Stream<Path> files = Files.walk(location)) {
            return files.filter(Files::isRegularFile).count();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Long> icebergRows(String table)
    {
        List<Long> keys = new ArrayList<>();
        Table icebergTable = loadTable(table);
        String key = icebergTable.schema().columns().getFirst().name();
        try (CloseableIterable<Record> records = IcebergGenerics.read(icebergTable).select(key).build()) {
            records.forEach(record -> keys.add((Long) record.getField(key)));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    private List<Long> trinoRows(String sql)
    {
        return computeActual(sql).getOnlyColumn().map(Long.class::cast).toList();
    }

    private static List<DeleteFile> deleteFiles(Table table)
    {
        List<DeleteFile> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            tasks.forEach(task -> task.deletes().forEach(file -> {
                // deletion vectors of several data files share a Puffin file
                if (files.stream().noneMatch(known -> known.location().equals(file.location()) && Objects.equals(known.contentOffset(), file.contentOffset()))) {
                    files.add(file);
                }
            }));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private Table loadTable(String name)
    {
        LakehouseConfig config = new LakehouseConfig().setWarehouse(warehouse.toString());
        LakehouseCatalog catalog = new LakehouseCatalog(new JdbcIcebergCatalogFactory(new LocalFileSystemFactory(Path.of("/")), config, new JdbcCatalogConfig()), config);
        return catalog.loadExistingTable(new SchemaTableName(LakehouseQueryRunner.SCHEMA, name));
    }
}
