package dev.lakehouse.connector;

import dev.lakehouse.testing.TestingIcebergRestCatalog;
import io.trino.testing.QueryRunner;

/**
 * Apache Iceberg's REST catalog server, the warehouse on the local file system.
 */
final class TestLakehouseRestCatalogConnectorSmokeTest
        extends BaseLakehouseConnectorSmokeTest
{
    private TestingIcebergRestCatalog restCatalog;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        restCatalog = closeAfterClass(new TestingIcebergRestCatalog());
        return LakehouseQueryRunner.builder()
                .addConnectorProperty("lakehouse.warehouse", restCatalog.warehouse())
                .addConnectorProperty("lakehouse.catalog.type", "REST")
                .addConnectorProperty("lakehouse.catalog.rest.uri", restCatalog.uri().toString())
                .setInitialTables(REQUIRED_TPCH_TABLES)
                .build();
    }

    @Override
    protected String warehouseUri()
    {
        return restCatalog.warehouse();
    }
}
