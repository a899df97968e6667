package dev.lakehouse.connector.catalog;

import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import dev.lakehouse.connector.LakehouseConfig;
import dev.lakehouse.connector.fileio.TrinoFileIo;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.spi.security.ConnectorIdentity;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.jdbc.JdbcCatalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.lakehouse.connector.catalog.WarehouseLocations.warehouseLocation;
import static java.util.Objects.requireNonNull;

/**
 * Iceberg's {@link JdbcCatalog} on an embedded SQLite file (the default, under the warehouse) or on
 * PostgreSQL. Files go through the Trino file system.
 */
public class JdbcIcebergCatalogFactory
        implements IcebergCatalogFactory
{
    static final String EMBEDDED_DATABASE_FILE = "lakehouse-catalog.sqlite";

    private final TrinoFileSystemFactory fileSystemFactory;
    private final Location warehouse;
    private final String url;
    private final JdbcDriver driver;
    private final JdbcCatalogConfig config;

    @Inject
    public JdbcIcebergCatalogFactory(TrinoFileSystemFactory fileSystemFactory, LakehouseConfig lakehouseConfig, JdbcCatalogConfig config)
    {
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.config = requireNonNull(config, "config is null");
        this.warehouse = warehouseLocation(lakehouseConfig);
        this.url = config.getUrl().orElseGet(() -> embeddedUrl(warehouse));
        this.driver = JdbcDriver.forUrl(url).orElseThrow(() -> new IllegalArgumentException("Unsupported JDBC URL: " + url));
    }

    private static String embeddedUrl(Location warehouse)
    {
        checkArgument(warehouse.scheme().orElse("file").equals("file") || warehouse.scheme().orElseThrow().equals("local"),
                "lakehouse.catalog.jdbc.url must be set when lakehouse.warehouse is not on the local file system (%s): the embedded catalog database is a local file", warehouse);
        return "jdbc:sqlite:" + localPath(warehouse).resolve(EMBEDDED_DATABASE_FILE);
    }

    private static Path localPath(Location location)
    {
        return Path.of("/").resolve(location.path());
    }

    @Override
    public Catalog create()
    {
        if (driver.isEmbedded()) {
            try {
                Files.createDirectories(localPath(warehouse));
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot create the warehouse folder " + warehouse, e);
            }
        }

        Properties connectionProperties = new Properties();
        config.getUser().ifPresent(user -> connectionProperties.setProperty("user", user));
        config.getPassword().ifPresent(password -> connectionProperties.setProperty("password", password));
        if (driver == JdbcDriver.SQLITE) {
            // readers do not block the writer, and a writer waits for another instead of failing at once
            connectionProperties.setProperty("journal_mode", "WAL");
            connectionProperties.setProperty("busy_timeout", "30000");
        }

        Map<String, String> catalogProperties = ImmutableMap.<String, String>builder()
                .put(CatalogProperties.URI, url)
                .put(CatalogProperties.WAREHOUSE_LOCATION, warehouse.toString())
                // the catalog table layout with the iceberg_type column, which Trino's own Iceberg connector also uses
                .put("jdbc.schema-version", "V1")
                .buildOrThrow();
        int poolSize = 4;
        TrinoFileIo fileIo = new TrinoFileIo(fileSystemFactory.create(ConnectorIdentity.ofUser("lakehouse")));
        JdbcCatalog catalog = new JdbcCatalog(
                properties -> fileIo,
                properties -> new DriverJdbcClientPool(poolSize, driver.newDriver(), url, connectionProperties, properties),
                true);
        catalog.initialize(config.getCatalogName(), catalogProperties);
        return catalog;
    }

    @Override
    public String description()
    {
        return "JDBC catalog " + url;
    }
}
