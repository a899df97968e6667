package dev.lakehouse.tests.connector;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.testing.QueryDetails;
import dev.lakehouse.testing.QueryResult;
import dev.lakehouse.testing.TestingPostgreSqlServer;
import dev.lakehouse.testing.TrinoClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * Tables shared with Trino's own Iceberg connector: both catalogs record their tables in the same
 * PostgreSQL database under the same catalog name, and keep their files in the same warehouse. What one
 * writes, the other reads correctly.
 */
final class TestIcebergInterop
{
    // started before the cluster, whose catalogs point at it
    private static final TestingPostgreSqlServer POSTGRESQL = startPostgreSql();

    @RegisterExtension
    static final TrinoClusterExtension CLUSTER = new TrinoClusterExtension(cluster -> cluster
            .withWorkers(2)
            .withExtraPlugin("iceberg")
            .withCatalog("lakehouse", ImmutableMap.<String, String>builder()
                    .put("connector.name", "lakehouse")
                    .put("lakehouse.warehouse", "${ENV:LAKEHOUSE_CLUSTER_DIR}/warehouse")
                    .put("lakehouse.catalog.jdbc.url", POSTGRESQL.jdbcUrl())
                    .put("lakehouse.catalog.jdbc.user", POSTGRESQL.user())
                    .put("lakehouse.catalog.jdbc.password", POSTGRESQL.password())
                    .put("lakehouse.catalog.jdbc.catalog-name", "shared")
                    .buildOrThrow())
            .withCatalog("iceberg", ImmutableMap.<String, String>builder()
                    .put("connector.name", "iceberg")
                    .put("iceberg.catalog.type", "jdbc")
                    .put("iceberg.jdbc-catalog.driver-class", "org.postgresql.Driver")
                    .put("iceberg.jdbc-catalog.connection-url", POSTGRESQL.jdbcUrl())
                    .put("iceberg.jdbc-catalog.connection-user", POSTGRESQL.user())
                    .put("iceberg.jdbc-catalog.connection-password", POSTGRESQL.password())
                    .put("iceberg.jdbc-catalog.catalog-name", "shared")
                    .put("iceberg.jdbc-catalog.default-warehouse-dir", "file://${ENV:LAKEHOUSE_CLUSTER_DIR}/warehouse")
                    .put("fs.native-local.enabled", "true")
                    .put("local.location", "/")
                    .buildOrThrow())
            .withCatalog("tpch", Map.of("connector.name", "tpch")));

    /**
     * Every column type both connectors hold, from TPC-H orders.
     */
    private static final String ORDERS_WITH_EVERY_TYPE = """
            SELECT orderkey, custkey, orderstatus, totalprice, orderdate, shippriority,
                CAST(totalprice AS decimal(12, 2)) price,
                CAST(orderdate AS timestamp(6)) ts,
                CAST(orderdate AS timestamp(6) with time zone) tstz,
                orderkey % 2 = 0 even,
                CAST(totalprice AS real) price_real,
                to_utf8(clerk) clerk_bytes,
                ARRAY[orderkey, custkey] keys,
                MAP(ARRAY['priority'], ARRAY[orderpriority]) attributes,
                CAST(ROW(orderstatus, orderkey) AS ROW(status varchar, key bigint)) details
            FROM tpch.tiny.orders
            """;

    /**
     * Aggregates over every column, which both connectors must compute alike.
     */
    private static final String FINGERPRINT = """
            SELECT count(*), sum(orderkey), sum(custkey), max(orderstatus), sum(CAST(totalprice AS decimal(20, 2))), max(orderdate), sum(shippriority),
                sum(price), max(ts), min(tstz), count_if(even), sum(CAST(price_real AS decimal(20, 1))), to_hex(checksum(clerk_bytes)),
                sum(keys[2]), max(attributes['priority']), max(details.status), sum(details.key)
            FROM %s
            WHERE orderdate BETWEEN DATE '1994-01-01' AND DATE '1996-06-30' AND custkey %% 7 <> 3
            """;

    @BeforeAll
    static void createSchema()
    {
        CLUSTER.cluster().execute("alice", "CREATE SCHEMA iceberg.interop");
    }

    @AfterAll
    static void stopPostgreSql()
    {
        POSTGRESQL.close();
    }

