package dev.lakehouse.connector;

import com.google.common.collect.ImmutableList;
import io.trino.Session;
import io.trino.execution.QueryStats;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import io.trino.testing.QueryRunner.MaterializedResultWithPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static dev.lakehouse.connector.LakehouseMetrics.FILES;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_SCANNED;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_SKIPPED_BY_DYNAMIC_FILTER;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_SKIPPED_BY_MIN_MAX;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_SKIPPED_BY_PARTITION;
import static dev.lakehouse.connector.LakehouseMetrics.ROW_GROUPS;
import static dev.lakehouse.connector.LakehouseMetrics.ROW_GROUPS_SKIPPED_BY_BLOOM_FILTER;
import static dev.lakehouse.connector.LakehouseMetrics.ROW_GROUPS_SKIPPED_BY_COLUMN_INDEX;
import static dev.lakehouse.connector.LakehouseMetrics.ROW_GROUPS_SKIPPED_BY_STATISTICS;
import static dev.lakehouse.connector.LakehouseMetrics.SPLITS;
import static io.trino.testing.TestingNames.randomNameSuffix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * Each way the connector skips data, shown by the metrics a query reports (not by timing), and checked
 * against the results of the same query on TPC-H data.
 */
final class TestLakehouseScanPruning
        extends AbstractTestQueryFramework
{
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-pruning");
        return LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
                // small row groups, so that a small table has several
                .addConnectorProperty("lakehouse.writer.row-group-size", "256kB")
                // the column chunks of these small files are close together: read each on its own, so that reads show projection
                .addConnectorProperty("lakehouse.reader.max-merge-distance", "1kB")
                .build();
    }

    @AfterAll
    void deleteWarehouse()
            throws IOException
    {
        deleteRecursively(warehouse, ALLOW_INSECURE);
    }

    @Test
    void testHiddenPartitionPruning()
    {
        String table = "lineitem_by_month_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " WITH (partitioning = ARRAY['month(shipdate)']) AS " +
                "SELECT orderkey, quantity, shipdate FROM tpch.tiny.lineitem", 60175);

        long marchFiles = dataFiles(table, "shipdate_month=1995-03").size();
        long allFiles = dataFiles(table, "").size();
        assertThat(marchFiles).isPositive();
        assertThat(allFiles).isGreaterThan(80);

        String query = "SELECT count(*), sum(quantity) FROM %s WHERE shipdate BETWEEN DATE '1995-03-01' AND DATE '1995-03-31'";
        Map<String, Long> metrics = scanMetrics(getSession(), query.formatted(table), query.formatted("lineitem"));
        assertThat(metrics.get(FILES)).isEqualTo(allFiles);
        assertThat(metrics.get(FILES_SCANNED)).isEqualTo(marchFiles);
        assertThat(metrics.get(FILES_SKIPPED_BY_PARTITION)).isEqualTo(allFiles - marchFiles);
    }

    @Test
    void testFilePruningByMinMaxAndNullCounts()
    {
        String table = "orders_batches_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (orderkey bigint, custkey bigint, note varchar)");
        // four inserts, four sets of files with disjoint orderkey ranges; the last one with only null notes
        List<Path> before = dataFiles(table, "");
        assertUpdate(singleWriter(), "INSERT INTO " + table + " SELECT orderkey, custkey, comment FROM tpch.tiny.orders WHERE orderkey < 15000", "SELECT count(*) FROM orders WHERE orderkey < 15000");
        List<Path> firstBatch = newFiles(before, dataFiles(table, ""));
        assertThat(firstBatch).isNotEmpty();
        assertUpdate(singleWriter(), "INSERT INTO " + table + " SELECT orderkey, custkey, comment FROM tpch.tiny.orders WHERE orderkey BETWEEN 15000 AND 29999", "SELECT count(*) FROM orders WHERE orderkey BETWEEN 15000 AND 29999");
        assertUpdate(singleWriter(), "INSERT INTO " + table + " SELECT orderkey, custkey, comment FROM tpch.tiny.orders WHERE orderkey BETWEEN 30000 AND 44999", "SELECT count(*) FROM orders WHERE orderkey BETWEEN 30000 AND 44999");
        List<Path> beforeNulls = dataFiles(table, "");
        assertUpdate(singleWriter(), "INSERT INTO " + table + " SELECT orderkey, custkey, NULL FROM tpch.tiny.orders WHERE orderkey >= 45000", "SELECT count(*) FROM orders WHERE orderkey >= 45000");
        List<Path> nullBatch = newFiles(beforeNulls, dataFiles(table, ""));
        long allFiles = dataFiles(table, "").size();

        Map<String, Long> metrics = scanMetrics(getSession(),
                "SELECT custkey FROM " + table + " WHERE orderkey = 7",
                "SELECT custkey FROM orders WHERE orderkey = 7");
        // the files of the other batches are skipped, perhaps some of the first batch too (writers split it)
        assertThat(metrics.get(FILES_SCANNED)).isBetween(1L, (long) firstBatch.size());
        assertThat(metrics.get(FILES_SKIPPED_BY_MIN_MAX)).isEqualTo(allFiles - metrics.get(FILES_SCANNED));

        // null counts: files with only null notes, or without any
        metrics = scanMetrics(getSession(),
                "SELECT count(*) FROM " + table + " WHERE note IS NULL",
                "SELECT count(*) FROM orders WHERE orderkey >= 45000");
        assertThat(metrics.get(FILES_SCANNED)).isEqualTo(nullBatch.size());
        assertThat(metrics.get(FILES_SKIPPED_BY_MIN_MAX)).isEqualTo(allFiles - nullBatch.size());
        metrics = scanMetrics(getSession(),
                "SELECT count(*) FROM " + table + " WHERE note IS NOT NULL",
                "SELECT count(*) FROM orders WHERE orderkey < 45000");
        assertThat(metrics.get(FILES_SKIPPED_BY_MIN_MAX)).isEqualTo(nullBatch.size());
        assertThat(metrics.get(FILES_SCANNED)).isEqualTo(allFiles - nullBatch.size());
    }

    @Test
    void testRowGroupBloomFilterPruning()
    {
        String table = "lineitem_comments_" + randomNameSuffix();
        assertUpdate(singleWriter(), "CREATE TABLE " + table + " WITH (bloom_filter_columns = ARRAY['comment']) AS " +
                "SELECT orderkey, quantity, comment FROM tpch.tiny.lineitem", 60175);
        String comment = (String) computeScalar("SELECT comment FROM tpch.tiny.lineitem WHERE orderkey = 7 AND linenumber = 3");

        // the file holds the comment, so the bloom index keeps it; the row groups' comments span the alphabet, so
        // their statistics keep them; their bloom filters rule out all but the one holding it (and rarely a false
        // positive). How many row groups the file has depends on how the rows were spread over the nodes' writers.
        String query = "SELECT orderkey FROM %s WHERE comment = '" + comment + "'";
        Map<String, Long> metrics = scanMetrics(getSession(), query.formatted(table), query.formatted("lineitem"));
        long rowGroups = metrics.get(ROW_GROUPS);
        long skippedByBloomFilter = metrics.get(ROW_GROUPS_SKIPPED_BY_BLOOM_FILTER);
        assertThat(rowGroups).isGreaterThan(1);
        assertThat(metrics.getOrDefault(ROW_GROUPS_SKIPPED_BY_STATISTICS, 0L)).isZero();
        assertThat(skippedByBloomFilter).isPositive();
        assertThat(rowGroups - skippedByBloomFilter).as("row groups read").isBetween(1L, 2L);
        assertThat(metrics.getOrDefault(ROW_GROUPS_SKIPPED_BY_COLUMN_INDEX, 0L)).isZero();
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testRowGroupPruning()
    {
        String table = "lineitem_sorted_" + randomNameSuffix();
        assertUpdate(singleWriter(), "CREATE TABLE " + table + " WITH (sorted_by = ARRAY['orderkey']) AS " +
                "SELECT orderkey, partkey, suppkey, quantity, extendedprice, comment FROM tpch.tiny.lineitem", 60175);

        String query = "SELECT sum(quantity) FROM %s WHERE orderkey BETWEEN 100 AND 200";
        Map<String, Long> metrics = scanMetrics(getSession(), query.formatted(table), query.formatted("lineitem"));
        assertThat(metrics.get(ROW_GROUPS)).isGreaterThan(1);
        assertThat(metrics.get(ROW_GROUPS_SKIPPED_BY_STATISTICS)).isGreaterThan(0);
        assertThat(metrics.get(ROW_GROUPS) - metrics.get(ROW_GROUPS_SKIPPED_BY_STATISTICS)).isLessThan(metrics.get(ROW_GROUPS));

        // the same query ignoring statistics reads every row group and gives the same answer
        Session ignoreStatistics = Session.builder(getSession())
                .setCatalogSessionProperty("lakehouse", "parquet_ignore_statistics", "true")
                .build();
        metrics = scanMetrics(ignoreStatistics, query.formatted(table), query.formatted("lineitem"));
        assertThat(metrics.get(ROW_GROUPS_SKIPPED_BY_STATISTICS)).isZero();
    }

    @Test
    void testProjectionReadsOnlyTheColumnsUsed()
    {
        String table = "lineitem_projection_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " AS SELECT orderkey, quantity, comment, CAST(ROW(shipinstruct, comment) AS ROW(instruction varchar, note varchar)) details FROM tpch.tiny.lineitem", 60175);

        long oneColumn = columnChunkBytes("SELECT sum(quantity) FROM " + table, "SELECT sum(quantity) FROM lineitem");
        long allColumns = columnChunkBytes("SELECT sum(quantity), max(comment), max(details.note), count(orderkey) FROM " + table, "SELECT sum(quantity), max(comment), max(comment), count(orderkey) FROM lineitem");
        assertThat(oneColumn).isPositive();
        assertThat(oneColumn * 10).isLessThan(allColumns);

        // dereference pushdown: one small field of a row reads far less than the whole row
        long smallField = columnChunkBytes("SELECT max(details.instruction) FROM " + table, "SELECT max(shipinstruct) FROM lineitem");
        long wholeRow = columnChunkBytes("SELECT count(details) FROM " + table, "SELECT count(*) FROM lineitem");
        assertThat(smallField * 10).isLessThan(wholeRow);
        assertQuery("SELECT max(details.instruction), max(details.note) FROM " + table, "SELECT max(shipinstruct), max(comment) FROM lineitem");
    }

    @Test
    void testDynamicFilteringAtSplitGeneration()
    {
        String table = "orders_ranges_" + randomNameSuffix();
        String keys = "build_keys_" + randomNameSuffix();
        assertUpdate(singleWriter(), "CREATE TABLE " + table + " AS SELECT orderkey, totalprice FROM tpch.tiny.orders WHERE orderkey < 20000", "SELECT count(*) FROM orders WHERE orderkey < 20000");
        List<Path> before = dataFiles(table, "");
        assertUpdate(singleWriter(), "INSERT INTO " + table + " SELECT orderkey, totalprice FROM tpch.tiny.orders WHERE orderkey >= 20000", "SELECT count(*) FROM orders WHERE orderkey >= 20000");
        List<Path> secondBatch = newFiles(before, dataFiles(table, ""));
        // the join's build side: keys only in the first batch's range, unknown to the planner
        assertUpdate("CREATE TABLE " + keys + " AS SELECT orderkey FROM tpch.tiny.orders WHERE orderkey < 20000 AND custkey = 370", "SELECT count(*) FROM orders WHERE orderkey < 20000 AND custkey = 370");

        Session waitForDynamicFilters = Session.builder(getSession())
                .setCatalogSessionProperty("lakehouse", "dynamic_filtering_wait_timeout", "1m")
                .setSystemProperty("join_distribution_type", "BROADCAST")
                .build();
        Map<String, Long> metrics = scanMetrics(waitForDynamicFilters,
                "SELECT sum(t.totalprice) FROM " + table + " t JOIN " + keys + " k ON t.orderkey = k.orderkey",
                "SELECT sum(totalprice) FROM orders WHERE orderkey < 20000 AND custkey = 370");
        // every file of the second batch is skipped, perhaps some of the first too
        assertThat(metrics.get(FILES_SKIPPED_BY_DYNAMIC_FILTER)).isGreaterThanOrEqualTo(secondBatch.size());
        assertThat(metrics.get(FILES_SCANNED)).isPositive();
        // both tables are scanned: the build side's files are never skipped
        assertThat(metrics.get(FILES_SCANNED) + metrics.get(FILES_SKIPPED_BY_DYNAMIC_FILTER)).isEqualTo(dataFiles(table, "").size() + dataFiles(keys, "").size());
    }

    @Test
    void testExplainAnalyzeShowsWhatWasSkipped()
    {
        String table = "nation_by_region_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " WITH (partitioning = ARRAY['regionkey']) AS SELECT * FROM tpch.tiny.nation", 25);
        String explain = (String) computeScalar("EXPLAIN ANALYZE VERBOSE SELECT count(*) FROM " + table + " WHERE regionkey = 1 AND nationkey > 0");
        assertThat(explain)
                .contains("splits generation metrics")
                .containsPattern("'filesSkippedByPartition' = LongCount\\{total=[1-9]")
                .contains("'rowGroups' = LongCount");
    }

    @Test
    void testStatisticsFromManifests()
    {
        String table = "orders_stats_" + randomNameSuffix();
        assertUpdate(singleWriter(), "CREATE TABLE " + table + " AS SELECT orderkey, totalprice, orderdate, CASE WHEN orderkey % 4 = 0 THEN NULL ELSE comment END note FROM tpch.tiny.orders", 15000);
        MaterializedResult stats = computeActual("SHOW STATS FOR " + table);
        Map<String, List<Object>> byColumn = new HashMap<>();
        for (var row : stats.getMaterializedRows()) {
            byColumn.put((String) row.getField(0), row.getFields());
        }
        // column_name, data_size, distinct_values_count, nulls_fraction, row_count, low_value, high_value
        assertThat(byColumn.get(null).get(4)).isEqualTo(15000.0);
        assertThat(byColumn.get("orderkey").get(3)).isEqualTo(0.0);
        assertThat(byColumn.get("orderkey").get(5)).isEqualTo("1");
        assertThat(byColumn.get("orderkey").get(6)).isEqualTo("60000");
        assertThat(byColumn.get("orderdate").get(5)).isEqualTo("1992-01-01");
        assertThat(byColumn.get("orderdate").get(6)).isEqualTo("1998-08-02");
        assertThat((double) byColumn.get("note").get(3)).isEqualTo(0.25);
        // only the rows a filter keeps are counted
        MaterializedResult filtered = computeActual("SHOW STATS FOR (SELECT * FROM " + table + " WHERE orderkey > 1000000)");
        assertThat(filtered.getMaterializedRows().getLast().getField(4)).isEqualTo(0.0);
    }

    @Test
    void testSmallFileReadOnce()
            throws IOException
    {
        String table = "small_file_" + randomNameSuffix();
        assertUpdate(singleWriter(), "CREATE TABLE " + table + " AS SELECT orderkey, custkey, totalprice, orderdate FROM tpch.tiny.orders WHERE orderkey <= 4000", 1000);
        long filesSize = 0;
        for (Path file : dataFiles(table, "")) {
            // smaller than the tail the reader asks for with the footer: read in pieces, it would be read about twice
            assertThat(Files.size(file)).isLessThan(48 * 1024);
            filesSize += Files.size(file);
        }

        MaterializedResultWithPlan result = getDistributedQueryRunner().executeWithPlan(getSession(), "SELECT sum(custkey) FROM " + table);
        assertThat(result.result().getOnlyValue()).isEqualTo(computeScalar("SELECT sum(custkey) FROM tpch.tiny.orders WHERE orderkey <= 4000"));
        QueryStats stats = getDistributedQueryRunner().getCoordinator().getQueryManager().getFullQueryInfo(result.queryId()).getQueryStats();
        assertThat(stats.getPhysicalInputDataSize().toBytes()).isEqualTo(filesSize);
    }

    @Test
    void testSmallFilesReadSeveralToASplit()
    {
        String table = "small_files_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint, name varchar)");
        for (int file = 0; file < 20; file++) {
            assertUpdate(singleWriter(), "INSERT INTO %s SELECT nationkey + %s, name FROM tpch.tiny.nation".formatted(table, 100 * file), 25);
        }
        assertThat(dataFiles(table, "")).hasSize(20);

        // each small file counts its open cost (4MB) against the split size (64MB): 16 files, then 4
        Map<String, Long> metrics = scanMetrics(getSession(), "SELECT count(*), sum(id), max(name) FROM " + table, "SELECT 500, 20 * sum(nationkey) + 25 * 100 * 190, max(name) FROM nation");
        assertThat(metrics.get(FILES_SCANNED)).isEqualTo(20);
        assertThat(metrics.get(SPLITS)).isEqualTo(2);

        // the files a filter leaves are packed the same way
        Map<String, Long> filtered = scanMetrics(getSession(), "SELECT count(*), sum(id) FROM " + table + " WHERE id % 100 = 7", "SELECT 20, 20 * 7 + 100 * 190");
        assertThat(filtered.get(SPLITS)).isEqualTo(2);
    }

    @Test
    void testDistinctValueCountsCollectedOnWrite()
    {
        String table = "orders_ndv_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " AS SELECT orderkey, custkey, orderstatus, totalprice, orderdate, comment FROM tpch.tiny.orders", 15000);
        Map<String, List<Object>> stats = columnStatistics(table);
        // column_name, data_size, distinct_values_count, nulls_fraction, row_count, low_value, high_value
        assertThat((double) stats.get("orderkey").get(2)).isCloseTo(15000, withinPercentage(3));
        assertThat((double) stats.get("custkey").get(2)).isCloseTo(1000, withinPercentage(3));
        assertThat((double) stats.get("orderstatus").get(2)).isEqualTo(3.0);
        assertThat((double) stats.get("orderdate").get(2)).isCloseTo(2401, withinPercentage(3));
        assertThat((double) stats.get("comment").get(2)).isCloseTo(14995, withinPercentage(3));
        // data sizes of variable-width columns, from the manifests' column sizes
        assertThat((double) stats.get("comment").get(1)).isGreaterThan(100_000);
        assertThat(stats.get("orderkey").get(1)).isNull();

        // an append merges its sketches with the table's: the same rows again add no distinct values, new ones do
        assertUpdate("INSERT INTO " + table + " SELECT orderkey, custkey, orderstatus, totalprice, orderdate, comment FROM tpch.tiny.orders", 15000);
        assertThat((double) columnStatistics(table).get("orderkey").get(2)).isCloseTo(15000, withinPercentage(3));
        assertUpdate("INSERT INTO " + table + " SELECT orderkey + 1000000, custkey, orderstatus, totalprice, orderdate, comment FROM tpch.tiny.orders", 15000);
        stats = columnStatistics(table);
        assertThat((double) stats.get("orderkey").get(2)).isCloseTo(30000, withinPercentage(3));
        assertThat((double) stats.get("custkey").get(2)).isCloseTo(1000, withinPercentage(3));

        // a filtered scan has at most as many distinct values as rows
        MaterializedResult filtered = computeActual("SHOW STATS FOR (SELECT * FROM " + table + " WHERE orderkey > 1000000)");
        for (MaterializedRow row : filtered.getMaterializedRows()) {
            if ("orderkey".equals(row.getField(0))) {
                assertThat((double) row.getField(2)).isLessThanOrEqualTo((double) filtered.getMaterializedRows().getLast().getField(4));
            }
        }
    }

    private Map<String, List<Object>> columnStatistics(String table)
    {
        Map<String, List<Object>> byColumn = new HashMap<>();
        for (MaterializedRow row : computeActual("SHOW STATS FOR " + table).getMaterializedRows()) {
            byColumn.put((String) row.getField(0), row.getFields());
        }
        return byColumn;
    }

    /**
     * Runs the query, checks its result against the query on TPC-H, and returns the connector metrics of
     * its table scans, summed.
     */
    private Map<String, Long> scanMetrics(Session session, String query, String expected)
    {
        MaterializedResultWithPlan result = getDistributedQueryRunner().executeWithPlan(session, query);
        assertThat(result.result().getMaterializedRows())
                .containsExactlyInAnyOrderElementsOf(computeExpected(expected, result.result().getTypes()).getMaterializedRows());
        return TestingScanMetrics.of(getDistributedQueryRunner(), result.queryId());
    }

    /**
     * Bytes of column chunks the Parquet reader read (Trino's reader reports them per compression codec).
     */
    private long columnChunkBytes(String query, String expected)
    {
        return scanMetrics(getSession(), query, expected).entrySet().stream()
                .filter(entry -> entry.getKey().startsWith("ParquetReaderCompressionFormat_"))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /**
     * A session whose writes go through one writer, so each statement writes one data file.
     */
    private Session singleWriter()
    {
        return Session.builder(getSession())
                .setSystemProperty("task_min_writer_count", "1")
                .setSystemProperty("task_max_writer_count", "1")
                .setSystemProperty("scale_writers", "true")
                .setSystemProperty("writer_scaling_min_data_processed", "1GB")
                .build();
    }

    private List<Path> dataFiles(String table, String partitionFolder)
    {
        try (Stream<Path> tables = Files.list(warehouse.resolve("tpch"))) {
            Path location = tables.filter(path -> path.getFileName().toString().startsWith(table + "-"))
                    .collect(toImmutableList())
                    .getFirst();
            Path folder = location.resolve("data").resolve(partitionFolder);
            if (!Files.exists(folder)) {
                return ImmutableList.of();
            }
            try (Stream<Path> files = Files.walk(folder)) {
                return files.filter(path -> path.toString().endsWith(".parquet")).sorted().collect(toImmutableList());
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> newFiles(List<Path> before, List<Path> after)
    {
        return after.stream().filter(path -> !before.contains(path)).collect(toImmutableList());
    }
}
