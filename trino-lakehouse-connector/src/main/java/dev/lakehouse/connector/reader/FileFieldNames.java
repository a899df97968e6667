package dev.lakehouse.connector.reader;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.connector.LakehouseColumnHandle;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeOperators;
import org.apache.parquet.schema.GroupType;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The names the fields nested in a column have in one data file, found by their Iceberg field ids. The
 * Parquet reader matches a row's fields by name, so the column is read as a type whose row fields carry the
 * file's names: a field renamed since the file was written is read under its old name, and a field the file
 * does not have (added since, or dropped and added again under its old name, which gives it a new id) gets
 * a name no file field has, so it reads as null even where the file has another field of that name.
 */
final class FileFieldNames
{
    private static final String ABSENT_PREFIX = "$absent$";
    private static final TypeOperators TYPE_OPERATORS = new TypeOperators();

    private final Map<Integer, String> namesById = new HashMap<>();
    private final Type type;

    private FileFieldNames(LakehouseColumnHandle column, GroupType fileGroup)
    {
        Iterator<Integer> ids = column.nestedFieldIds().iterator();
        this.type = rename(column.baseType(), ids, Optional.of(fileGroup));
    }

    /**
     * The names of the column's nested fields in the file; empty when they are matched by name (a column
     * without nested fields, or without known ids, or a file written without field ids).
     */
    static Optional<FileFieldNames> of(LakehouseColumnHandle column, org.apache.parquet.schema.Type fileField)
    {
        requireNonNull(column, "column is null");
        if (column.nestedFieldIds().isEmpty() || fileField.isPrimitive() || !hasNestedIds(fileField.asGroupType())) {
            return Optional.empty();
        }
        return Optional.of(new FileFieldNames(column, fileField.asGroupType()));
    }

    /**
     * The column's type with the names its row fields have in the file.
     */
    Type type()
    {
        return type;
    }

    /**
     * The names in the file of the row fields along a path of field ids; empty when the file lacks one of them.
     */
    Optional<List<String>> path(List<Integer> fieldIds)
    {
        ImmutableList.Builder<String> names = ImmutableList.builder();
        for (int fieldId : fieldIds) {
            String name = namesById.get(fieldId);
            if (name == null || name.startsWith(ABSENT_PREFIX)) {
                return Optional.empty();
            }
            names.add(name);
        }
        return Optional.of(names.build());
    }

    private Type rename(Type type, Iterator<Integer> ids, Optional<GroupType> fileGroup)
    {
        return switch (type) {
            case RowType row -> {
                ImmutableList.Builder<RowType.Field> fields = ImmutableList.builder();
                for (RowType.Field field : row.getFields()) {
                    int fieldId = ids.next();
                    Optional<org.apache.parquet.schema.Type> fileField = fileGroup.flatMap(group -> child(group, fieldId));
                    String name = fileField.map(org.apache.parquet.schema.Type::getName).orElse(ABSENT_PREFIX + fieldId);
                    namesById.put(fieldId, name);
                    fields.add(new RowType.Field(Optional.of(name), rename(field.getType(), ids, fileField.flatMap(FileFieldNames::group))));
                }
                yield RowType.from(fields.build());
            }
            case ArrayType array -> {
                int elementId = ids.next();
                yield new ArrayType(rename(array.getElementType(), ids, fileGroup.flatMap(group -> descendant(group, elementId)).flatMap(FileFieldNames::group)));
            }
            case MapType map -> {
                int keyId = ids.next();
                Type key = rename(map.getKeyType(), ids, fileGroup.flatMap(group -> descendant(group, keyId)).flatMap(FileFieldNames::group));
                int valueId = ids.next();
                Type value = rename(map.getValueType(), ids, fileGroup.flatMap(group -> descendant(group, valueId)).flatMap(FileFieldNames::group));
                yield key.equals(map.getKeyType()) && value.equals(map.getValueType()) ? map : new MapType(key, value, TYPE_OPERATORS);
            }
            default -> type;
        };
    }

    private static Optional<GroupType> group(org.apache.parquet.schema.Type field)
    {
        return field.isPrimitive() ? Optional.empty() : Optional.of(field.asGroupType());
    }

    private static Optional<org.apache.parquet.schema.Type> child(GroupType group, int fieldId)
    {
        for (org.apache.parquet.schema.Type field : group.getFields()) {
            if (field.getId() != null && field.getId().intValue() == fieldId) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /**
     * An array's element or a map's key or value: a child, or a child of the repeated group between them.
     */
    private static Optional<org.apache.parquet.schema.Type> descendant(GroupType group, int fieldId)
    {
        Optional<org.apache.parquet.schema.Type> child = child(group, fieldId);
        if (child.isPresent()) {
            return child;
        }
        for (org.apache.parquet.schema.Type field : group.getFields()) {
            if (!field.isPrimitive()) {
                child = child(field.asGroupType(), fieldId);
                if (child.isPresent()) {
                    return child;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean hasNestedIds(GroupType group)
    {
        for (org.apache.parquet.schema.Type field : group.getFields()) {
            if (field.getId() != null || (!field.isPrimitive() && hasNestedIds(field.asGroupType()))) {
                return true;
            }
        }
        return false;
    }
}
