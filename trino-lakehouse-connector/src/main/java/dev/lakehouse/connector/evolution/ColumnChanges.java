package dev.lakehouse.connector.evolution;

import dev.lakehouse.connector.convert.TypeConverter;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ColumnPosition;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.type.TypeManager;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortField;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static io.trino.spi.StandardErrorCode.COLUMN_ALREADY_EXISTS;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static java.util.Objects.requireNonNull;
import static org.apache.iceberg.TableProperties.PARQUET_BLOOM_FILTER_COLUMN_FPP_PREFIX;

/**
 * The changes ALTER TABLE makes to a table's columns and nested fields: add, drop, rename, and change of type
 * within what Iceberg allows (integer to bigint, real to double, wider decimal precision; fields added, dropped
 * and reordered in rows). Each change is an Iceberg schema update, prepared in a transaction together with the
 * table properties that name the column (its bloom filter); data files are never rewritten, since Iceberg
 * columns are read by field id. A change that cannot be made fails before anything is written, naming the
 * column and the table.
 */
public final class ColumnChanges
{
    private final SchemaTableName tableName;
    private final Table table;
    private final Schema schema;
    private final TypeManager typeManager;

    public ColumnChanges(SchemaTableName tableName, Table table, TypeManager typeManager)
    {
        this.tableName = requireNonNull(tableName, "tableName is null");
        this.table = requireNonNull(table, "table is null");
        this.schema = table.schema();
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
    }

    /**
     * Adds a nullable top-level column at the position.
     */
    public Transaction addColumn(String name, io.trino.spi.type.Type type, boolean nullable, Optional<String> comment, ColumnPosition position)
    {
        if (!nullable) {
            // rows already written, and those of older snapshots, have no value for it
            throw new TrinoException(NOT_SUPPORTED, "This connector does not support adding not null columns");
        }
        if (FieldPaths.hasField(schema.asStruct(), name)) {
            throw new TrinoException(COLUMN_ALREADY_EXISTS, "Column '%s' already exists in table '%s'".formatted(name, tableName));
        }
        Type icebergType = icebergType(type, name);
        return change("add column '%s'".formatted(name), update -> {
            update.addColumn(null, name, icebergType, comment.orElse(null));
            switch (position) {
                case ColumnPosition.First _ -> update.moveFirst(name);
                case ColumnPosition.After after -> update.moveAfter(name, FieldPaths.find(schema, tableName, List.of(after.columnName())).name());
                case ColumnPosition.Last _ -> {}
            }
        }, _ -> {});
    }

    /**
     * Adds a nullable field to a row, possibly nested in rows, arrays ({@code element}) and maps.
     *
     * @param parentPath the row the field is added to, starting with the top-level column
     * @return empty when the field exists and {@code ignoreExisting} is set
     */
    public Optional<Transaction> addField(List<String> parentPath, String name, io.trino.spi.type.Type type, boolean ignoreExisting)
    {
        Types.NestedField parent = FieldPaths.find(schema, tableName, parentPath);
        if (!parent.type().isStructType()) {
            throw new TrinoException(NOT_SUPPORTED, "Cannot add field '%s' to '%s' of table '%s': it is of type %s, not a row".formatted(name, String.join(".", parentPath), tableName, parent.type()));
        }
        if (FieldPaths.hasField(parent.type().asStructType(), name)) {
            if (ignoreExisting) {
                return Optional.empty();
            }
            throw new TrinoException(COLUMN_ALREADY_EXISTS, "Field '%s' already exists in '%s' of table '%s'".formatted(name, String.join(".", parentPath), tableName));
        }
        String parentName = schema.findColumnName(parent.fieldId());
        Type icebergType = icebergType(type, name);
        return Optional.of(change("add field '%s' to '%s'".formatted(name, parentName), update -> update.addColumn(parentName, name, icebergType), _ -> {}));
    }

    /**
     * A transaction that changes nothing.
     */
    public Transaction noChange()
    {
        return table.newTransaction();
    }

    /**
     * Drops a top-level column, or a field nested in it.
     *
     * @param path the column's name, then the names of the nested fields down to the one dropped
     */
    public Transaction drop(List<String> path)
    {
        Types.NestedField field = FieldPaths.find(schema, tableName, path);
        String name = schema.findColumnName(field.fieldId());
        Set<Integer> droppedIds = fieldIdsWithin(field);
        checkNotPartitioningOrSorting(name, droppedIds);
        boolean topLevel = path.size() == 1;
        return change("drop column '%s'".formatted(name), update -> update.deleteColumn(name), properties -> {
            if (topLevel) {
                removeBloomFilterProperties(properties, field.name());
            }
        });
    }

