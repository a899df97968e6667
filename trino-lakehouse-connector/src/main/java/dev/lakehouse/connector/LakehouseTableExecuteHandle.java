package dev.lakehouse.connector;

import io.airlift.units.Duration;
import io.trino.spi.connector.ConnectorTableExecuteHandle;
import io.trino.spi.connector.SchemaTableName;

import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * A table procedure ({@code ALTER TABLE ... EXECUTE}) about to run on a table, with the retention threshold
 * or the snapshot id of the procedures that take one.
 */
public record LakehouseTableExecuteHandle(String schemaName, String tableName, String procedureName, Optional<Duration> retentionThreshold, OptionalLong snapshotId)
        implements ConnectorTableExecuteHandle
{
    public LakehouseTableExecuteHandle
    {
        requireNonNull(schemaName, "schemaName is null");
        requireNonNull(tableName, "tableName is null");
        requireNonNull(procedureName, "procedureName is null");
        requireNonNull(retentionThreshold, "retentionThreshold is null");
        requireNonNull(snapshotId, "snapshotId is null");
    }

    public SchemaTableName schemaTableName()
    {
        return new SchemaTableName(schemaName, tableName);
    }
}