    @Test
    void testLakehouseReadsTablesWrittenByTrinoIceberg()
    {
        CLUSTER.cluster().execute("alice", "CREATE TABLE iceberg.interop.by_iceberg WITH (partitioning = ARRAY['month(orderdate)', 'bucket(custkey, 4)']) AS " + ORDERS_WITH_EVERY_TYPE);
        // a second snapshot with more files
        CLUSTER.cluster().execute("alice", "INSERT INTO iceberg.interop.by_iceberg " + ORDERS_WITH_EVERY_TYPE + " WHERE orderkey < 1000");

        assertSameResult("lakehouse.interop.by_iceberg", "iceberg.interop.by_iceberg");
        assertThat(CLUSTER.cluster().execute("alice", "SHOW TABLES FROM lakehouse.interop").rows()).contains(List.of("by_iceberg"));

        // the partitioning Iceberg wrote prunes files for lakehouse too
        QueryResult march = CLUSTER.cluster().execute("alice", "SELECT count(*) FROM lakehouse.interop.by_iceberg WHERE orderdate BETWEEN DATE '1995-03-01' AND DATE '1995-03-31'");
        assertThat(march.rows()).isEqualTo(CLUSTER.cluster().execute("alice", "SELECT count(*) FROM iceberg.interop.by_iceberg WHERE orderdate BETWEEN DATE '1995-03-01' AND DATE '1995-03-31'").rows());
        QueryDetails details = CLUSTER.cluster().queryDetails("alice", march.queryId());
        assertThat(details.connectorMetricTotal("filesSkippedByPartition")).isPositive();
        assertThat(details.connectorMetricTotal("filesScanned")).isLessThan(details.connectorMetricTotal("files") / 10);
    }

    @Test
    void testTrinoIcebergReadsTablesWrittenByLakehouse()
    {
        CLUSTER.cluster().execute("alice", "CREATE TABLE lakehouse.interop.by_lakehouse WITH (partitioning = ARRAY['year(orderdate)', 'orderstatus'], sorted_by = ARRAY['custkey']) AS " + ORDERS_WITH_EVERY_TYPE);
        CLUSTER.cluster().execute("alice", "INSERT INTO lakehouse.interop.by_lakehouse " + ORDERS_WITH_EVERY_TYPE + " WHERE orderkey < 1000");

        assertSameResult("iceberg.interop.by_lakehouse", "lakehouse.interop.by_lakehouse");

        // Iceberg reads the metadata as written: partitioning, sort order, files and their statistics
        String createTable = (String) CLUSTER.cluster().execute("alice", "SHOW CREATE TABLE iceberg.interop.by_lakehouse").rows().getFirst().getFirst();
        assertThat(createTable)
                .contains("partitioning = ARRAY['year(orderdate)','orderstatus']")
                .contains("sorted_by = ARRAY['custkey ASC NULLS FIRST']")
                .contains("format_version = 2");
        QueryResult files = CLUSTER.cluster().execute("alice", "SELECT count(*), sum(record_count) FROM iceberg.interop.\"by_lakehouse$files\"");
        long inserted = (long) CLUSTER.cluster().execute("alice", "SELECT count(*) FROM tpch.tiny.orders WHERE orderkey < 1000").rows().getFirst().getFirst();
        assertThat(files.rows().getFirst().get(1)).isEqualTo(15000L + inserted);
        // Trino's Iceberg connector computes these statistics from the column bounds lakehouse wrote
        List<Object> orderkeyStatistics = CLUSTER.cluster().execute("alice", "SHOW STATS FOR iceberg.interop.by_lakehouse").rows().stream()
                .filter(row -> "orderkey".equals(row.getFirst()))
                .findFirst()
                .orElseThrow();
        // column_name, data_size, distinct_values_count, nulls_fraction, row_count, low_value, high_value
        assertThat(orderkeyStatistics.subList(5, 7)).containsExactly("1", "60000");
    }

