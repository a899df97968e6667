package dev.lakehouse.connector;

import io.trino.spi.connector.ConnectorTransactionHandle;

public enum LakehouseTransactionHandle
        implements ConnectorTransactionHandle
{
    INSTANCE
}
