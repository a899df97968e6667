package dev.lakehouse.connector;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.trino.spi.connector.ConnectorMergeTableHandle;
import io.trino.spi.connector.ConnectorTableHandle;

import static java.util.Objects.requireNonNull;

/**
 * What the writers of a DELETE, UPDATE or MERGE need: the table the statement reads (its snapshot and
 * filter, against which the commit checks others' changes) and how rows it inserts are written.
 *
 * @param formatVersion the table's Iceberg format version, which decides how deleted rows are recorded
 * @param serializable whether rows others insert into what the statement read are a conflict (the table's isolation level)
 */
public record LakehouseMergeTableHandle(LakehouseTableHandle table, LakehouseWritableTableHandle insert, int formatVersion, boolean serializable)
        implements ConnectorMergeTableHandle
{
    public LakehouseMergeTableHandle
    {
        requireNonNull(table, "table is null");
        requireNonNull(insert, "insert is null");
    }

    @JsonIgnore
    @Override
    public ConnectorTableHandle getTableHandle()
    {
        return table;
    }
}