    @Test
    void testBloomIndexedTableIsReadByIcebergAndSurvivesItsAnalyze()
    {
        CLUSTER.cluster().execute("alice", "CREATE TABLE lakehouse.interop.bloom_by_lakehouse " +
                "WITH (partitioning = ARRAY['month(orderdate)'], bloom_filter_columns = ARRAY['custkey', 'comment']) AS " +
                "SELECT orderkey, custkey, comment, orderdate FROM tpch.tiny.orders");
        String comment = (String) CLUSTER.cluster().execute("alice", "SELECT comment FROM tpch.tiny.orders WHERE orderkey = 4").rows().getFirst().getFirst();
        String needle = "SELECT orderkey, custkey FROM %s WHERE comment = '" + comment.replace("'", "''") + "'";
        List<List<Object>> expected = CLUSTER.cluster().execute("alice", needle.formatted("tpch.tiny.orders")).rows();

        // Trino's Iceberg connector reads the table, ignoring the index files, and sees the columns as its own bloom filter columns
        assertThat(CLUSTER.cluster().execute("alice", needle.formatted("iceberg.interop.bloom_by_lakehouse")).rows()).isEqualTo(expected);
        String fingerprint = "SELECT count(*), sum(orderkey), sum(custkey), to_hex(checksum(comment)), max(orderdate) FROM %s";
        assertThat(CLUSTER.cluster().execute("alice", fingerprint.formatted("iceberg.interop.bloom_by_lakehouse")).rows())
                .isEqualTo(CLUSTER.cluster().execute("alice", fingerprint.formatted("tpch.tiny.orders")).rows());
        assertThat((String) CLUSTER.cluster().execute("alice", "SHOW CREATE TABLE iceberg.interop.bloom_by_lakehouse").rows().getFirst().getFirst())
                .contains("parquet_bloom_filter_columns = ARRAY['custkey','comment']");

        // Trino's ANALYZE replaces the snapshot's statistics file; the index does not depend on it
        CLUSTER.cluster().execute("alice", "ANALYZE iceberg.interop.bloom_by_lakehouse");
        QueryResult lookup = CLUSTER.cluster().execute("alice", needle.formatted("lakehouse.interop.bloom_by_lakehouse"));
        assertThat(lookup.rows()).isEqualTo(expected);
        QueryDetails details = CLUSTER.cluster().queryDetails("alice", lookup.queryId());
        long files = details.connectorMetricTotal("files");
        assertThat(files).isGreaterThan(50);
        assertThat(details.connectorMetricTotal("filesSkippedByBloomIndex")).isGreaterThan(files - 4);
        assertThat(details.connectorMetricTotal("filesScanned")).isBetween(1L, 3L);

        // rows Trino's Iceberg connector appends have no index: lakehouse scans their files, and finds their rows
        CLUSTER.cluster().execute("alice", "INSERT INTO iceberg.interop.bloom_by_lakehouse SELECT orderkey + 1000000, custkey, comment, orderdate FROM tpch.tiny.orders WHERE orderkey = 4");
        QueryResult afterInsert = CLUSTER.cluster().execute("alice", needle.formatted("lakehouse.interop.bloom_by_lakehouse"));
        assertThat(afterInsert.rows()).hasSize(expected.size() + 1);
        QueryDetails afterInsertDetails = CLUSTER.cluster().queryDetails("alice", afterInsert.queryId());
        assertThat(afterInsertDetails.connectorMetricTotal("filesWithoutBloomIndex")).isEqualTo(1);
        assertThat(afterInsertDetails.connectorMetricTotal("filesSkippedByBloomIndex")).isGreaterThan(files - 4);
    }

    @Test
    void testZeroOfEitherSignIsFoundDespiteRowGroupBloomFilters()
    {
        // Trino's Iceberg connector writes row-group bloom filters for doubles, holding the bits of the zero each file has
        CLUSTER.cluster().execute("alice", "CREATE TABLE iceberg.interop.signed_zeros (id bigint, value double, part integer) " +
                "WITH (partitioning = ARRAY['part'], parquet_bloom_filter_columns = ARRAY['value'])");
        CLUSTER.cluster().execute("alice", "INSERT INTO iceberg.interop.signed_zeros SELECT x, IF(x % 2 = 0, DOUBLE '0.0', DOUBLE '-0.0'), CAST(x % 2 AS integer) FROM UNNEST(sequence(1, 1000)) t(x)");
        for (String zero : List.of("DOUBLE '0.0'", "DOUBLE '-0.0'")) {
            assertThat(CLUSTER.cluster().execute("alice", "SELECT count(*) FROM lakehouse.interop.signed_zeros WHERE value = " + zero).rows())
                    .isEqualTo(List.of(List.of(1000L)));
        }
    }

