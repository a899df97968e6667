package dev.lakehouse.connector;

import dev.lakehouse.connector.catalog.CatalogType;
import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import java.util.Locale;

/**
 * Where tables live: the warehouse location and the kind of catalog that records them.
 */
public class LakehouseConfig
{
    private String warehouse;
    private CatalogType catalogType = CatalogType.JDBC;

    @NotNull
    public String getWarehouse()
    {
        return warehouse;
    }

    @Config("lakehouse.warehouse")
    @ConfigDescription("Location of new schemas and tables: an absolute local path, or a URI such as s3://bucket/path")
    public LakehouseConfig setWarehouse(String warehouse)
    {
        this.warehouse = warehouse;
        return this;
    }

    @NotNull
    public CatalogType getCatalogType()
    {
        return catalogType;
    }

    @Config("lakehouse.catalog.type")
    @ConfigDescription("The Iceberg catalog recording the tables: JDBC (an embedded SQLite file by default, or PostgreSQL) or REST")
    public LakehouseConfig setCatalogType(CatalogType catalogType)
    {
        this.catalogType = catalogType;
        return this;
    }

    @AssertTrue(message = "lakehouse.warehouse must be an absolute path (/data/warehouse) or a URI with a scheme (s3://bucket/warehouse)")
    public boolean isWarehouseValid()
    {
        return warehouse == null || warehouse.startsWith("/") || warehouse.toLowerCase(Locale.ENGLISH).matches("[a-z][a-z0-9+.-]*://.*");
    }
}
