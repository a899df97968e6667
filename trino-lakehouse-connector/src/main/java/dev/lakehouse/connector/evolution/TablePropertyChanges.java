package dev.lakehouse.connector.evolution;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.connector.LakehouseTableProperties;
import dev.lakehouse.connector.bloom.BloomFilterColumns;
import dev.lakehouse.connector.convert.PartitionSpecConverter;
import dev.lakehouse.connector.convert.SortOrderConverter;
import io.airlift.units.DataSize;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.SchemaTableName;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.ReplaceSortOrder;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortField;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdatePartitionSpec;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.Term;
import org.apache.iceberg.transforms.Transform;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_INVALID_TABLE_PROPERTY;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static java.util.Objects.requireNonNull;

/**
 * ALTER TABLE ... SET PROPERTIES: the changes of table properties, all prepared in one transaction. A new
 * {@code partitioning} is partition evolution: files written from then on use the new spec, files written
 * before keep theirs (and are pruned by it), nothing is rewritten. A new {@code sorted_by} applies to files
 * written from then on. {@code format_version} can only grow, as Iceberg upgrades tables in place.
 */
public final class TablePropertyChanges
{
    public static final Set<String> CHANGEABLE = Set.of(
            LakehouseTableProperties.PARTITIONING,
            LakehouseTableProperties.SORTED_BY,
            LakehouseTableProperties.FORMAT_VERSION,
            LakehouseTableProperties.TARGET_FILE_SIZE,
            LakehouseTableProperties.BLOOM_FILTER_COLUMNS,
            LakehouseTableProperties.BLOOM_FILTER_FPP);

    private final SchemaTableName tableName;
    private final Table table;

    public TablePropertyChanges(SchemaTableName tableName, Table table)
    {
        this.tableName = requireNonNull(tableName, "tableName is null");
        this.table = requireNonNull(table, "table is null");
    }

