package dev.lakehouse.connector;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.google.common.collect.ImmutableList;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.type.Type;
import org.apache.iceberg.types.Types;

import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A column read from a table: a top-level Iceberg field, or a field nested in it through row types
 * (projection pushdown of {@code address.city}). Columns are identified by Iceberg field ids, so a
 * renamed column keeps reading its data.
 *
 * @param baseFieldId the Iceberg field id of the top-level column
 * @param baseName the top-level column's name
 * @param baseType the top-level column's type
 * @param path the field ids from the top-level column down to the read field; empty for the column itself
 * @param pathNames the field names along {@code path}
 * @param type the type of the read field
 * @param nestedFieldIds the Iceberg field ids of the fields nested in the top-level column, in the order a walk of
 * {@code baseType} meets them (each field of a row, then what is nested in it; an array's element; a map's key and
 * value), by which the reader finds them in data files written under other names; empty when not known
 */
public record LakehouseColumnHandle(int baseFieldId, String baseName, Type baseType, List<Integer> path, List<String> pathNames, Type type, List<Integer> nestedFieldIds)
        implements ColumnHandle
{
    public LakehouseColumnHandle
    {
        requireNonNull(baseName, "baseName is null");
        requireNonNull(baseType, "baseType is null");
        path = ImmutableList.copyOf(requireNonNull(path, "path is null"));
        pathNames = ImmutableList.copyOf(requireNonNull(pathNames, "pathNames is null"));
        requireNonNull(type, "type is null");
        checkArgument(path.size() == pathNames.size(), "path and pathNames differ in length");
        checkArgument(!path.isEmpty() || type.equals(baseType), "a top-level column has its base type");
        nestedFieldIds = ImmutableList.copyOf(requireNonNull(nestedFieldIds, "nestedFieldIds is null"));
    }

    /**
     * A column whose nested fields (if any) are found in data files by name.
     */
    public static LakehouseColumnHandle topLevel(int fieldId, String name, Type type)
    {
        return new LakehouseColumnHandle(fieldId, name, type, ImmutableList.of(), ImmutableList.of(), type, ImmutableList.of());
    }

    /**
     * The column of a table's field, whose nested fields are found in data files by their ids.
     *
     * @param type the field's Trino type
     */
    public static LakehouseColumnHandle topLevel(Types.NestedField field, Type type)
    {
        ImmutableList.Builder<Integer> nestedFieldIds = ImmutableList.builder();
        addNestedFieldIds(field.type(), nestedFieldIds);
        return new LakehouseColumnHandle(field.fieldId(), field.name(), type, ImmutableList.of(), ImmutableList.of(), type, nestedFieldIds.build());
    }

    private static void addNestedFieldIds(org.apache.iceberg.types.Type type, ImmutableList.Builder<Integer> ids)
    {
        if (type.isNestedType()) {
            for (Types.NestedField nested : type.asNestedType().fields()) {
                ids.add(nested.fieldId());
                addNestedFieldIds(nested.type(), ids);
            }
        }
    }

    /**
     * The Iceberg field id of the field this handle reads.
     */
    public int fieldId()
    {
        return path.isEmpty() ? baseFieldId : path.getLast();
    }

    @JsonIgnore
    public boolean isBaseColumn()
    {
        return path.isEmpty();
    }

    /**
     * The handle of the top-level column this one reads from.
     */
    public LakehouseColumnHandle baseColumn()
    {
        return isBaseColumn() ? this : new LakehouseColumnHandle(baseFieldId, baseName, baseType, ImmutableList.of(), ImmutableList.of(), baseType, nestedFieldIds);
    }

    /**
     * The dotted name, as in {@code address.city}.
     */
    public String qualifiedName()
    {
        if (pathNames.isEmpty()) {
            return baseName;
        }
        return baseName + "." + String.join(".", pathNames);
    }

    @Override
    public String toString()
    {
        return qualifiedName() + ":" + fieldId() + ":" + type;
    }
}
