package dev.lakehouse.connector;

import io.trino.spi.connector.ConnectorTableExecuteHandle;
import io.trino.spi.connector.SchemaTableName;

import static java.util.Objects.requireNonNull;

/**
 * A table procedure ({@code ALTER TABLE ... EXECUTE}) about to run on a table.
 */
public record LakehouseTableExecuteHandle(String schemaName, String tableName, String procedureName)
        implements ConnectorTableExecuteHandle
{
    public LakehouseTableExecuteHandle
    {
        requireNonNull(schemaName, "schemaName is null");
        requireNonNull(tableName, "tableName is null");
        requireNonNull(procedureName, "procedureName is null");
    }

    public SchemaTableName schemaTableName()
    {
        return new SchemaTableName(schemaName, tableName);
    }
}
