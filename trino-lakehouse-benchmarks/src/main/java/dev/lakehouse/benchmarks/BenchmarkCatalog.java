package dev.lakehouse.benchmarks;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * One side of the comparison: a catalog of the server, and the connector behind it.
 */
public record BenchmarkCatalog(String name, BenchmarkConnector connector)
{
    public BenchmarkCatalog
    {
        requireNonNull(name, "name is null");
        requireNonNull(connector, "connector is null");
        checkArgument(name.matches("[a-z][a-z0-9_]*"), "Not a catalog name: %s", name);
    }
}
