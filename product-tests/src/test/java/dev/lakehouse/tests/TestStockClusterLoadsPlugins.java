package dev.lakehouse.tests;

import dev.lakehouse.testing.CliResult;
import dev.lakehouse.testing.QueryDetails;
import dev.lakehouse.testing.QueryFailedException;
import dev.lakehouse.testing.QueryResult;
import dev.lakehouse.testing.TrinoClusterExtension;
import dev.lakehouse.testing.TrinoServerProcess;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The built plugins installed into the unmodified Trino 476 server, run as one coordinator and two
 * workers in their own JVMs, and used through the Trino CLI and JDBC as users do.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class TestStockClusterLoadsPlugins
{
    @RegisterExtension
    static final TrinoClusterExtension CLUSTER = new TrinoClusterExtension(cluster -> cluster
            .withWorkers(2)
            .withExtraPlugin("iceberg")
            .withCatalog("lakehouse", Map.of(
                    "connector.name", "lakehouse",
                    "lakehouse.warehouse", "${ENV:LAKEHOUSE_CLUSTER_DIR}/warehouse"))
            .withCatalog("tpch", Map.of("connector.name", "tpch")));

    @Test
    @Order(1)
    void testWorkersStayActiveOnceTheClusterIsReady()
            throws InterruptedException
    {
        // runs first: right after the harness reports the cluster ready. Trino's heartbeat failure
        // detector starts watching a new worker up to 5 s after it is active, and counts it failed
        // for its first 5 s of watching, so a query then found no worker (NO_NODES_AVAILABLE)
        List<Long> activeNodes = new ArrayList<>();
        Instant end = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(end)) {
            activeNodes.add((Long) CLUSTER.cluster().execute("alice", "SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'").onlyValue());
            Thread.sleep(200);
        }
        assertThat(activeNodes).isNotEmpty().containsOnly(3L);
    }

    @Test
    void testEveryNodeRegistersOurPluginFactories()
            throws IOException
    {
        for (TrinoServerProcess node : CLUSTER.cluster().nodes()) {
            String log = Files.readString(node.logFile());
            assertThat(log)
                    .as("log of %s", node)
                    .contains("Registering connector lakehouse")
                    .contains("Registering system access control lakehouse")
                    .contains("Registering resource group configuration manager lakehouse")
                    .contains("Registering event listener lakehouse-cost")
                    .contains("Registering connector iceberg")
                    .contains("SERVER STARTED");
        }
    }

    @Test
    void testClusterIsOneCoordinatorAndTwoWorkersInSeparateProcesses()
    {
        QueryResult nodes = CLUSTER.cluster().execute("alice", "SELECT node_id, coordinator, node_version FROM system.runtime.nodes ORDER BY node_id");
        assertThat(nodes.rows()).containsExactly(
                List.of("coordinator", true, "476"),
                List.of("worker-1", false, "476"),
                List.of("worker-2", false, "476"));
        assertThat(CLUSTER.cluster().nodes())
                .extracting(TrinoServerProcess::httpPort)
                .doesNotHaveDuplicates();
    }

    @Test
    void testCliListsTheLakehouseCatalog()
    {
        assertThat(CLUSTER.cluster().cliExecute("alice", "SHOW CATALOGS"))
                .contains("lakehouse", "tpch", "system");
    }

    @Test
    void testCliReportsErrorsWithTrinoMessage()
    {
        CliResult result = CLUSTER.cluster().cli("alice", "--execute", "SELECT * FROM tpch.tiny.no_such_table");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errorOutput()).contains("Table 'tpch.tiny.no_such_table' does not exist");
    }

    @Test
    void testJdbcQueryRunsOnWorkersAndReportsStatistics()
    {
        QueryResult result = CLUSTER.cluster().execute("alice", "SELECT count(*), sum(quantity) FROM tpch.tiny.lineitem");
        assertThat(result.rows()).hasSize(1);
        assertThat(result.rows().getFirst().getFirst()).isEqualTo(60175L);

        assertThat(result.statistics().state()).isEqualTo("FINISHED");
        assertThat(result.statistics().processedRows()).isEqualTo(60175);
        assertThat(result.statistics().completedSplits()).isPositive();

        QueryDetails details = CLUSTER.cluster().queryDetails("alice", result.queryId());
        assertThat(details.queryId()).isEqualTo(result.queryId());
        assertThat(details.state()).isEqualTo("FINISHED");
        assertThat(details.tableScanTotal("inputPositions")).isEqualTo(60175);
    }

    @Test
    void testJdbcMetadataListsCatalogs()
            throws Exception
    {
        try (Connection connection = CLUSTER.cluster().connect("alice")) {
            DatabaseMetaData metadata = connection.getMetaData();
            assertThat(metadata.getDatabaseProductVersion()).isEqualTo("476");
            List<String> catalogs = new ArrayList<>();
            try (ResultSet resultSet = metadata.getCatalogs()) {
                while (resultSet.next()) {
                    catalogs.add(resultSet.getString("TABLE_CAT"));
                }
            }
            assertThat(catalogs).contains("lakehouse", "tpch", "system");
        }
    }

    @Test
    void testJdbcFailureCarriesTrinoMessage()
    {
        assertThatThrownBy(() -> CLUSTER.cluster().execute("alice", "SELECT * FROM lakehouse.no_such_schema.t"))
                .isInstanceOf(QueryFailedException.class)
                .satisfies(failure -> assertThat(((QueryFailedException) failure).trinoMessage())
                        .contains("Schema 'no_such_schema' does not exist"));
    }
}
