package dev.lakehouse.cost.connector;

import io.trino.spi.connector.ConnectorTransactionHandle;

public enum CostTransactionHandle
        implements ConnectorTransactionHandle
{
    INSTANCE
}
