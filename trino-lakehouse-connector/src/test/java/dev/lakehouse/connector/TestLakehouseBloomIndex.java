package dev.lakehouse.connector;

import dev.lakehouse.connector.bloom.BloomFilterGroup;
import dev.lakehouse.connector.bloom.DataFileBloomFilters;
import io.trino.Session;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import io.trino.testing.QueryRunner.MaterializedResultWithPlan;
import org.apache.iceberg.puffin.BlobMetadata;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinReader;
import org.apache.parquet.format.BloomFilterHeader;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static dev.lakehouse.connector.LakehouseMetrics.BLOOM_INDEX_BYTES_READ;
import static dev.lakehouse.connector.LakehouseMetrics.BLOOM_INDEX_FILES_READ;
import static dev.lakehouse.connector.LakehouseMetrics.BLOOM_INDEX_READ_FAILURES;
import static dev.lakehouse.connector.LakehouseMetrics.FILES;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_SCANNED;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_SKIPPED_BY_BLOOM_INDEX;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_SKIPPED_BY_BLOOM_INDEX_DYNAMIC_FILTER;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_SKIPPED_BY_MIN_MAX;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_SKIPPED_BY_PARTITION;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_WITHOUT_BLOOM_INDEX;
import static dev.lakehouse.connector.LakehouseMetrics.SPLITS;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.DATA_FILES_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.GROUP_BLOB_TYPE;
import static io.trino.testing.TestingNames.randomNameSuffix;
import static java.lang.Math.max;
import static java.lang.Math.toIntExact;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file-level bloom index: declaring its columns, writing it with each commit, and skipping data files
 * at planning time, shown by the metrics the split source reports and checked against the rows a scan
 * without the index returns.
 */
