package dev.lakehouse.connector;

import com.google.common.collect.ImmutableList;
import io.trino.Session;
import io.trino.dispatcher.DispatchManager;
import io.trino.execution.QueryState;
import io.trino.plugin.base.metrics.LongCount;
import io.trino.server.BasicQueryInfo;
import io.trino.spi.QueryId;
import io.trino.spi.metrics.Metric;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import io.trino.testing.QueryRunner.MaterializedResultWithPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static io.trino.testing.TestingNames.randomNameSuffix;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes: every type Iceberg holds, every partition transform, the target file size, compression, sort
 * order, and failed writes that leave neither rows nor files behind.
 */
final class TestLakehouseWrites
        extends AbstractTestQueryFramework
{
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-writes");
        return LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
                .addConnectorProperty("lakehouse.writer.row-group-size", "256kB")
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
    void testDeleteWholePartitions()
    {
        String table = "delete_partitions_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint, region varchar) WITH (partitioning = ARRAY['region'])");
        assertUpdate("INSERT INTO " + table + " VALUES (1, 'EMEA'), (2, 'EMEA'), (3, 'APAC'), (4, 'AMER')", 4);
        long snapshotBefore = (long) computeScalar("SELECT snapshot_id FROM \"%s$snapshots\" ORDER BY committed_at DESC LIMIT 1".formatted(table));

        // a filter on the identity partition column removes whole files, in one metadata-only commit
        assertUpdate("DELETE FROM " + table + " WHERE region = 'EMEA'", 2);
        assertQuery("SELECT id FROM " + table, "VALUES 3, 4");
        assertQuery("SELECT operation, summary['deleted-data-files'] FROM \"%s$snapshots\" ORDER BY committed_at DESC LIMIT 1".formatted(table), "VALUES ('delete', '1')");
        // nothing to delete
        assertUpdate("DELETE FROM " + table + " WHERE region = 'LATAM'", 0);
        // the deleted rows stay in the older snapshot
        assertQuery("SELECT id FROM %s FOR VERSION AS OF %s".formatted(table, snapshotBefore), "VALUES 1, 2, 3, 4");

        // no filter: every file
        assertUpdate("DELETE FROM " + table, 2);
        assertQuery("SELECT count(*) FROM " + table, "VALUES 0");
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testEveryTypeRoundTrips()
    {
        String table = "all_types_" + randomNameSuffix();
        assertUpdate("""
                CREATE TABLE %s (
                    c_boolean boolean, c_tinyint tinyint, c_smallint smallint, c_integer integer, c_bigint bigint,
                    c_real real, c_double double, c_short_decimal decimal(10, 2), c_long_decimal decimal(38, 9),
                    c_date date, c_time time(6), c_timestamp timestamp(6), c_timestamptz timestamp(6) with time zone,
                    c_varchar varchar, c_bounded varchar(10), c_varbinary varbinary, c_uuid uuid,
                    c_array array(integer), c_map map(varchar, double), c_row row(name varchar, scores array(bigint)))
                """.formatted(table));
        assertUpdate("""
                INSERT INTO %s VALUES
                    (true, 1, 2, 3, 4, REAL '1.5', 2.5, 12345678.91, 12345678901234567890.123456789,
                     DATE '2024-02-29', TIME '23:59:59.123456', TIMESTAMP '2024-02-29 12:34:56.789012',
                     TIMESTAMP '2024-02-29 12:34:56.789012 UTC', 'héllo', 'bounded', X'00FF10', UUID '12151fd2-7586-11e9-8f9e-2a86e4085a59',
                     ARRAY[1, NULL, 3], MAP(ARRAY['a', 'b'], ARRAY[1.0, NULL]), ROW('x', ARRAY[BIGINT '7', 8])),
                    (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
                """.formatted(table), 2);

        assertThat(query("SELECT * FROM " + table + " WHERE c_boolean"))
                .matches("""
                        VALUES (true, 1, 2, 3, BIGINT '4', REAL '1.5', DOUBLE '2.5', CAST(12345678.91 AS decimal(10, 2)), CAST(12345678901234567890.123456789 AS decimal(38, 9)),
                            DATE '2024-02-29', TIME '23:59:59.123456', TIMESTAMP '2024-02-29 12:34:56.789012',
                            TIMESTAMP '2024-02-29 12:34:56.789012 UTC', VARCHAR 'héllo', VARCHAR 'bounded', X'00FF10', UUID '12151fd2-7586-11e9-8f9e-2a86e4085a59',
                            ARRAY[1, NULL, 3], MAP(ARRAY[VARCHAR 'a', 'b'], ARRAY[DOUBLE '1.0', NULL]),
                            CAST(ROW('x', ARRAY[BIGINT '7', 8]) AS row(name varchar, scores array(bigint))))
                        """);
        assertQuery("SELECT count(*) FROM " + table + " WHERE c_bigint IS NULL AND c_row IS NULL AND c_map IS NULL", "VALUES 1");

        // predicates on every primitive type are pushed into the scan and give the right rows
        for (String predicate : List.of(
                "c_integer = 3", "c_bigint > 3", "c_real = REAL '1.5'", "c_double < 3", "c_short_decimal = 12345678.91",
                "c_long_decimal > 1", "c_date = DATE '2024-02-29'", "c_time = TIME '23:59:59.123456'",
                "c_timestamp = TIMESTAMP '2024-02-29 12:34:56.789012'", "c_timestamptz = TIMESTAMP '2024-02-29 13:34:56.789012 +01:00'",
                "c_varchar = 'héllo'", "c_bounded = 'bounded'", "c_varbinary = X'00FF10'", "c_uuid = UUID '12151fd2-7586-11e9-8f9e-2a86e4085a59'",
                "c_row.name = 'x'")) {
            assertQuery("SELECT c_integer FROM " + table + " WHERE " + predicate, "VALUES 3");
        }
        assertThat(computeActual("DESCRIBE " + table).getMaterializedRows().stream().map(row -> row.getField(1)).toList())
                .containsExactly(
                        "boolean", "integer", "integer", "integer", "bigint", "real", "double", "decimal(10,2)", "decimal(38,9)",
                        "date", "time(6)", "timestamp(6)", "timestamp(6) with time zone", "varchar", "varchar", "varbinary", "uuid",
                        "array(integer)", "map(varchar, double)", "row(name varchar, scores array(bigint))");
    }

    @Test
    void testEveryPartitionTransform()
    {
        String table = "transforms_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " WITH (partitioning = ARRAY['year(orderdate)', 'bucket(custkey, 4)', 'truncate(orderpriority, 1)', 'orderstatus', 'day(ts)', 'hour(tstz)']) AS " +
                "SELECT orderkey, custkey, orderdate, orderpriority, orderstatus, CAST(orderdate AS timestamp(6)) ts, CAST(orderdate AS timestamp(6) with time zone) tstz " +
                "FROM tpch.tiny.orders WHERE orderdate BETWEEN DATE '1994-12-20' AND DATE '1995-01-20'",
                "SELECT count(*) FROM orders WHERE orderdate BETWEEN DATE '1994-12-20' AND DATE '1995-01-20'");
        String range = "orderdate BETWEEN DATE '1994-12-20' AND DATE '1995-01-20'";
        assertQuery("SELECT count(*), sum(custkey) FROM " + table + " WHERE orderdate >= DATE '1995-01-01'", "SELECT count(*), sum(custkey) FROM orders WHERE " + range + " AND orderdate >= DATE '1995-01-01'");
        assertQuery("SELECT count(*) FROM " + table + " WHERE custkey = 370", "SELECT count(*) FROM orders WHERE " + range + " AND custkey = 370");
        assertQuery("SELECT count(*) FROM " + table + " WHERE orderpriority = '1-URGENT' AND orderstatus = 'F'", "SELECT count(*) FROM orders WHERE " + range + " AND orderpriority = '1-URGENT' AND orderstatus = 'F'");
        assertQuery("SELECT count(*) FROM " + table + " WHERE ts = TIMESTAMP '1995-01-05 00:00:00'", "SELECT count(*) FROM orders WHERE orderdate = DATE '1995-01-05'");
        // Iceberg's layout of partition folders, as other engines write it
        assertThat(tableLocation(table).resolve("data").resolve("orderdate_year=1995")).isDirectory();
        assertThat(tableLocation(table).resolve("data").resolve("orderdate_year=1994")).isDirectory();
        assertThat((String) computeScalar("SHOW CREATE TABLE " + table))
                .contains("partitioning = ARRAY['year(orderdate)','bucket(custkey, 4)','truncate(orderpriority, 1)','orderstatus','day(ts)','hour(tstz)']");
    }

    @Test
    void testEveryRowWrittenWhenEachPageSpreadsOverManyPartitions()
    {
        String table = "by_day_" + randomNameSuffix();
        // 2,518 ship dates: each page the writer receives holds a few rows of each of hundreds of partitions
        String columns = "orderkey, partkey, suppkey, linenumber, quantity, extendedprice, discount, tax, returnflag, linestatus, shipdate, commitdate, receiptdate, shipinstruct, shipmode, comment";
        assertUpdate("CREATE TABLE " + table + " WITH (partitioning = ARRAY['shipdate']) AS SELECT " + columns + " FROM tpch.tiny.lineitem", 60175);

        // one writer per partition: one file for each day
        assertThat(computeActual("SELECT count(*) FROM \"" + table + "$files\"").getOnlyValue())
                .isEqualTo(computeActual("SELECT count(DISTINCT shipdate) FROM tpch.tiny.lineitem").getOnlyValue());
        String checksums = "SELECT shipdate, count(*), checksum(orderkey), checksum(linenumber), checksum(quantity), checksum(extendedprice), checksum(returnflag), checksum(comment), checksum(receiptdate) FROM %s GROUP BY shipdate";
        assertThat(computeActual(checksums.formatted(table)).getMaterializedRows())
                .containsExactlyInAnyOrderElementsOf(computeActual(checksums.formatted("tpch.tiny.lineitem")).getMaterializedRows());
    }

    @Test
    void testWriterMemoryLimitWritesLargestPartitionsOut()
    {
        // four copies of lineitem by month: 84 partitions, each page of rows spread over all of them
        String rows = "SELECT l.* FROM tpch.tiny.lineitem l CROSS JOIN (VALUES 1, 2, 3, 4) copies(n)";
        String unlimited = "by_month_unlimited_" + randomNameSuffix();
        MaterializedResultWithPlan unlimitedWrite = getDistributedQueryRunner().executeWithPlan(getSession(),
                "CREATE TABLE " + unlimited + " WITH (partitioning = ARRAY['month(shipdate)']) AS " + rows);
        String limited = "by_month_limited_" + randomNameSuffix();
        Session limitedMemory = Session.builder(getSession())
                .setCatalogSessionProperty("lakehouse", "writer_max_memory", "2MB")
                .build();
        MaterializedResultWithPlan limitedWrite = getDistributedQueryRunner().executeWithPlan(limitedMemory,
                "CREATE TABLE " + limited + " WITH (partitioning = ARRAY['month(shipdate)']) AS " + rows);

        // every row written, in more files than partitions: partitions were written out before their last rows came
        String checksums = "SELECT date_trunc('month', shipdate), count(*), checksum(orderkey), checksum(linenumber), checksum(quantity), checksum(extendedprice), checksum(returnflag), checksum(comment), checksum(receiptdate) FROM %s GROUP BY 1";
        assertThat(computeActual(checksums.formatted(limited)).getMaterializedRows())
                .containsExactlyInAnyOrderElementsOf(computeActual(checksums.formatted(unlimited)).getMaterializedRows());
        assertThat((long) computeScalar("SELECT count(*) FROM " + limited)).isEqualTo(4 * 60175);
        long partitions = (long) computeScalar("SELECT count(DISTINCT date_trunc('month', shipdate)) FROM tpch.tiny.lineitem");
        assertThat((long) computeScalar("SELECT count(*) FROM \"" + unlimited + "$files\"")).isEqualTo(partitions);
        assertThat((long) computeScalar("SELECT count(*) FROM \"" + limited + "$files\"")).isGreaterThan(2 * partitions);

        // a writer held at most the limit (its share of it, with the query's other writers) and the rows of one
        // page (the limit is checked once a page is taken in), where without it, it held all the rows it received
        long limit = 2 * 1024 * 1024;
        assertThat(tableWriterPeakMemory(limitedWrite.queryId())).isLessThan(limit * 3 / 2);
        assertThat(tableWriterPeakMemory(unlimitedWrite.queryId())).isGreaterThan(limit * 2);
    }

    /**
     * The most memory one table writer held: its operator's peak, over all the query's writers.
     */
    private long tableWriterPeakMemory(QueryId queryId)
    {
        return getDistributedQueryRunner().getCoordinator().getQueryManager().getFullQueryInfo(queryId).getQueryStats().getOperatorSummaries().stream()
                .filter(operator -> operator.getOperatorType().equals("TableWriterOperator"))
                .mapToLong(operator -> operator.getPeakUserMemoryReservation().toBytes())
                .max()
                .orElseThrow();
    }

    @Test
    void testTargetFileSize()
    {
        String table = "target_size_" + randomNameSuffix();
        // three copies of lineitem: several MB for each writer
        assertUpdate("CREATE TABLE " + table + " WITH (target_file_size = '1MB') AS SELECT l.* FROM tpch.tiny.lineitem l CROSS JOIN (VALUES 1, 2, 3) copies(n)", 3 * 60175);
        List<Path> files = dataFiles(table);
        assertThat(files.stream().mapToLong(TestLakehouseWrites::size).sum()).isGreaterThan(5 * 1024 * 1024);
        assertThat(files).hasSizeGreaterThan(5);
        for (Path file : files) {
            // a writer starts a new file once the current one reaches the target; the last page may go past it
            assertThat(size(file)).isLessThan(2 * 1024 * 1024);
        }
        assertThat((String) computeScalar("SHOW CREATE TABLE " + table)).contains("target_file_size = '1MB'");
        assertQuery("SELECT count(*), sum(quantity) FROM " + table, "SELECT 3 * count(*), 3 * sum(quantity) FROM lineitem");
    }

    @Test
    void testZstdByDefaultAndCompressionPerSession()
    {
        String zstd = "zstd_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + zstd + " AS SELECT * FROM tpch.tiny.nation", 25);
        assertThat(codecsRead("SELECT * FROM " + zstd)).containsOnlyKeys("ZSTD");

        String snappy = "snappy_" + randomNameSuffix();
        Session snappySession = Session.builder(getSession())
                .setCatalogSessionProperty("lakehouse", "compression_codec", "SNAPPY")
                .build();
        assertUpdate(snappySession, "CREATE TABLE " + snappy + " AS SELECT * FROM tpch.tiny.nation", 25);
        assertThat(codecsRead("SELECT * FROM " + snappy)).containsOnlyKeys("SNAPPY");
    }

    @Test
    void testSortedTableWritesSortedFiles()
    {
        String unsorted = "unsorted_" + randomNameSuffix();
        String sorted = "sorted_" + randomNameSuffix();
        // three copies of lineitem: several row groups in each writer's file
        String source = "SELECT partkey, quantity, comment FROM tpch.tiny.lineitem CROSS JOIN (VALUES 1, 2, 3) copies(n)";
        assertUpdate("CREATE TABLE " + unsorted + " AS " + source, 3 * 60175);
        assertUpdate("CREATE TABLE " + sorted + " WITH (sorted_by = ARRAY['partkey']) AS " + source, 3 * 60175);
        long sortedFiles = dataFiles(sorted).size();
        assertThat((String) computeScalar("SHOW CREATE TABLE " + sorted)).contains("sorted_by = ARRAY['partkey']");

        // lineitem is ordered by orderkey: its partkeys spread over every row group, unless sorted
        String query = "SELECT sum(quantity) FROM %s WHERE partkey BETWEEN 1 AND 5";
        Map<String, Long> unsortedMetrics = scanMetrics(query.formatted(unsorted));
        Map<String, Long> sortedMetrics = scanMetrics(query.formatted(sorted));
        assertThat(unsortedMetrics.get("rowGroups")).isGreaterThan(2);
        assertThat(unsortedMetrics.get("rowGroupsSkippedByStatistics")).isZero();
        // in each sorted file, only the first row group can hold partkeys 1 to 5
        assertThat(sortedMetrics.get("rowGroups")).isGreaterThan(sortedFiles);
        assertThat(sortedMetrics.get("rowGroupsSkippedByStatistics")).isGreaterThanOrEqualTo(sortedMetrics.get("rowGroups") - sortedFiles);
        assertQuery(query.formatted(sorted), "SELECT 3 * sum(quantity) FROM lineitem WHERE partkey BETWEEN 1 AND 5");
    }

    @Test
    void testFailedInsertLeavesNoRowsAndNoFiles()
    {
        String table = "failed_insert_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " AS SELECT orderkey, totalprice FROM tpch.tiny.orders", 15000);
        List<Path> before = dataFiles(table);

        // fails on one row, after other writers may have written and finished their files
        assertQueryFails(
                "INSERT INTO " + table + " SELECT orderkey, totalprice + 1 / (orderkey - (SELECT max(orderkey) FROM tpch.tiny.orders)) FROM tpch.tiny.orders",
                "Division by zero");
        assertQuery("SELECT count(*) FROM " + table, "VALUES 15000");
        assertThat(dataFiles(table)).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void testFailedCreateTableAsLeavesNothing()
    {
        String table = "failed_ctas_" + randomNameSuffix();
        assertQueryFails(
                "CREATE TABLE " + table + " AS SELECT orderkey, 1 / (orderkey - (SELECT max(orderkey) FROM tpch.tiny.orders)) x FROM tpch.tiny.orders",
                "Division by zero");
        assertThat(getQueryRunner().tableExists(getSession(), table)).isFalse();
        try (Stream<Path> files = Files.walk(warehouse.resolve("tpch"))) {
            assertThat(files.filter(path -> path.toString().contains(table)).filter(Files::isRegularFile).toList()).isEmpty();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the name is free
        assertUpdate("CREATE TABLE " + table + " AS SELECT 1 x", 1);
    }

    @Test
    void testCancelledInsertLeavesNoRowsAndNoFiles()
            throws Exception
    {
        String table = "cancelled_insert_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " AS SELECT orderkey, partkey, comment FROM tpch.tiny.lineitem WHERE orderkey < 100", "SELECT count(*) FROM lineitem WHERE orderkey < 100");
        List<Path> before = dataFiles(table);

        // a long insert, cancelled once its writers have written files
        String insert = "INSERT INTO " + table + " SELECT orderkey, partkey, comment FROM tpch.sf10.lineitem";
        Thread writer = new Thread(() -> {
            try {
                getQueryRunner().execute(insert);
            }
            catch (RuntimeException e) {
                // the cancellation
            }
        });
        writer.start();
        DispatchManager dispatchManager = getDistributedQueryRunner().getCoordinator().getDispatchManager();
        QueryId queryId = poll(() -> dispatchManager.getQueries().stream()
                .filter(query -> query.getQuery().equals(insert) && query.getState() == QueryState.RUNNING)
                .map(BasicQueryInfo::getQueryId)
                .findFirst());
        poll(() -> dataFiles(table).size() > before.size() ? Optional.of(true) : Optional.empty());
        dispatchManager.cancelQuery(queryId);
        writer.join();

        assertQuery("SELECT count(*) FROM " + table, "SELECT count(*) FROM lineitem WHERE orderkey < 100");
        // the aborted writers delete their files; those that finished first are deleted on rollback
        poll(() -> dataFiles(table).equals(before) ? Optional.of(true) : Optional.empty());
    }

    /**
     * Waits, at most a minute, for the supplier to return a value.
     */
    private static <T> T poll(Supplier<Optional<T>> supplier)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            Optional<T> value = supplier.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("condition not met within a minute");
    }

    @Test
    void testParallelInsertsAllCommit()
            throws Exception
    {
        String table = "parallel_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (orderkey bigint, writer integer)");
        List<Thread> writers = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int writer = 0; writer < 4; writer++) {
            int id = writer;
            Thread thread = new Thread(() -> {
                try {
                    getQueryRunner().execute("INSERT INTO " + table + " SELECT orderkey, " + id + " FROM tpch.tiny.orders");
                }
                catch (Throwable e) {
                    failures.add(e);
                }
            });
            writers.add(thread);
            thread.start();
        }
        for (Thread thread : writers) {
            thread.join();
        }
        assertThat(failures).isEmpty();
        assertQuery("SELECT writer, count(*) FROM " + table + " GROUP BY writer", "VALUES (0, 15000), (1, 15000), (2, 15000), (3, 15000)");
    }

    private Map<String, Long> codecsRead(String query)
    {
        Map<String, Long> codecs = new HashMap<>();
        scanMetrics(query).forEach((name, value) -> {
            if (name.startsWith("ParquetReaderCompressionFormat_") && value > 0) {
                codecs.put(name.substring("ParquetReaderCompressionFormat_".length()), value);
            }
        });
        return codecs;
    }

    private Map<String, Long> scanMetrics(String query)
    {
        MaterializedResultWithPlan result = getDistributedQueryRunner().executeWithPlan(getSession(), query);
        Map<String, Long> metrics = new HashMap<>();
        for (var operator : getDistributedQueryRunner().getCoordinator().getQueryManager().getFullQueryInfo(result.queryId()).getQueryStats().getOperatorSummaries()) {
            for (Map.Entry<String, Metric<?>> metric : operator.getConnectorMetrics().getMetrics().entrySet()) {
                if (metric.getValue() instanceof LongCount count) {
                    metrics.merge(metric.getKey(), count.getTotal(), Long::sum);
                }
            }
        }
        return metrics;
    }

    private Path tableLocation(String table)
    {
        try (Stream<Path> tables = Files.list(warehouse.resolve("tpch"))) {
            return tables.filter(path -> path.getFileName().toString().startsWith(table + "-")).findFirst().orElseThrow();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Path> dataFiles(String table)
    {
        Path data = tableLocation(table).resolve("data");
        if (!Files.exists(data)) {
            return ImmutableList.of();
        }
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(path -> path.toString().endsWith(".parquet")).collect(toImmutableList());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file)
    {
        try {
            return Files.size(file);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
