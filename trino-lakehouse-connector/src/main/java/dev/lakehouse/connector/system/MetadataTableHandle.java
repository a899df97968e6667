package dev.lakehouse.connector.system;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.SchemaTableName;

import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * A metadata table as a query reads it, such as {@code "orders$files"}: a table handle rather than a
 * {@link io.trino.spi.connector.SystemTable} because only a table handle is given the query's
 * {@code FOR VERSION AS OF} or {@code FOR TIMESTAMP AS OF}.
 *
 * @param schemaName the schema of the base table
 * @param tableName the base table, {@code orders}
 * @param metadataTable the part after {@code $}, {@code files}
 * @param snapshotId the snapshot read by a metadata table that reads one ({@link MetadataTables#readsOneSnapshot}):
 * the version the query asked for, or the current snapshot; empty for a table never written to and for
 * the metadata tables that read the whole history
 */
public record MetadataTableHandle(String schemaName, String tableName, String metadataTable, OptionalLong snapshotId)
        implements ConnectorTableHandle
{
    public MetadataTableHandle
    {
        requireNonNull(schemaName, "schemaName is null");
        requireNonNull(tableName, "tableName is null");
        requireNonNull(metadataTable, "metadataTable is null");
        requireNonNull(snapshotId, "snapshotId is null");
    }

    /**
     * The table whose metadata is read, {@code orders}.
     */
    @JsonIgnore
    public SchemaTableName baseTable()
    {
        return new SchemaTableName(schemaName, tableName);
    }

    /**
     * The name the query wrote, {@code orders$files}.
     */
    @JsonIgnore
    public SchemaTableName name()
    {
        return new SchemaTableName(schemaName, tableName + "$" + metadataTable);
    }

    @Override
    public String toString()
    {
        return snapshotId.isPresent() ? "%s@%s".formatted(name(), snapshotId.getAsLong()) : name().toString();
    }
}
