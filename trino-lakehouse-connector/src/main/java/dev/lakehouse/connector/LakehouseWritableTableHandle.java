package dev.lakehouse.connector;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.google.common.collect.ImmutableList;
import dev.lakehouse.connector.bloom.BloomFilterColumns;
import dev.lakehouse.connector.writer.LakehouseCompression;
import io.trino.spi.connector.ConnectorInsertTableHandle;
import io.trino.spi.connector.ConnectorOutputTableHandle;
import io.trino.spi.connector.SchemaTableName;

import java.util.List;
import java.util.OptionalLong;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * What the writers of a CREATE TABLE AS or an INSERT need: the table's Iceberg schema, partition spec and
 * sort order (as Iceberg JSON), where data files go and how they are written.
 *
 * @param inputColumns the columns of the pages written, in channel order
 * @param baseSnapshotId the snapshot the INSERT started from; empty for a new table or a table without snapshots
 * @param newTable whether the statement creates the table (CREATE TABLE AS)
 * @param bloomFilterColumns the columns whose values the writers record in the bloom index
 */
public record LakehouseWritableTableHandle(
        String schemaName,
        String tableName,
        String schemaJson,
        String partitionSpecJson,
        String sortOrderJson,
        List<LakehouseColumnHandle> inputColumns,
        String dataLocation,
        long targetFileSizeBytes,
        LakehouseCompression compression,
        OptionalLong baseSnapshotId,
        boolean newTable,
        BloomFilterColumns bloomFilterColumns)
        implements ConnectorOutputTableHandle, ConnectorInsertTableHandle
{
    public LakehouseWritableTableHandle
    {
        requireNonNull(schemaName, "schemaName is null");
        requireNonNull(tableName, "tableName is null");
        requireNonNull(schemaJson, "schemaJson is null");
        requireNonNull(partitionSpecJson, "partitionSpecJson is null");
        requireNonNull(sortOrderJson, "sortOrderJson is null");
        inputColumns = ImmutableList.copyOf(requireNonNull(inputColumns, "inputColumns is null"));
        requireNonNull(dataLocation, "dataLocation is null");
        checkArgument(targetFileSizeBytes > 0, "targetFileSizeBytes must be positive");
        requireNonNull(compression, "compression is null");
        requireNonNull(baseSnapshotId, "baseSnapshotId is null");
        requireNonNull(bloomFilterColumns, "bloomFilterColumns is null");
    }

    @JsonIgnore
    public SchemaTableName schemaTableName()
    {
        return new SchemaTableName(schemaName, tableName);
    }
}