    @Test
    void testDistinctValueCountsAreShared()
    {
        // Trino's Iceberg connector writes a statistics file with every write; lakehouse reads its counts
        CLUSTER.cluster().execute("alice", "CREATE TABLE iceberg.interop.ndv_by_iceberg AS SELECT orderkey, custkey, orderstatus, comment FROM tpch.tiny.orders");
        Map<String, List<Object>> byIceberg = columnStatistics("lakehouse.interop.ndv_by_iceberg");
        // column_name, data_size, distinct_values_count, nulls_fraction, row_count, low_value, high_value
        assertThat(number(byIceberg.get("orderkey").get(2))).isCloseTo(15000, withinPercentage(3));
        assertThat(number(byIceberg.get("custkey").get(2))).isCloseTo(1000, withinPercentage(3));
        assertThat(number(byIceberg.get("orderstatus").get(2))).isEqualTo(3.0);
        assertThat(number(byIceberg.get("comment").get(1))).isPositive();

        // lakehouse writes the sketches Iceberg defines: Trino's Iceberg connector reads the counts, and merges its own append into them
        CLUSTER.cluster().execute("alice", "CREATE TABLE lakehouse.interop.ndv_by_lakehouse AS SELECT orderkey, custkey, orderstatus, comment FROM tpch.tiny.orders");
        assertThat(number(columnStatistics("iceberg.interop.ndv_by_lakehouse").get("orderkey").get(2))).isCloseTo(15000, withinPercentage(3));
        CLUSTER.cluster().execute("alice", "INSERT INTO iceberg.interop.ndv_by_lakehouse SELECT orderkey + 1000000, custkey, orderstatus, comment FROM tpch.tiny.orders");
        Map<String, List<Object>> merged = columnStatistics("lakehouse.interop.ndv_by_lakehouse");
        assertThat(number(merged.get("orderkey").get(2))).isCloseTo(30000, withinPercentage(3));
        assertThat(number(merged.get("orderstatus").get(2))).isEqualTo(3.0);
    }

    private static double number(Object value)
    {
        assertThat(value).isInstanceOf(Number.class);
        return ((Number) value).doubleValue();
    }

    private static Map<String, List<Object>> columnStatistics(String table)
    {
        Map<String, List<Object>> byColumn = new HashMap<>();
        for (List<Object> row : CLUSTER.cluster().execute("alice", "SHOW STATS FOR " + table).rows()) {
            byColumn.put((String) row.getFirst(), row);
        }
        return byColumn;
    }

    @Test
    void testRowLevelChangesOfTrinoIcebergAreApplied()
    {
        // Trino's Iceberg connector deletes and updates rows with position delete files (format version 2)
        CLUSTER.cluster().execute("alice", "CREATE TABLE iceberg.interop.with_deletes AS SELECT orderkey, orderstatus, totalprice, comment FROM tpch.tiny.orders");
        CLUSTER.cluster().execute("alice", "DELETE FROM iceberg.interop.with_deletes WHERE orderstatus = 'F'");
        CLUSTER.cluster().execute("alice", "UPDATE iceberg.interop.with_deletes SET totalprice = 0, comment = 'updated' WHERE orderkey % 7 = 0");
        CLUSTER.cluster().execute("alice", "MERGE INTO iceberg.interop.with_deletes t USING (SELECT orderkey FROM tpch.tiny.orders WHERE orderkey % 5 = 0) s ON t.orderkey = s.orderkey "
                + "WHEN MATCHED THEN DELETE WHEN NOT MATCHED THEN INSERT VALUES (s.orderkey, 'N', 1, 'merged')");
        String changed = "SELECT count(*), sum(orderkey), count_if(orderstatus = 'F'), sum(CAST(totalprice AS decimal(20, 2))), count_if(comment = 'updated'), count_if(comment = 'merged') FROM %s";
        QueryResult expected = CLUSTER.cluster().execute("alice", changed.formatted("iceberg.interop.with_deletes"));
        assertThat(CLUSTER.cluster().execute("alice", changed.formatted("lakehouse.interop.with_deletes")).rows()).isEqualTo(expected.rows());
        // every order with status F was deleted, some orders were deleted and inserted again by the merge
        List<Object> row = expected.rows().getFirst();
        assertThat((long) row.get(2)).isZero();
        assertThat((long) row.get(4)).isPositive();
        assertThat((long) row.get(5)).isPositive();
        // the updated rows, read with a filter: each old version deleted, each new one there
        String updated = "SELECT orderkey, CAST(totalprice AS decimal(20, 2)), comment FROM %s WHERE mod(orderkey, 7) = 0 ORDER BY orderkey";
        assertThat(CLUSTER.cluster().execute("alice", updated.formatted("lakehouse.interop.with_deletes")).rows())
                .isEqualTo(CLUSTER.cluster().execute("alice", updated.formatted("iceberg.interop.with_deletes")).rows());
        assertThat(CLUSTER.cluster().execute("alice", "SELECT count_if(totalprice <> 0 AND comment <> 'merged') FROM lakehouse.interop.with_deletes WHERE orderkey % 7 = 0").rows())
                .isEqualTo(List.of(List.of(0L)));
    }

