package dev.lakehouse.connector;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.predicate.TupleDomain;

import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * A table as a query reads it: at one snapshot, with the predicates pushed into the scan.
 *
 * @param snapshotId the snapshot read; empty for a table that has never been written to
 * @param enforcedPredicate rows outside it are never returned: the scan guarantees it (identity partitions)
 * @param unenforcedPredicate used to skip files and row groups; Trino still filters the rows
 */
public record LakehouseTableHandle(
        String schemaName,
        String tableName,
        OptionalLong snapshotId,
        TupleDomain<LakehouseColumnHandle> enforcedPredicate,
        TupleDomain<LakehouseColumnHandle> unenforcedPredicate)
        implements ConnectorTableHandle
{
    public LakehouseTableHandle
    {
        requireNonNull(schemaName, "schemaName is null");
        requireNonNull(tableName, "tableName is null");
        requireNonNull(snapshotId, "snapshotId is null");
        requireNonNull(enforcedPredicate, "enforcedPredicate is null");
        requireNonNull(unenforcedPredicate, "unenforcedPredicate is null");
    }

    public LakehouseTableHandle(SchemaTableName name, OptionalLong snapshotId)
    {
        this(name.getSchemaName(), name.getTableName(), snapshotId, TupleDomain.all(), TupleDomain.all());
    }

    @JsonIgnore
    public SchemaTableName schemaTableName()
    {
        return new SchemaTableName(schemaName, tableName);
    }

    /**
     * Everything known about the rows the scan returns: the enforced and the unenforced predicates.
     */
    @JsonIgnore
    public TupleDomain<LakehouseColumnHandle> predicate()
    {
        return enforcedPredicate.intersect(unenforcedPredicate);
    }

    public LakehouseTableHandle withPredicates(TupleDomain<LakehouseColumnHandle> enforced, TupleDomain<LakehouseColumnHandle> unenforced)
    {
        return new LakehouseTableHandle(schemaName, tableName, snapshotId, enforced, unenforced);
    }

    @Override
    public String toString()
    {
        return schemaName + "." + tableName + snapshotId.stream().mapToObj(id -> "@" + id).findFirst().orElse("");
    }
}
