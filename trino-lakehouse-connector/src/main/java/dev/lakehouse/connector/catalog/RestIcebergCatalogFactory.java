package dev.lakehouse.connector.catalog;

import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import dev.lakehouse.connector.LakehouseConfig;
import dev.lakehouse.connector.fileio.TrinoFileIo;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.spi.catalog.CatalogName;
import io.trino.spi.security.ConnectorIdentity;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SessionCatalog;
import org.apache.iceberg.rest.HTTPClient;
import org.apache.iceberg.rest.RESTSessionCatalog;
import org.apache.iceberg.rest.RESTUtil;

import java.util.Map;

import static dev.lakehouse.connector.catalog.WarehouseLocations.warehouseLocation;
import static java.util.Objects.requireNonNull;

/**
 * Iceberg's REST catalog client. Table files go through the Trino file system, whatever file IO the
 * server suggests.
 */
public class RestIcebergCatalogFactory
        implements IcebergCatalogFactory
{
    private final TrinoFileSystemFactory fileSystemFactory;
    private final RestCatalogConfig config;
    private final String warehouse;
    private final String catalogName;

    @Inject
    public RestIcebergCatalogFactory(TrinoFileSystemFactory fileSystemFactory, LakehouseConfig lakehouseConfig, RestCatalogConfig config, CatalogName catalogName)
    {
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.config = requireNonNull(config, "config is null");
        this.warehouse = warehouseLocation(lakehouseConfig).toString();
        this.catalogName = catalogName.toString();
    }

    @Override
    public Catalog create()
    {
        ImmutableMap.Builder<String, String> properties = ImmutableMap.<String, String>builder()
                .put(CatalogProperties.URI, config.getUri().toString())
                .put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
        config.getCredential().ifPresent(credential -> properties.put("credential", credential));
        config.getToken().ifPresent(token -> properties.put("token", token));

        TrinoFileIo fileIo = new TrinoFileIo(fileSystemFactory.create(ConnectorIdentity.ofUser("lakehouse")));
        RESTSessionCatalog sessionCatalog = new RESTSessionCatalog(
                clientProperties -> HTTPClient.builder(clientProperties)
                        .uri(clientProperties.get(CatalogProperties.URI))
                        .withHeaders(RESTUtil.configHeaders(clientProperties))
                        .build(),
                (context, ioProperties) -> fileIo);
        Map<String, String> catalogProperties = properties.buildOrThrow();
        sessionCatalog.initialize(catalogName, catalogProperties);
        return new RestSessionCatalogWithViews(sessionCatalog, SessionCatalog.SessionContext.createEmpty());
    }

    @Override
    public String description()
    {
        return "REST catalog " + config.getUri();
    }
}
