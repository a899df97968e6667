package dev.lakehouse.connector.catalog;

import dev.lakehouse.connector.LakehouseConfig;
import dev.lakehouse.connector.fileio.FileLocations;
import io.trino.filesystem.Location;

public final class WarehouseLocations
{
    private WarehouseLocations() {}

    /**
     * The warehouse as a file system location: an absolute local path becomes a {@code file://} location.
     */
    public static Location warehouseLocation(LakehouseConfig config)
    {
        return FileLocations.of(config.getWarehouse().replaceAll("/+$", ""));
    }
}
