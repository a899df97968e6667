package dev.lakehouse.connector;

import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;

/**
 * The default setup: the embedded SQLite catalog, the warehouse on the local file system.
 */
final class TestLakehouseConnectorSmokeTest
        extends BaseLakehouseConnectorSmokeTest
{
    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-smoke");
        return LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
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
}
