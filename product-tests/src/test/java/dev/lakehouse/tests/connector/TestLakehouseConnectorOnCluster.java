package dev.lakehouse.tests.connector;

import dev.lakehouse.testing.QueryDetails;
import dev.lakehouse.testing.QueryResult;
import dev.lakehouse.testing.TrinoClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code lakehouse} connector on the stock server as one coordinator and two workers sharing a local
 * warehouse, used as analysts and BI tools use it: through JDBC.
 */
final class TestLakehouseConnectorOnCluster
{
    @RegisterExtension
    static final TrinoClusterExtension CLUSTER = new TrinoClusterExtension(cluster -> cluster
            .withWorkers(2)
            .withCatalog("lakehouse", Map.of(
                    "connector.name", "lakehouse",
                    "lakehouse.warehouse", "${ENV:LAKEHOUSE_CLUSTER_DIR}/warehouse"))
            .withCatalog("tpch", Map.of("connector.name", "tpch")));

    private static final String MARCH = "shipdate BETWEEN DATE '1995-03-01' AND DATE '1995-03-31'";

    @BeforeAll
    static void createTables()
    {
        CLUSTER.cluster().execute("alice", "CREATE SCHEMA lakehouse.sales");
        CLUSTER.cluster().execute("alice", "CREATE TABLE lakehouse.sales.lineitem WITH (partitioning = ARRAY['month(shipdate)']) AS SELECT * FROM tpch.tiny.lineitem");
        CLUSTER.cluster().execute("alice", """
                CREATE TABLE lakehouse.sales.orders (
                    orderkey bigint NOT NULL COMMENT 'the order',
                    custkey bigint COMMENT 'who ordered',
                    totalprice decimal(12, 2),
                    orderdate date)
                COMMENT 'orders of the sales team'
                """);
        CLUSTER.cluster().execute("alice", "INSERT INTO lakehouse.sales.orders SELECT orderkey, custkey, CAST(totalprice AS decimal(12, 2)), orderdate FROM tpch.tiny.orders");
    }

    @Test
    void testFilterOnOneMonthReadsOnlyThatPartition()
    {
        // decimal sums are exact, whatever order the rows are added in
        QueryResult expected = CLUSTER.cluster().execute("alice", "SELECT count(*), sum(CAST(extendedprice AS decimal(12, 2))) FROM tpch.tiny.lineitem WHERE " + MARCH);
        long marchRows = (long) expected.rows().getFirst().getFirst();

        QueryResult result = CLUSTER.cluster().execute("alice", "SELECT count(*), sum(CAST(extendedprice AS decimal(12, 2))) FROM lakehouse.sales.lineitem WHERE " + MARCH);
        assertThat(result.rows()).isEqualTo(expected.rows());

        // the scan read the rows of March only, from the files of March only
        assertThat(result.statistics().processedRows()).isEqualTo(marchRows);
        long marchFiles = dataFiles("lineitem", "shipdate_month=1995-03");
        long allFiles = dataFiles("lineitem", "");
        assertThat(marchFiles).isPositive();
        assertThat(allFiles).isGreaterThan(80);
        QueryDetails details = CLUSTER.cluster().queryDetails("alice", result.queryId());
        assertThat(details.connectorMetricTotal("filesScanned")).isEqualTo(marchFiles);
        assertThat(details.connectorMetricTotal("filesSkippedByPartition")).isEqualTo(allFiles - marchFiles);
        assertThat(details.tableScanTotal("totalDrivers")).isEqualTo(marchFiles);

        // without the filter, every row
        QueryResult all = CLUSTER.cluster().execute("alice", "SELECT count(*) FROM lakehouse.sales.lineitem");
        assertThat(all.rows().getFirst().getFirst()).isEqualTo(60175L);
        assertThat(all.statistics().processedRows()).isEqualTo(60175);
    }

    @Test
    void testJdbcMetadataListsSchemasTablesAndColumns()
            throws Exception
    {
        try (Connection connection = CLUSTER.cluster().connect("alice")) {
            DatabaseMetaData metadata = connection.getMetaData();

            List<String> schemas = new ArrayList<>();
            try (ResultSet resultSet = metadata.getSchemas("lakehouse", null)) {
                while (resultSet.next()) {
                    assertThat(resultSet.getString("TABLE_CATALOG")).isEqualTo("lakehouse");
                    schemas.add(resultSet.getString("TABLE_SCHEM"));
                }
            }
            assertThat(schemas).contains("sales", "information_schema");

            List<String> tables = new ArrayList<>();
            try (ResultSet resultSet = metadata.getTables("lakehouse", "sales", "%", new String[] {"TABLE"})) {
                while (resultSet.next()) {
                    tables.add(resultSet.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).containsExactlyInAnyOrder("lineitem", "orders");
            // Trino's JDBC metadata has no table comments; BI tools read them from system.metadata
            assertThat(CLUSTER.cluster().execute("alice", "SELECT comment FROM system.metadata.table_comments WHERE catalog_name = 'lakehouse' AND schema_name = 'sales' AND table_name = 'orders'").rows())
                    .containsExactly(List.of("orders of the sales team"));

            List<String> columns = new ArrayList<>();
            try (ResultSet resultSet = metadata.getColumns("lakehouse", "sales", "orders", "%")) {
                while (resultSet.next()) {
                    columns.add("%s %s %s %s %s".formatted(
                            resultSet.getInt("ORDINAL_POSITION"),
                            resultSet.getString("COLUMN_NAME"),
                            resultSet.getString("TYPE_NAME"),
                            resultSet.getString("IS_NULLABLE"),
                            resultSet.getString("REMARKS")));
                }
            }
            assertThat(columns).containsExactly(
                    "1 orderkey bigint NO the order",
                    "2 custkey bigint YES who ordered",
                    "3 totalprice decimal(12,2) YES null",
                    "4 orderdate date YES null");
        }
    }

    @Test
    void testWritesFromAllNodesAreCommittedOnce()
    {
        QueryResult result = CLUSTER.cluster().execute("alice", "SELECT count(*), count(DISTINCT orderkey), sum(totalprice) FROM lakehouse.sales.orders");
        QueryResult expected = CLUSTER.cluster().execute("alice", "SELECT count(*), count(DISTINCT orderkey), sum(CAST(totalprice AS decimal(12, 2))) FROM tpch.tiny.orders");
        assertThat(result.rows()).isEqualTo(expected.rows());
    }

    private static long dataFiles(String table, String partition)
    {
        Path schema = CLUSTER.cluster().directory().resolve("warehouse/sales");
        try (Stream<Path> tables = Files.list(schema)) {
            Path data = tables.filter(path -> path.getFileName().toString().startsWith(table + "-")).findFirst().orElseThrow().resolve("data").resolve(partition);
            try (Stream<Path> files = Files.walk(data)) {
                return files.filter(path -> path.toString().endsWith(".parquet")).count();
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
