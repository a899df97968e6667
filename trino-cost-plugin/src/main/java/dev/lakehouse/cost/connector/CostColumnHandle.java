package dev.lakehouse.cost.connector;

import io.trino.spi.connector.ColumnHandle;

import static java.util.Objects.requireNonNull;

public record CostColumnHandle(String name)
        implements ColumnHandle
{
    public CostColumnHandle
    {
        requireNonNull(name, "name is null");
    }
}
