package dev.lakehouse.connector;

import static java.util.Objects.requireNonNull;

/**
 * The Trino version of this node, recorded in the files it writes.
 */
public record LakehouseNodeVersion(String version)
{
    public LakehouseNodeVersion
    {
        requireNonNull(version, "version is null");
    }
}