    /**
     * Renames a top-level column, or a field nested in it; the column keeps its values, since files
     * refer to it by id.
     *
     * @param path the column's name, then the names of the nested fields down to the one renamed
     */
    public Transaction rename(List<String> path, String target)
    {
        Types.NestedField field = FieldPaths.find(schema, tableName, path);
        String name = schema.findColumnName(field.fieldId());
        boolean topLevel = path.size() == 1;
        Types.StructType siblings = topLevel ? schema.asStruct() : FieldPaths.find(schema, tableName, path.subList(0, path.size() - 1)).type().asStructType();
        boolean taken = siblings.fields().stream().anyMatch(sibling -> sibling.fieldId() != field.fieldId() && sibling.name().equalsIgnoreCase(target));
        if (taken) {
            throw new TrinoException(COLUMN_ALREADY_EXISTS, "Cannot rename '%s' of table '%s' to '%s': a %s of that name exists".formatted(name, tableName, target, topLevel ? "column" : "field"));
        }
        return change("rename '%s' to '%s'".formatted(name, target), update -> update.renameColumn(name, target), properties -> {
            if (topLevel) {
                moveBloomFilterProperties(properties, field.name(), target);
            }
        });
    }

    /**
     * Changes the type of a top-level column or a nested field, within what Iceberg allows.
     *
     * @param path the column's name, then the names of the nested fields down to the one changed
     */
    public Transaction setType(List<String> path, io.trino.spi.type.Type type)
    {
        Types.NestedField field = FieldPaths.find(schema, tableName, path);
        String name = schema.findColumnName(field.fieldId());
        Optional<io.trino.spi.type.Type> held = TypeConverter.toSupportedType(type, typeManager);
        if (held.isPresent()) {
            throw new TrinoException(NOT_SUPPORTED, "Cannot change type of '%s' of table '%s' to %s: Iceberg tables cannot hold it (the nearest type they hold is %s)".formatted(name, tableName, type, held.get()));
        }
        Type target = icebergType(type, name);
        return change("change type of '%s' to %s".formatted(name, type), update -> changeType(update, name, field.type(), target), _ -> {});
    }

    private void changeType(UpdateSchema update, String name, Type source, Type target)
    {
        if (source.isPrimitiveType() && target.isPrimitiveType()) {
            if (source.equals(target)) {
                return;
            }
            if (!TypeUtil.isPromotionAllowed(source, target.asPrimitiveType())) {
                throw new TrinoException(NOT_SUPPORTED, ("Cannot change type of '%s' of table '%s' from %s to %s: Iceberg changes types only where every old value " +
                        "stays the same (integer to bigint, real to double, decimal to a larger precision of the same scale)").formatted(
                        name, tableName, TypeConverter.toTrinoType(source, typeManager), TypeConverter.toTrinoType(target, typeManager)));
            }
            update.updateColumn(name, target.asPrimitiveType());
            return;
        }
        if (source.isListType() && target.isListType()) {
            changeType(update, name + ".element", source.asListType().elementType(), target.asListType().elementType());
            return;
        }
        if (source.isMapType() && target.isMapType()) {
            if (!sameStructure(source.asMapType().keyType(), target.asMapType().keyType())) {
                throw new TrinoException(NOT_SUPPORTED, "Cannot change the key type of map '%s' of table '%s'".formatted(name, tableName));
            }
            changeType(update, name + ".value", source.asMapType().valueType(), target.asMapType().valueType());
            return;
        }
        if (source.isStructType() && target.isStructType()) {
            changeRowType(update, name, source.asStructType(), target.asStructType());
            return;
        }
        throw new TrinoException(NOT_SUPPORTED, "Cannot change type of '%s' of table '%s' from %s to %s".formatted(
                name, tableName, TypeConverter.toTrinoType(source, typeManager), TypeConverter.toTrinoType(target, typeManager)));
    }

    /**
     * A row's new type matches its fields by name: fields of both change type, new ones are added, missing ones
     * dropped, and all are put in the new type's order.
     */
    private void changeRowType(UpdateSchema update, String name, Types.StructType source, Types.StructType target)
    {
        for (Types.NestedField field : source.fields()) {
            Types.NestedField targetField = FieldPaths.field(target, field.name(), tableName, List.of(name, field.name()));
            if (targetField == null) {
                checkNotPartitioningOrSorting(name + "." + field.name(), fieldIdsWithin(field));
                update.deleteColumn(name + "." + field.name());
            }
            else {
                changeType(update, name + "." + field.name(), field.type(), targetField.type());
            }
        }
        String previous = null;
        for (Types.NestedField field : target.fields()) {
            Types.NestedField sourceField = FieldPaths.field(source, field.name(), tableName, List.of(name, field.name()));
            String fieldName = sourceField == null ? field.name() : sourceField.name();
            if (sourceField == null) {
                update.addColumn(name, fieldName, field.type());
            }
            String path = name + "." + fieldName;
            if (previous == null) {
                update.moveFirst(path);
            }
            else {
                update.moveAfter(path, previous);
            }
            previous = path;
        }
    }