final class TestLakehouseBloomIndex
        extends AbstractTestQueryFramework
{
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-bloom");
        return LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
                // more files in one statement than the split source consults the index for at once
                .addConnectorProperty("lakehouse.writer.max-open-partitions", "3000")
                .build();
    }

    @AfterAll
    void deleteWarehouse()
            throws IOException
    {
        deleteRecursively(warehouse, ALLOW_INSECURE);
    }

    @Test
    void testDeclaredColumnsAreShownAndRecordedAsIcebergProperties()
    {
        String table = "declared_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint, Name varchar(20), price decimal(12, 2), seen timestamp(6) with time zone) " +
                "WITH (bloom_filter_columns = ARRAY['id', 'NAME', 'price', 'seen'], bloom_filter_fpp = 0.05)");
        assertThat((String) computeScalar("SHOW CREATE TABLE " + table))
                .contains("bloom_filter_columns = ARRAY['id','name','price','seen']")
                .contains("bloom_filter_fpp = 5E-2");
        assertQuery("SELECT key, value FROM \"" + table + "$properties\" WHERE key LIKE 'write.parquet.bloom-filter-%'",
                "VALUES ('write.parquet.bloom-filter-enabled.column.id', 'true'), ('write.parquet.bloom-filter-enabled.column.name', 'true'), " +
                        "('write.parquet.bloom-filter-enabled.column.price', 'true'), ('write.parquet.bloom-filter-enabled.column.seen', 'true'), " +
                        "('write.parquet.bloom-filter-fpp.column.id', '0.05'), ('write.parquet.bloom-filter-fpp.column.name', '0.05'), " +
                        "('write.parquet.bloom-filter-fpp.column.price', '0.05'), ('write.parquet.bloom-filter-fpp.column.seen', '0.05')");
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testInvalidDeclarationsNameTheProblem()
    {
        String table = "invalid_" + randomNameSuffix();
        assertQueryFails("CREATE TABLE " + table + " (id bigint) WITH (bloom_filter_columns = ARRAY['nope'])",
                "Table property 'bloom_filter_columns' names column 'nope', which table 'tpch." + table + "' does not have");
        assertQueryFails("CREATE TABLE " + table + " (id bigint, flag boolean) WITH (bloom_filter_columns = ARRAY['flag'])",
                "Column 'flag' of type boolean cannot have a bloom filter: a boolean has two values, .*");
        assertQueryFails("CREATE TABLE " + table + " (id bigint, tags array(varchar)) WITH (bloom_filter_columns = ARRAY['tags'])",
                "Column 'tags' of type list<string> cannot have a bloom filter: bloom filters hold values of primitive types only");
        assertQueryFails("CREATE TABLE " + table + " (id bigint) WITH (bloom_filter_columns = ARRAY['id', 'ID'])",
                "Table property 'bloom_filter_columns' names column 'ID' more than once");
        assertQueryFails("CREATE TABLE " + table + " (id bigint) WITH (bloom_filter_columns = ARRAY['id'], bloom_filter_fpp = 1)",
                ".*Table property 'bloom_filter_fpp' must be greater than 0 and less than 1, but is 1.0");
        assertQueryFails("CREATE TABLE " + table + " WITH (bloom_filter_columns = ARRAY['nope']) AS SELECT 1 id",
                "Table property 'bloom_filter_columns' names column 'nope', which table 'tpch." + table + "' does not have");
        assertThat(getQueryRunner().tableExists(getSession(), table)).isFalse();
    }

    @Test
    void testAlterTableSetProperties()
    {
        String table = "alter_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint, name varchar, flag boolean)");
        assertUpdate("ALTER TABLE " + table + " SET PROPERTIES bloom_filter_columns = ARRAY['id', 'name']");
        assertThat((String) computeScalar("SHOW CREATE TABLE " + table)).contains("bloom_filter_columns = ARRAY['id','name']").contains("bloom_filter_fpp = 1E-2");
        assertUpdate("ALTER TABLE " + table + " SET PROPERTIES bloom_filter_fpp = 0.001");
        assertThat((String) computeScalar("SHOW CREATE TABLE " + table)).contains("bloom_filter_columns = ARRAY['id','name']").contains("bloom_filter_fpp = 1E-3");
        assertUpdate("ALTER TABLE " + table + " SET PROPERTIES bloom_filter_columns = ARRAY['name']");
        assertQuery("SELECT count(*) FROM \"" + table + "$properties\" WHERE key LIKE 'write.parquet.bloom-filter-%'", "VALUES 2");
        assertQueryFails("ALTER TABLE " + table + " SET PROPERTIES bloom_filter_columns = ARRAY['flag']", "Column 'flag' of type boolean cannot have a bloom filter: .*");
        assertQueryFails("ALTER TABLE " + table + " SET PROPERTIES location = '/tmp/elsewhere'", "Changing table property 'location' of table 'tpch." + table + "' is not supported .*");
        assertUpdate("ALTER TABLE " + table + " SET PROPERTIES bloom_filter_columns = ARRAY[]");
        assertThat((String) computeScalar("SHOW CREATE TABLE " + table)).doesNotContain("bloom_filter");
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testNeedlesSkipFilesAtPlanning()
    {
        String table = "needles_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " WITH (partitioning = ARRAY['month(shipdate)'], bloom_filter_columns = ARRAY['orderkey', 'comment']) AS " +
                "SELECT orderkey, partkey, comment, shipdate FROM tpch.tiny.lineitem", 60175);
        long allFiles = (long) computeScalar("SELECT count(*) FROM \"" + table + "$files\"");
        assertThat(allFiles).isGreaterThan(80);

        // a comment of one row: min/max of a month's comments cannot rule it out, the index can
        String comment = (String) computeScalar("SELECT comment FROM tpch.tiny.lineitem WHERE orderkey = 1 AND linenumber = 1");
        Map<String, Long> hit = scanMetrics("SELECT orderkey FROM " + table + " WHERE comment = '" + comment + "'", "SELECT orderkey FROM tpch.tiny.lineitem WHERE comment = '" + comment + "'");
        assertThat(hit.get(FILES)).isEqualTo(allFiles);
        assertThat(hit.get(FILES_SCANNED)).isBetween(1L, 3L);
        assertThat(hit.get(FILES_SKIPPED_BY_BLOOM_INDEX)).isEqualTo(allFiles - hit.get(FILES_SCANNED) - hit.get(FILES_SKIPPED_BY_MIN_MAX));
        assertThat(hit.get(FILES_WITHOUT_BLOOM_INDEX)).isZero();
        assertThat(hit.get(BLOOM_INDEX_FILES_READ)).isPositive();
        // the footers of the index files are kept: the same lookup again reads only the filters' blocks
        Map<String, Long> hitAgain = scanMetrics("SELECT orderkey FROM " + table + " WHERE comment = '" + comment + "'", "SELECT orderkey FROM tpch.tiny.lineitem WHERE comment = '" + comment + "'");
        assertThat(hitAgain.get(FILES_SCANNED)).isEqualTo(hit.get(FILES_SCANNED));
        assertThat(hitAgain.get(BLOOM_INDEX_FILES_READ)).isZero();
        assertThat(hitAgain.get(BLOOM_INDEX_BYTES_READ)).isPositive().isLessThan(hit.get(BLOOM_INDEX_BYTES_READ));

        // the lineitems of one order lie in several months
        long orderFiles = (long) computeScalar("SELECT count(DISTINCT date_trunc('month', shipdate)) FROM tpch.tiny.lineitem WHERE orderkey = 32");
        Map<String, Long> order = scanMetrics("SELECT comment FROM " + table + " WHERE orderkey = 32", "SELECT comment FROM tpch.tiny.lineitem WHERE orderkey = 32");
        assertThat(order.get(FILES_SCANNED)).isBetween(orderFiles, orderFiles + 2);

        Map<String, Long> miss = scanMetrics("SELECT orderkey FROM " + table + " WHERE comment = 'no lineitem has this comment'", "SELECT orderkey FROM tpch.tiny.lineitem WHERE false");
        assertThat(miss.get(FILES_SCANNED)).isLessThanOrEqualTo(2L);
        // the few files left, all small, are read in one split
        assertThat(miss.get(SPLITS)).isEqualTo(Long.signum(miss.get(FILES_SCANNED)));

        Map<String, Long> inList = scanMetrics("SELECT comment FROM " + table + " WHERE orderkey IN (32, 33, 34, -1)", "SELECT comment FROM tpch.tiny.lineitem WHERE orderkey IN (32, 33, 34, -1)");
        assertThat(inList.get(FILES_SCANNED)).isLessThan(allFiles / 4);

        // with the other predicate on a column without filters, the index still decides on the first
        Map<String, Long> combined = scanMetrics("SELECT orderkey FROM " + table + " WHERE comment = '" + comment + "' AND partkey > 0",
                "SELECT orderkey FROM tpch.tiny.lineitem WHERE comment = '" + comment + "' AND partkey > 0");
        assertThat(combined.get(FILES_SCANNED)).isEqualTo(hit.get(FILES_SCANNED));

        // a range is no lookup
        Map<String, Long> range = scanMetrics("SELECT count(*) FROM " + table + " WHERE orderkey BETWEEN 32 AND 40", "SELECT count(*) FROM tpch.tiny.lineitem WHERE orderkey BETWEEN 32 AND 40");
        assertThat(range.get(FILES_SKIPPED_BY_BLOOM_INDEX)).isZero();
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testLookupReadsOnlyTheBlocksItsValuesSelect()
            throws IOException
    {
        String table = "blocks_" + randomNameSuffix();
        // 60,000 distinct ids in three partitions: filters of several kB each, further apart than a local read merges
        assertUpdate("CREATE TABLE " + table + " WITH (partitioning = ARRAY['part'], bloom_filter_columns = ARRAY['id'], bloom_filter_fpp = 0.001) AS " +
                "SELECT x id, x % 3 part FROM (SELECT i * 10000 + j x FROM UNNEST(sequence(0, 5)) a(i) CROSS JOIN UNNEST(sequence(1, 10000)) b(j))", 60000);
        long filterBytes = (long) computeScalar("SELECT sum(filter_size_in_bytes) FROM \"" + table + "$bloom_index\"");
        assertThat(filterBytes).isGreaterThan(60_000 * 16 / 8);

        // the filters are in group blobs, each data file's in one
        List<BlobMetadata> blobs = new ArrayList<>();
        for (Path indexFile : files(table, ".bloom-index.puffin")) {
            try (PuffinReader reader = Puffin.read(org.apache.iceberg.Files.localInput(indexFile.toFile())).build()) {
                blobs.addAll(reader.fileMetadata().blobs());
            }
        }
        assertThat(blobs).isNotEmpty().allSatisfy(blob -> assertThat(blob.type()).isEqualTo(GROUP_BLOB_TYPE));
        List<String> grouped = blobs.stream()
                .flatMap(blob -> BloomFilterGroup.members(blob.properties().get(DATA_FILES_PROPERTY)).stream())
                .map(BloomFilterGroup.Member::path)
                .toList();
        assertThat(grouped).containsExactlyInAnyOrderElementsOf(computeActual("SELECT file_path FROM \"" + table + "$files\"").getOnlyColumn().map(String.class::cast).toList());

        Map<String, Long> needle = scanMetrics("SELECT part FROM " + table + " WHERE id = 30001", "VALUES BIGINT '1'");
        assertThat(needle.get(FILES_SCANNED)).isLessThan(needle.get(FILES));
        // the footers, and one block of 32 bytes per file and value; not the filters
        assertThat(needle.get(BLOOM_INDEX_BYTES_READ)).isLessThan(filterBytes / 4);
        Map<String, Long> inList = scanMetrics("SELECT id FROM " + table + " WHERE id IN (3, 30001, -7, 60000, 90000)", "VALUES BIGINT '3', 30001, 60000");
        assertThat(inList.get(FILES_SKIPPED_BY_BLOOM_INDEX)).isPositive();
        assertThat(inList.get(BLOOM_INDEX_BYTES_READ)).isLessThan(filterBytes / 4);
        Map<String, Long> miss = scanMetrics("SELECT id FROM " + table + " WHERE id IN (-1, -2, 60001)", "SELECT BIGINT '1' WHERE false");
        assertThat(miss.get(FILES_SCANNED)).isLessThanOrEqualTo(1);
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testJoinLooksUpItsDynamicFilterInTheIndex()
    {
        String table = "probe_side_" + randomNameSuffix();
        String keys = "build_side_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " WITH (partitioning = ARRAY['month(shipdate)'], bloom_filter_columns = ARRAY['comment']) AS " +
                "SELECT orderkey, comment, shipdate FROM tpch.tiny.lineitem", 60175);
        // two comments, unknown to the planner until the build side has run
        assertUpdate("CREATE TABLE " + keys + " AS SELECT comment FROM tpch.tiny.lineitem WHERE orderkey IN (1, 7) AND linenumber = 2", 2);
        long allFiles = (long) computeScalar("SELECT count(*) FROM \"" + table + "$files\"");

        Session waitForDynamicFilters = Session.builder(getSession())
                .setCatalogSessionProperty("lakehouse", "dynamic_filtering_wait_timeout", "1m")
                .setSystemProperty("join_distribution_type", "BROADCAST")
                .build();
        Map<String, Long> metrics = scanMetrics(waitForDynamicFilters,
                "SELECT t.orderkey FROM " + table + " t JOIN " + keys + " k ON t.comment = k.comment",
                "SELECT orderkey FROM tpch.tiny.lineitem WHERE orderkey IN (1, 7) AND linenumber = 2");
        assertThat(metrics.get(FILES_SKIPPED_BY_BLOOM_INDEX_DYNAMIC_FILTER)).isGreaterThan(allFiles - 10);
        assertThat(metrics.get(FILES_SKIPPED_BY_BLOOM_INDEX)).isZero();
        // the build side's one file and the probe side's files that may hold the two comments
        assertThat(metrics.get(FILES_SCANNED)).isBetween(3L, 8L);
        assertUpdate("DROP TABLE " + table);
        assertUpdate("DROP TABLE " + keys);
    }

    @Test
    void testInsertIndexesItsOwnFiles()
    {
        String table = "inserts_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint, part integer) WITH (partitioning = ARRAY['part'], bloom_filter_columns = ARRAY['id'])");
        for (int part = 0; part < 4; part++) {
            assertUpdate("INSERT INTO %s SELECT x * 4 + %s, %s FROM UNNEST(sequence(1, 1000)) t(x)".formatted(table, part, part), 1000);
        }
        // one commit adds to a table whose earlier files have no index
        assertUpdate("ALTER TABLE " + table + " SET PROPERTIES bloom_filter_columns = ARRAY[]");
        assertUpdate("INSERT INTO %s SELECT x * 4 + 1, 5 FROM UNNEST(sequence(1, 1000)) t(x)".formatted(table), 1000);
        Map<String, Long> metrics = scanMetrics("SELECT id, part FROM " + table + " WHERE id = 402", "VALUES (BIGINT '402', 2)");
        assertThat(metrics.get(FILES)).isEqualTo(5);
        assertThat(metrics.get(FILES_SKIPPED_BY_BLOOM_INDEX)).isEqualTo(3);
        assertThat(metrics.get(FILES_WITHOUT_BLOOM_INDEX)).isEqualTo(1);
        assertThat(metrics.get(FILES_SCANNED)).isEqualTo(2);
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testRowGroupBloomFiltersAreSizedForTheFile()
            throws IOException
    {
        String table = "row_groups_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint, name varchar, other bigint) WITH (bloom_filter_columns = ARRAY['id', 'name'], bloom_filter_fpp = 0.01)");
        assertUpdate("INSERT INTO " + table + " SELECT x, 'name-' || CAST(x % 700 AS varchar), x FROM UNNEST(sequence(1, 1000)) t(x)", 1000);
        List<Path> dataFiles = files(table, ".parquet");
        assertThat(dataFiles).isNotEmpty();
        for (Path dataFile : dataFiles) {
            byte[] file = Files.readAllBytes(dataFile);
            FileMetaData footer = footer(file);
            assertThat(footer.getRow_groups()).hasSize(1);
            // sized for the file's distinct ids (one per row), not for Trino's fixed 100,000 values (about 128kB)
            int expectedBytes = DataFileBloomFilters.newFilter(footer.getNum_rows(), 0.01).getBitsetSize();
            Map<String, Integer> filterBytes = new HashMap<>();
            for (ColumnChunk column : footer.getRow_groups().getFirst().getColumns()) {
                if (column.getMeta_data().isSetBloom_filter_offset()) {
                    int offset = toIntExact(column.getMeta_data().getBloom_filter_offset());
                    BloomFilterHeader header = Util.readBloomFilterHeader(new ByteArrayInputStream(file, offset, file.length - offset));
                    filterBytes.put(column.getMeta_data().getPath_in_schema().getFirst(), header.getNumBytes());
                }
            }
            assertThat(filterBytes).containsOnlyKeys("id", "name");
            assertThat(filterBytes.get("id")).isEqualTo(max(64, expectedBytes));
            assertThat(filterBytes.get("id")).isLessThan(2048);
        }
        assertUpdate("DROP TABLE " + table);
    }

    private static FileMetaData footer(byte[] file)
            throws IOException
    {
        int footerLength = ByteBuffer.wrap(file, file.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return Util.readFileMetaData(new ByteArrayInputStream(file, file.length - 8 - footerLength, footerLength));
    }

    @Test
    void testUnreadableIndexScansTheFiles()
            throws IOException
    {
        String table = "unreadable_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " WITH (partitioning = ARRAY['part'], bloom_filter_columns = ARRAY['id']) AS " +
                "SELECT x id, x % 5 part FROM UNNEST(sequence(1, 5000)) t(x)", 5000);
        assertThat(scanMetrics("SELECT id FROM " + table + " WHERE id = 77", "VALUES BIGINT '77'").get(FILES_SCANNED)).isEqualTo(1);

        List<Path> indexFiles = files(table, ".bloom-index.puffin");
        assertThat(indexFiles).isNotEmpty();
        for (Path indexFile : indexFiles) {
            Files.write(indexFile, new byte[] {1, 2, 3});
        }
        Map<String, Long> metrics = scanMetrics("SELECT id FROM " + table + " WHERE id = 77", "VALUES BIGINT '77'");
        assertThat(metrics.get(FILES_SCANNED)).isEqualTo(5);
        assertThat(metrics.get(BLOOM_INDEX_READ_FAILURES)).isEqualTo(indexFiles.size());

        for (Path indexFile : indexFiles) {
            Files.delete(indexFile);
        }
        metrics = scanMetrics("SELECT id FROM " + table + " WHERE id = 77", "VALUES BIGINT '77'");
        assertThat(metrics.get(FILES_SCANNED)).isEqualTo(5);
        assertThat(metrics.get(FILES_SKIPPED_BY_BLOOM_INDEX)).isZero();
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testBatchRuledOutEntirelyDoesNotEndTheScan()
    {
        String table = "many_batches_" + randomNameSuffix();
        // the needle's file is committed first, so the scan lists it after the later commit's 2,500 files: more than
        // one batch of files for the index, none of which matches, while min/max rules none out (each spans -1)
        assertUpdate("CREATE TABLE " + table + " WITH (partitioning = ARRAY['part'], bloom_filter_columns = ARRAY['id']) AS SELECT BIGINT '-1' id, BIGINT '0' part", 1);
        assertUpdate("INSERT INTO " + table + " SELECT IF(side = 0, x * 7919 % 100003, -(x * 31 % 1000) - 2), x FROM UNNEST(sequence(1, 2500)) t(x) CROSS JOIN UNNEST(ARRAY[0, 1]) s(side)", 5000);
        Map<String, Long> metrics = scanMetrics("SELECT part FROM " + table + " WHERE id = -1", "VALUES BIGINT '0'");
        assertThat(metrics.get(FILES)).isEqualTo(2501);
        assertThat(metrics.get(FILES_SKIPPED_BY_MIN_MAX)).isZero();
        assertThat(metrics.get(FILES_SKIPPED_BY_BLOOM_INDEX)).isEqualTo(2500);
        assertThat(metrics.get(FILES_SCANNED)).isEqualTo(1);
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testTableWithoutIndexReadsNoIndex()
    {
        String table = "no_index_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " WITH (partitioning = ARRAY['part']) AS SELECT x id, x % 5 part FROM UNNEST(sequence(1, 5000)) t(x)", 5000);
        Map<String, Long> metrics = scanMetrics("SELECT id FROM " + table + " WHERE id = 77", "VALUES BIGINT '77'");
        assertThat(metrics.get(FILES_SCANNED)).isEqualTo(5);
        assertThat(metrics.get(FILES_SKIPPED_BY_BLOOM_INDEX)).isZero();
        // no column declared: no file lacks anything
        assertThat(metrics.get(FILES_WITHOUT_BLOOM_INDEX)).isZero();
        assertThat(metrics.get(BLOOM_INDEX_FILES_READ)).isZero();
        assertThat(files(table, ".puffin").stream().filter(path -> path.toString().endsWith(".bloom-index.puffin"))).isEmpty();
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testFailedCommitLeavesNothingBehind()
            throws SQLException
    {
        String table = "atomic_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint, part integer) WITH (partitioning = ARRAY['part'], bloom_filter_columns = ARRAY['id'])");
        assertUpdate("INSERT INTO " + table + " SELECT x, x % 3 FROM UNNEST(sequence(1, 300)) t(x)", 300);
        List<Path> filesBefore = files(table, "");
        long snapshotsBefore = (long) computeScalar("SELECT count(*) FROM \"" + table + "$snapshots\"");

        // the catalog refuses the commit after every file of the write (data, statistics, index) is written
        assertCommitRefused(table, "INSERT INTO " + table + " SELECT x, x % 3 FROM UNNEST(sequence(301, 600)) t(x)");
        assertQuery("SELECT count(*) FROM " + table, "VALUES 300");
        assertQuery("SELECT count(*) FROM \"" + table + "$snapshots\"", "VALUES " + snapshotsBefore);
        // no data, statistics or index file of the failed write is left (metadata files of the attempt aside)
        assertThat(files(table, "").stream().filter(path -> !path.toString().endsWith(".metadata.json") && !path.toString().endsWith(".avro")))
                .containsExactlyInAnyOrderElementsOf(filesBefore.stream().filter(path -> !path.toString().endsWith(".metadata.json") && !path.toString().endsWith(".avro")).toList());
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testBuildIndexesFilesWrittenBeforeTheColumnsWereDeclared()
    {
        String table = "build_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint, name varchar, part integer) WITH (partitioning = ARRAY['part'])");
        for (int part = 0; part < 3; part++) {
            assertUpdate("INSERT INTO %s SELECT x * 3 + %s, 'name-' || CAST(x * 3 + %s AS varchar), %s FROM UNNEST(sequence(1, 1000)) t(x)".formatted(table, part, part, part), 1000);
        }
        assertQueryFails("ALTER TABLE " + table + " EXECUTE build_bloom_index",
                "Table 'tpch." + table + "' declares no bloom filter columns: set the table property bloom_filter_columns first");
        assertQueryFails("ALTER TABLE " + table + " EXECUTE no_such_procedure", "Table procedure not registered: NO_SUCH_PROCEDURE");

        assertUpdate("ALTER TABLE " + table + " SET PROPERTIES bloom_filter_columns = ARRAY['id']");
        Map<String, Long> before = scanMetrics("SELECT part FROM " + table + " WHERE id = 301", "VALUES 1");
        assertThat(before.get(FILES_SCANNED)).isEqualTo(3);
        // declared but not built yet: every file is scanned for want of an index, and says so
        assertThat(before.get(FILES_WITHOUT_BLOOM_INDEX)).isEqualTo(3);
        assertThat(before.get(BLOOM_INDEX_FILES_READ)).isZero();
        assertQuery("SELECT column_name, indexed, count(*) FROM \"" + table + "$bloom_index\" GROUP BY 1, 2", "VALUES ('id', false, 3)");

        long snapshots = (long) computeScalar("SELECT count(*) FROM \"" + table + "$snapshots\"");
        assertUpdate("ALTER TABLE " + table + " EXECUTE build_bloom_index");
        assertQuery("SELECT count(*) FROM \"" + table + "$snapshots\"", "VALUES " + (snapshots + 1));
        Map<String, Long> after = scanMetrics("SELECT part FROM " + table + " WHERE id = 301", "VALUES 1");
        assertThat(after.get(FILES_WITHOUT_BLOOM_INDEX)).isZero();
        assertThat(after.get(FILES_SKIPPED_BY_BLOOM_INDEX)).isEqualTo(2);
        assertThat(after.get(FILES_SCANNED)).isEqualTo(1);
        assertThat(scanMetrics("SELECT part FROM " + table + " WHERE id = -5", "SELECT 1 WHERE false").get(FILES_SCANNED)).isZero();
        // each file's filter holds its 1,000 ids
        assertQuery("SELECT column_name, indexed, distinct_values, count(DISTINCT index_file), count(*) FROM \"" + table + "$bloom_index\" GROUP BY 1, 2, 3",
                "VALUES ('id', true, 1000, 1, 3)");
        assertQuery("SELECT count(*) FROM \"" + table + "$bloom_index\" b JOIN \"" + table + "$files\" f ON b.file_path = f.file_path", "VALUES 3");

        // nothing left to build: no commit
        assertUpdate("ALTER TABLE " + table + " EXECUTE build_bloom_index");
        assertQuery("SELECT count(*) FROM \"" + table + "$snapshots\"", "VALUES " + (snapshots + 1));

        // a column declared later: the built filters of id stay, those of name are added, inserts index their own files
        assertUpdate("ALTER TABLE " + table + " SET PROPERTIES bloom_filter_columns = ARRAY['id', 'name']");
        assertUpdate("INSERT INTO %s SELECT x * 3, 'name-' || CAST(x * 3 AS varchar), 3 FROM UNNEST(sequence(2000, 2100)) t(x)".formatted(table), 101);
        assertThat(scanMetrics("SELECT id FROM " + table + " WHERE name = 'name-302'", "VALUES BIGINT '302'").get(FILES_WITHOUT_BLOOM_INDEX)).isEqualTo(3);
        assertQuery("SELECT column_name, indexed, count(*) FROM \"" + table + "$bloom_index\" GROUP BY 1, 2", "VALUES ('id', true, 4), ('name', true, 1), ('name', false, 3)");
        assertUpdate("ALTER TABLE " + table + " EXECUTE build_bloom_index");
        Map<String, Long> byName = scanMetrics("SELECT id FROM " + table + " WHERE name = 'name-302'", "VALUES BIGINT '302'");
        assertThat(byName.get(FILES)).isEqualTo(4);
        assertThat(byName.get(FILES_WITHOUT_BLOOM_INDEX)).isZero();
        assertThat(byName.get(FILES_SCANNED)).isEqualTo(1);
        assertQuery("SELECT column_name, indexed, count(*) FROM \"" + table + "$bloom_index\" GROUP BY 1, 2", "VALUES ('id', true, 4), ('name', true, 4)");
        Map<String, Long> byId = scanMetrics("SELECT name FROM " + table + " WHERE id IN (6000, 7)", "VALUES 'name-6000', 'name-7'");
        assertThat(byId.get(FILES_SCANNED)).isEqualTo(2);
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testFailedBuildCommitLeavesNoIndexFile()
            throws SQLException
    {
        String table = "build_fails_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint, part integer) WITH (partitioning = ARRAY['part'])");
        assertUpdate("INSERT INTO " + table + " SELECT x, x % 3 FROM UNNEST(sequence(1, 300)) t(x)", 300);
        assertUpdate("ALTER TABLE " + table + " SET PROPERTIES bloom_filter_columns = ARRAY['id']");
        assertCommitRefused(table, "ALTER TABLE " + table + " EXECUTE build_bloom_index");
        assertThat(files(table, ".bloom-index.puffin")).isEmpty();
        assertThat(scanMetrics("SELECT id FROM " + table + " WHERE id = 7", "VALUES BIGINT '7'").get(FILES_SCANNED)).isEqualTo(3);
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testDropTableDeletesItsIndexFiles()
    {
        String table = "dropped_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " WITH (partitioning = ARRAY['part']) AS SELECT x id, x % 3 part FROM UNNEST(sequence(1, 300)) t(x)", 300);
        assertUpdate("INSERT INTO " + table + " SELECT x, x % 3 FROM UNNEST(sequence(301, 600)) t(x)", 300);
        // index files of a build as well as those written with the data
        assertUpdate("ALTER TABLE " + table + " SET PROPERTIES bloom_filter_columns = ARRAY['id']");
        assertUpdate("ALTER TABLE " + table + " EXECUTE build_bloom_index");
        assertUpdate("INSERT INTO " + table + " SELECT x, x % 3 FROM UNNEST(sequence(601, 900)) t(x)", 300);
        // one index file from the build, one or more (one per writer) from the insert
        assertThat(files(table, ".bloom-index.puffin")).hasSizeGreaterThanOrEqualTo(2);

        assertUpdate("DROP TABLE " + table);
        // nothing of the table is left, its folder included
        assertThat(tableFolders(table)).isEmpty();
    }

    /**
     * Runs the statement while the catalog refuses every commit to the table, and checks that it fails so.
     */
    private void assertCommitRefused(String table, String statement)
            throws SQLException
    {
        String trigger = "refuse_" + table;
        executeOnCatalogDatabase("CREATE TRIGGER " + trigger + " BEFORE UPDATE ON iceberg_tables WHEN old.table_name = '" + table + "' " +
                "BEGIN SELECT RAISE(ABORT, 'commit refused by the test'); END");
        try {
            assertQueryFails(statement, ".*commit refused by the test.*");
        }
        finally {
            executeOnCatalogDatabase("DROP TRIGGER " + trigger);
        }
    }

    private void executeOnCatalogDatabase(String sql)
            throws SQLException
    {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + warehouse.resolve("lakehouse-catalog.sqlite"));
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private Map<String, Long> scanMetrics(String query, String expected)
    {
        return scanMetrics(getSession(), query, expected);
    }

    private Map<String, Long> scanMetrics(Session session, String query, String expected)
    {
        MaterializedResultWithPlan result = getDistributedQueryRunner().executeWithPlan(session, query);
        MaterializedResult expectedRows = getQueryRunner().execute(session, expected);
        assertThat(result.result().getMaterializedRows()).containsExactlyInAnyOrderElementsOf(expectedRows.getMaterializedRows());
        Map<String, Long> metrics = new HashMap<>(TestingScanMetrics.of(getDistributedQueryRunner(), result.queryId()));
        for (String name : List.of(BLOOM_INDEX_BYTES_READ, FILES, FILES_SCANNED, FILES_SKIPPED_BY_PARTITION, FILES_SKIPPED_BY_MIN_MAX, FILES_SKIPPED_BY_BLOOM_INDEX, FILES_SKIPPED_BY_BLOOM_INDEX_DYNAMIC_FILTER, FILES_WITHOUT_BLOOM_INDEX, BLOOM_INDEX_FILES_READ, BLOOM_INDEX_READ_FAILURES, SPLITS)) {
            metrics.putIfAbsent(name, 0L);
        }
        return metrics;
    }

    private List<Path> tableFolders(String table)
    {
        try (Stream<Path> tables = Files.list(warehouse.resolve("tpch"))) {
            return tables.filter(path -> path.getFileName().toString().startsWith(table + "-"))
                    .collect(toImmutableList());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Path> files(String table, String suffix)
    {
        try {
            Path location = tableFolders(table).getFirst();
            try (Stream<Path> files = Files.walk(location)) {
                return files.filter(Files::isRegularFile)
                        .filter(path -> path.toString().endsWith(suffix))
                        .sorted()
                        .collect(toImmutableList());
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
