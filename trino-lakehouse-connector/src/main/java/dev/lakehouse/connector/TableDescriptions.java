package dev.lakehouse.connector;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.connector.bloom.BloomFilterColumns;
import dev.lakehouse.connector.convert.PartitionSpecConverter;
import dev.lakehouse.connector.convert.SortOrderConverter;
import dev.lakehouse.connector.convert.TypeConverter;
import io.airlift.units.DataSize;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.type.TypeManager;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.types.Types;

import java.util.List;
import java.util.Optional;

import static dev.lakehouse.connector.LakehouseTableProperties.BLOOM_FILTER_COLUMNS;
import static dev.lakehouse.connector.LakehouseTableProperties.BLOOM_FILTER_FPP;
import static dev.lakehouse.connector.LakehouseTableProperties.FORMAT_VERSION;
import static dev.lakehouse.connector.LakehouseTableProperties.LOCATION;
import static dev.lakehouse.connector.LakehouseTableProperties.PARTITIONING;
import static dev.lakehouse.connector.LakehouseTableProperties.SORTED_BY;
import static dev.lakehouse.connector.LakehouseTableProperties.TARGET_FILE_SIZE;

/**
 * How an Iceberg table looks to Trino: its columns and the table properties SHOW CREATE TABLE prints.
 */
final class TableDescriptions
{
    /** Iceberg table property holding the table comment, as Trino's Iceberg connector and Spark use it. */
    static final String COMMENT_PROPERTY = "comment";

    private TableDescriptions() {}

    static List<ColumnMetadata> columns(Table table, TypeManager typeManager)
    {
        return columns(table.schema(), typeManager);
    }

    static List<ColumnMetadata> columns(Schema schema, TypeManager typeManager)
    {
        ImmutableList.Builder<ColumnMetadata> columns = ImmutableList.builder();
        for (Types.NestedField field : schema.columns()) {
            columns.add(columnMetadata(field, typeManager));
        }
        return columns.build();
    }

    static ColumnMetadata columnMetadata(Types.NestedField field, TypeManager typeManager)
    {
        return ColumnMetadata.builder()
                .setName(field.name())
                .setType(TypeConverter.toTrinoType(field.type(), typeManager))
                .setNullable(field.isOptional())
                .setComment(Optional.ofNullable(field.doc()))
                .build();
    }

    /**
     * The table's description, with the columns of the given schema (the table's current one, or the one a
     * time-travel query reads).
     */
    static ConnectorTableMetadata tableMetadata(SchemaTableName name, Table table, Schema schema, TypeManager typeManager)
    {
        ImmutableMap.Builder<String, Object> properties = ImmutableMap.builder();
        if (!table.spec().isUnpartitioned()) {
            properties.put(PARTITIONING, PartitionSpecConverter.toPartitionFields(table.spec()));
        }
        if (!table.sortOrder().isUnsorted()) {
            properties.put(SORTED_BY, SortOrderConverter.toSortFields(table.sortOrder()));
        }
        properties.put(FORMAT_VERSION, formatVersion(table));
        properties.put(LOCATION, table.location());
        String targetFileSize = table.properties().get(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES);
        if (targetFileSize != null) {
            properties.put(TARGET_FILE_SIZE, DataSize.ofBytes(Long.parseLong(targetFileSize)).succinct());
        }
        BloomFilterColumns bloomFilterColumns = BloomFilterColumns.of(table.schema(), table.properties());
        if (!bloomFilterColumns.isEmpty()) {
            properties.put(BLOOM_FILTER_COLUMNS, bloomFilterColumns.names(table.schema()));
            properties.put(BLOOM_FILTER_FPP, bloomFilterColumns.fpp());
        }
        return new ConnectorTableMetadata(
                name,
                columns(schema, typeManager),
                properties.buildOrThrow(),
                Optional.ofNullable(table.properties().get(COMMENT_PROPERTY)));
    }

    static int formatVersion(Table table)
    {
        if (table instanceof HasTableOperations operations) {
            TableOperations tableOperations = operations.operations();
            return tableOperations.current().formatVersion();
        }
        return LakehouseTableProperties.DEFAULT_FORMAT_VERSION;
    }
}
