package dev.lakehouse.connector;

import io.trino.spi.connector.ConnectorTransactionHandle;

import java.util.UUID;

import static java.util.Objects.requireNonNull;

public record LakehouseTransactionHandle(UUID id)
        implements ConnectorTransactionHandle
{
    public LakehouseTransactionHandle
    {
        requireNonNull(id, "id is null");
    }

    public static LakehouseTransactionHandle create()
    {
        return new LakehouseTransactionHandle(UUID.randomUUID());
    }
}
