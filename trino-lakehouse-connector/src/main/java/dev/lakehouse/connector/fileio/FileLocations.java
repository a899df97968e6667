package dev.lakehouse.connector.fileio;

import io.trino.filesystem.Location;

/**
 * Locations of files as the file systems open them. Engines whose warehouse is configured as a plain path
 * record absolute local paths without a scheme ({@code /data/warehouse/orders/metadata/...}); those are
 * opened as {@code file://} locations. The paths stay as recorded everywhere else (the metadata, delete
 * files naming data files, comparisons), so only opening a file sees the difference.
 */
public final class FileLocations
{
    private FileLocations() {}

    public static Location of(String location)
    {
        if (location.startsWith("/")) {
            return Location.of("file://" + location);
        }
        return Location.of(location);
    }
}