    /**
     * The transaction that sets the properties; an absent value resets the property to its default.
     */
    public Transaction set(Map<String, Optional<Object>> properties)
    {
        for (String property : properties.keySet()) {
            if (!CHANGEABLE.contains(property)) {
                throw new TrinoException(NOT_SUPPORTED, "Changing table property '%s' of table '%s' is not supported (the properties that can be changed are %s)"
                        .formatted(property, tableName, CHANGEABLE.stream().sorted().toList()));
            }
        }
        Transaction transaction = table.newTransaction();
        Schema schema = table.schema();
        if (properties.containsKey(LakehouseTableProperties.PARTITIONING)) {
            List<String> fields = properties.get(LakehouseTableProperties.PARTITIONING).map(TablePropertyChanges::stringList).orElse(ImmutableList.of());
            changePartitioning(transaction, schema, PartitionSpecConverter.toPartitionSpec(schema, fields));
        }
        if (properties.containsKey(LakehouseTableProperties.SORTED_BY)) {
            List<String> fields = properties.get(LakehouseTableProperties.SORTED_BY).map(TablePropertyChanges::stringList).orElse(ImmutableList.of());
            changeSortOrder(transaction, schema, SortOrderConverter.toSortOrder(schema, fields));
        }
        UpdateProperties update = transaction.updateProperties();
        if (properties.containsKey(LakehouseTableProperties.FORMAT_VERSION)) {
            int formatVersion = properties.get(LakehouseTableProperties.FORMAT_VERSION).map(Integer.class::cast).orElse(LakehouseTableProperties.DEFAULT_FORMAT_VERSION);
            int current = TableUtil.formatVersion(table);
            if (formatVersion < current) {
                throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Cannot change table property 'format_version' of table '%s' from %s to %s: Iceberg tables cannot be downgraded"
                        .formatted(tableName, current, formatVersion));
            }
            if (formatVersion > current) {
                update.set(TableProperties.FORMAT_VERSION, Integer.toString(formatVersion));
            }
        }
        if (properties.containsKey(LakehouseTableProperties.TARGET_FILE_SIZE)) {
            Optional<DataSize> size = properties.get(LakehouseTableProperties.TARGET_FILE_SIZE).map(DataSize.class::cast);
            if (size.isPresent()) {
                update.set(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, Long.toString(size.get().toBytes()));
            }
            else {
                update.remove(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES);
            }
        }
        if (properties.containsKey(LakehouseTableProperties.BLOOM_FILTER_COLUMNS) || properties.containsKey(LakehouseTableProperties.BLOOM_FILTER_FPP)) {
            changeBloomFilterColumns(update, schema, properties);
        }
        try {
            update.commit();
        }
        catch (IllegalArgumentException | ValidationException e) {
            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Cannot change the properties of table '%s': %s".formatted(tableName, e.getMessage()), e);
        }
        return transaction;
    }

    /**
     * Keeps the partition fields both specs have (so files of the old spec stay pruned by them), removes the
     * others and adds the new ones. Iceberg keeps the removed fields' history.
     */
    private void changePartitioning(Transaction transaction, Schema schema, PartitionSpec target)
    {
        PartitionSpec current = table.spec();
        Set<String> currentFields = current.fields().stream().map(TablePropertyChanges::key).collect(toImmutableSet());
        Set<String> targetFields = target.fields().stream().map(TablePropertyChanges::key).collect(toImmutableSet());
        UpdatePartitionSpec update = transaction.updateSpec();
        try {
            for (PartitionField field : current.fields()) {
                if (!targetFields.contains(key(field)) && !field.transform().isVoid()) {
                    update.removeField(field.name());
                }
            }
            for (PartitionField field : target.fields()) {
                if (!currentFields.contains(key(field))) {
                    update.addField(term(schema, field.sourceId(), field.transform()));
                }
            }
            update.commit();
        }
        catch (IllegalArgumentException | ValidationException e) {
            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Cannot change table property 'partitioning' of table '%s' to %s: %s"
                    .formatted(tableName, PartitionSpecConverter.toPartitionFields(target), e.getMessage()), e);
        }
    }

    private void changeSortOrder(Transaction transaction, Schema schema, SortOrder target)
    {
        ReplaceSortOrder replace = transaction.replaceSortOrder();
        for (SortField field : target.fields()) {
            Term term = term(schema, field.sourceId(), field.transform());
            if (field.direction() == SortDirection.ASC) {
                replace.asc(term, field.nullOrder());
            }
            else {
                replace.desc(term, field.nullOrder());
            }
        }
        try {
            replace.commit();
        }
        catch (IllegalArgumentException | ValidationException e) {
            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Cannot change table property 'sorted_by' of table '%s': %s".formatted(tableName, e.getMessage()), e);
        }
    }

    private void changeBloomFilterColumns(UpdateProperties update, Schema schema, Map<String, Optional<Object>> properties)
    {
        BloomFilterColumns current = BloomFilterColumns.of(schema, table.properties());
        List<String> columns = properties.containsKey(LakehouseTableProperties.BLOOM_FILTER_COLUMNS)
                ? properties.get(LakehouseTableProperties.BLOOM_FILTER_COLUMNS).map(TablePropertyChanges::stringList).orElse(ImmutableList.of())
                : current.names(schema);
        double fpp = properties.containsKey(LakehouseTableProperties.BLOOM_FILTER_FPP)
                ? properties.get(LakehouseTableProperties.BLOOM_FILTER_FPP).map(Double.class::cast).orElse(BloomFilterColumns.DEFAULT_FPP)
                : current.fpp();
        Map<String, String> bloomProperties = BloomFilterColumns.toTableProperties(tableName.toString(), schema, columns, fpp);
        table.properties().keySet().stream()
                .filter(BloomFilterColumns::isBloomFilterProperty)
                .filter(key -> !bloomProperties.containsKey(key))
                .forEach(update::remove);
        bloomProperties.forEach(update::set);
    }

    private static String key(PartitionField field)
    {
        return field.sourceId() + ":" + field.transform();
    }

    private static Term term(Schema schema, int sourceId, Transform<?, ?> transform)
    {
        return Expressions.transform(schema.findColumnName(sourceId), transform);
    }

    @SuppressWarnings("unchecked")
    private static List<String> stringList(Object value)
    {
        return (List<String>) value;
    }
}