    private static boolean sameStructure(Type left, Type right)
    {
        if (left.isPrimitiveType() || right.isPrimitiveType()) {
            return left.equals(right);
        }
        List<Types.NestedField> leftFields = left.asNestedType().fields();
        List<Types.NestedField> rightFields = right.asNestedType().fields();
        if (left.typeId() != right.typeId() || leftFields.size() != rightFields.size()) {
            return false;
        }
        for (int i = 0; i < leftFields.size(); i++) {
            if (!leftFields.get(i).name().equals(rightFields.get(i).name()) || !sameStructure(leftFields.get(i).type(), rightFields.get(i).type())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Refuses to drop a column that a partition spec or the sort order reads: the table's partitioning
     * (also that of files written earlier, whose specs Iceberg keeps binding to the schema) needs its values.
     */
    private void checkNotPartitioningOrSorting(String name, Set<Integer> fieldIds)
    {
        for (PartitionField partitionField : table.spec().fields()) {
            if (fieldIds.contains(partitionField.sourceId())) {
                throw new TrinoException(NOT_SUPPORTED, "Cannot drop '%s' of table '%s': the table is partitioned by it; change the table property 'partitioning' first".formatted(name, tableName));
            }
        }
        for (PartitionSpec spec : table.specs().values()) {
            for (PartitionField partitionField : spec.fields()) {
                if (fieldIds.contains(partitionField.sourceId())) {
                    throw new TrinoException(NOT_SUPPORTED, "Cannot drop '%s' of table '%s': files written with an earlier partitioning of the table are partitioned by it".formatted(name, tableName));
                }
            }
        }
        for (SortField sortField : table.sortOrder().fields()) {
            if (fieldIds.contains(sortField.sourceId())) {
                throw new TrinoException(NOT_SUPPORTED, "Cannot drop '%s' of table '%s': the table is sorted by it; change the table property 'sorted_by' first".formatted(name, tableName));
            }
        }
    }

    private static Set<Integer> fieldIdsWithin(Types.NestedField field)
    {
        Set<Integer> ids = new HashSet<>(TypeUtil.getProjectedIds(field.type()));
        ids.add(field.fieldId());
        return ids;
    }

    private Type icebergType(io.trino.spi.type.Type type, String name)
    {
        try {
            return TypeConverter.toIcebergType(type, new AtomicInteger(1));
        }
        catch (TrinoException e) {
            throw new TrinoException(e::getErrorCode, "Column '%s' of table '%s': %s".formatted(name, tableName, e.getMessage()), e);
        }
    }

    // Iceberg's schema update renames and removes the bloom-filter-enabled property itself, but not the fpp property

    private void removeBloomFilterProperties(UpdateProperties properties, String column)
    {
        if (table.properties().containsKey(PARQUET_BLOOM_FILTER_COLUMN_FPP_PREFIX + column)) {
            properties.remove(PARQUET_BLOOM_FILTER_COLUMN_FPP_PREFIX + column);
        }
    }

    private void moveBloomFilterProperties(UpdateProperties properties, String column, String target)
    {
        String value = table.properties().get(PARQUET_BLOOM_FILTER_COLUMN_FPP_PREFIX + column);
        if (value != null) {
            properties.remove(PARQUET_BLOOM_FILTER_COLUMN_FPP_PREFIX + column);
            properties.set(PARQUET_BLOOM_FILTER_COLUMN_FPP_PREFIX + target, value);
        }
    }

    /**
     * Prepares the change in a new transaction; Iceberg's refusal (an identifier field dropped, an ambiguous
     * name) becomes an error naming the table.
     */
    private Transaction change(String description, Consumer<UpdateSchema> schemaChange, Consumer<UpdateProperties> propertiesChange)
    {
        Transaction transaction = table.newTransaction();
        try {
            UpdateSchema update = transaction.updateSchema();
            schemaChange.accept(update);
            update.commit();
            UpdateProperties properties = transaction.updateProperties();
            propertiesChange.accept(properties);
            properties.commit();
        }
        catch (IllegalArgumentException | IllegalStateException | ValidationException e) {
            throw new TrinoException(NOT_SUPPORTED, "Cannot %s of table '%s': %s".formatted(description, tableName, e.getMessage()), e);
        }
        return transaction;
    }
}
