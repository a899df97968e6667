package dev.lakehouse.connector.system;

import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.type.Type;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A column of a metadata table.
 *
 * @param ordinal the column's position among the metadata table's columns, from 0
 */
public record MetadataColumnHandle(String name, Type type, int ordinal)
        implements ColumnHandle
{
    public MetadataColumnHandle
    {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        checkArgument(ordinal >= 0, "ordinal is negative: %s", ordinal);
    }
}