    @Test
    void testRowLevelChangesOfLakehouseAreAppliedByTrinoIceberg()
    {
        // our position delete files (format version 2), read by Trino's Iceberg connector
        CLUSTER.cluster().execute("alice", "CREATE TABLE lakehouse.interop.changed_by_lakehouse WITH (partitioning = ARRAY['orderstatus']) AS SELECT orderkey, orderstatus, totalprice, comment FROM tpch.tiny.orders");
        CLUSTER.cluster().execute("alice", "DELETE FROM lakehouse.interop.changed_by_lakehouse WHERE orderkey % 3 = 0");
        CLUSTER.cluster().execute("alice", "UPDATE lakehouse.interop.changed_by_lakehouse SET totalprice = 0, comment = 'updated' WHERE orderkey % 7 = 0");
        CLUSTER.cluster().execute("alice", "MERGE INTO lakehouse.interop.changed_by_lakehouse t USING (SELECT orderkey FROM tpch.tiny.orders WHERE orderkey % 5 = 0) s ON t.orderkey = s.orderkey "
                + "WHEN MATCHED THEN DELETE WHEN NOT MATCHED THEN INSERT VALUES (s.orderkey, 'N', 1, 'merged')");
        String changed = "SELECT count(*), sum(orderkey), count_if(orderkey %% 3 = 0 AND comment <> 'merged'), sum(CAST(totalprice AS decimal(20, 2))), count_if(comment = 'updated'), count_if(comment = 'merged') FROM %s";
        QueryResult expected = CLUSTER.cluster().execute("alice", changed.formatted("lakehouse.interop.changed_by_lakehouse"));
        assertThat(CLUSTER.cluster().execute("alice", changed.formatted("iceberg.interop.changed_by_lakehouse")).rows()).isEqualTo(expected.rows());
        List<Object> row = expected.rows().getFirst();
        assertThat((long) row.get(2)).isZero();
        assertThat((long) row.get(4)).isPositive();
        assertThat((long) row.get(5)).isPositive();
        // and the rows themselves, against the same changes made to the source rows
        String expectedRows = """
                SELECT orderkey, CASE WHEN orderkey % 7 = 0 THEN 0e0 ELSE totalprice END, CASE WHEN orderkey % 7 = 0 THEN 'updated' ELSE comment END
                FROM tpch.tiny.orders WHERE orderkey % 3 <> 0 AND orderkey % 5 <> 0
                UNION ALL
                SELECT orderkey, 1e0, 'merged' FROM tpch.tiny.orders WHERE orderkey % 5 = 0 AND orderkey % 3 = 0
                """;
        String actualRows = "SELECT orderkey, totalprice, comment FROM iceberg.interop.changed_by_lakehouse";
        assertThat(CLUSTER.cluster().execute("alice", "SELECT count(*) FROM ((%s) EXCEPT (%s))".formatted(actualRows, expectedRows)).rows()).isEqualTo(List.of(List.of(0L)));
        assertThat(CLUSTER.cluster().execute("alice", "SELECT count(*) FROM ((%s) EXCEPT (%s))".formatted(expectedRows, actualRows)).rows()).isEqualTo(List.of(List.of(0L)));
    }

    private static void assertSameResult(String table, String reference)
    {
        QueryResult actual = CLUSTER.cluster().execute("alice", FINGERPRINT.formatted(table));
        QueryResult expected = CLUSTER.cluster().execute("alice", FINGERPRINT.formatted(reference));
        assertThat(actual.rows()).isEqualTo(expected.rows());
        assertThat((long) actual.rows().getFirst().getFirst()).isPositive();
    }

    private static TestingPostgreSqlServer startPostgreSql()
    {
        TestingPostgreSqlServer server = new TestingPostgreSqlServer();
        // Trino's Iceberg connector does not create the catalog tables: create them as Iceberg's JdbcCatalog does
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE iceberg_tables (
                        catalog_name VARCHAR(255) NOT NULL,
                        table_namespace VARCHAR(255) NOT NULL,
                        table_name VARCHAR(255) NOT NULL,
                        metadata_location VARCHAR(1000),
                        previous_metadata_location VARCHAR(1000),
                        iceberg_type VARCHAR(5),
                        PRIMARY KEY (catalog_name, table_namespace, table_name))
                    """);
            statement.execute("""
                    CREATE TABLE iceberg_namespace_properties (
                        catalog_name VARCHAR(255) NOT NULL,
                        namespace VARCHAR(255) NOT NULL,
                        property_key VARCHAR(255),
                        property_value VARCHAR(1000),
                        PRIMARY KEY (catalog_name, namespace, property_key))
                    """);
        }
        catch (SQLException e) {
            server.close();
            throw new RuntimeException("Cannot create the Iceberg catalog tables in " + server, e);
        }
        return server;
    }
}
