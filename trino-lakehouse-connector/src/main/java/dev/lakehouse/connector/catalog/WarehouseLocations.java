package dev.lakehouse.connector.catalog;

import dev.lakehouse.connector.LakehouseConfig;
import io.trino.filesystem.Location;

public final class WarehouseLocations
{
    private WarehouseLocations() {}

    /**
     * The warehouse as a file system location: an absolute local path becomes a {@code file://} location.
     */
    public static Location warehouseLocation(LakehouseConfig config)
    {
        String warehouse = config.getWarehouse();
        if (warehouse.startsWith("/")) {
            return Location.of("file://" + warehouse.replaceAll("/+$", ""));
        }
        return Location.of(warehouse.replaceAll("/+$", ""));
    }
}
