package dev.lakehouse.connector;

import dev.lakehouse.testing.TestingPostgreSqlServer;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Iceberg's JDBC catalog on a real PostgreSQL server, the warehouse on the local file system.
 */
final class TestLakehousePostgreSqlCatalogConnectorSmokeTest
        extends BaseLakehouseConnectorSmokeTest
{
    private TestingPostgreSqlServer postgreSql;
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        postgreSql = closeAfterClass(new TestingPostgreSqlServer());
        warehouse = Files.createTempDirectory("lakehouse-postgresql");
        return LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
                .addConnectorProperty("lakehouse.catalog.jdbc.url", postgreSql.jdbcUrl())
                .addConnectorProperty("lakehouse.catalog.jdbc.user", postgreSql.user())
                .addConnectorProperty("lakehouse.catalog.jdbc.password", postgreSql.password())
                .setInitialTables(REQUIRED_TPCH_TABLES)
                .build();
    }

    @AfterAll
    void deleteWarehouse()
            throws IOException
    {
        deleteRecursively(warehouse, ALLOW_INSECURE);
    }

    @Override
    protected String warehouseUri()
    {
        return "file://" + warehouse;
    }

    @Test
    void testTablesAreRecordedInPostgreSql()
            throws Exception
    {
        try (Connection connection = postgreSql.connect();
                Statement statement = connection.createStatement();
                ResultSet tables = statement.executeQuery("SELECT table_namespace, table_name FROM iceberg_tables WHERE catalog_name = 'lakehouse' AND table_name = 'region'")) {
            assertThat(tables.next()).isTrue();
            assertThat(tables.getString(1)).isEqualTo("tpch");
        }
    }
}
