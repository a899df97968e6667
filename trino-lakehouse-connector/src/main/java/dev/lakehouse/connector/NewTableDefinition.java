package dev.lakehouse.connector;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.connector.bloom.BloomFilterColumns;
import dev.lakehouse.connector.convert.PartitionSpecConverter;
import dev.lakehouse.connector.convert.SortOrderConverter;
import dev.lakehouse.connector.convert.TypeConverter;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorTableMetadata;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.types.Types;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_INVALID_TABLE_PROPERTY;
import static dev.lakehouse.connector.TableDescriptions.COMMENT_PROPERTY;
import static io.trino.spi.StandardErrorCode.DUPLICATE_COLUMN_NAME;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static java.util.Locale.ENGLISH;
import static java.util.Objects.requireNonNull;

/**
 * A new table as Iceberg records it, from a CREATE TABLE statement: the schema, partition spec, sort order
 * and table properties. Every problem (a type Iceberg cannot hold, an invalid partitioning) is found here,
 * before anything is written.
 */
record NewTableDefinition(Schema schema, PartitionSpec spec, SortOrder sortOrder, Map<String, String> properties)
{
    private static final int COMMIT_RETRIES = 10;

    NewTableDefinition
    {
        requireNonNull(schema, "schema is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(sortOrder, "sortOrder is null");
        properties = ImmutableMap.copyOf(requireNonNull(properties, "properties is null"));
    }

    static NewTableDefinition of(ConnectorTableMetadata tableMetadata, String compressionCodec)
    {
        Schema schema = schema(tableMetadata);
        Map<String, Object> tableProperties = tableMetadata.getProperties();
        PartitionSpec spec = PartitionSpecConverter.toPartitionSpec(schema, LakehouseTableProperties.getPartitioning(tableProperties));
        SortOrder sortOrder = SortOrderConverter.toSortOrder(schema, LakehouseTableProperties.getSortedBy(tableProperties));

        ImmutableMap.Builder<String, String> properties = ImmutableMap.builder();
        properties.put(TableProperties.FORMAT_VERSION, String.valueOf(LakehouseTableProperties.getFormatVersion(tableProperties)));
        properties.put(TableProperties.DEFAULT_FILE_FORMAT, "parquet");
        properties.put(TableProperties.PARQUET_COMPRESSION, compressionCodec);
        // appends of several writers commute: a writer that loses a race retries on the new metadata
        properties.put(TableProperties.COMMIT_NUM_RETRIES, String.valueOf(COMMIT_RETRIES));
        LakehouseTableProperties.getTargetFileSize(tableProperties)
                .ifPresent(size -> properties.put(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, String.valueOf(size.toBytes())));
        tableMetadata.getComment().ifPresent(comment -> properties.put(COMMENT_PROPERTY, comment));
        properties.putAll(BloomFilterColumns.toTableProperties(
                tableMetadata.getTable().toString(),
                schema,
                LakehouseTableProperties.getBloomFilterColumns(tableProperties),
                LakehouseTableProperties.getBloomFilterFpp(tableProperties)));
        return new NewTableDefinition(schema, spec, sortOrder, properties.buildOrThrow());
    }

    private static Schema schema(ConnectorTableMetadata tableMetadata)
    {
        List<ColumnMetadata> columns = tableMetadata.getColumns().stream()
                .filter(column -> !column.isHidden())
                .toList();
        if (columns.isEmpty()) {
            throw new TrinoException(NOT_SUPPORTED, "Table '%s' must have at least one column".formatted(tableMetadata.getTable()));
        }
        AtomicInteger nextFieldId = new AtomicInteger(1);
        // top-level ids first, as Iceberg numbers them
        List<Integer> fieldIds = columns.stream().map(_ -> nextFieldId.getAndIncrement()).toList();
        ImmutableList.Builder<Types.NestedField> fields = ImmutableList.builder();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            ColumnMetadata column = columns.get(i);
            if (!names.add(column.getName().toLowerCase(ENGLISH))) {
                throw new TrinoException(DUPLICATE_COLUMN_NAME, "Column name '%s' specified more than once".formatted(column.getName()));
            }
            org.apache.iceberg.types.Type type;
            try {
                type = TypeConverter.toIcebergType(column.getType(), nextFieldId);
            }
            catch (TrinoException e) {
                throw new TrinoException(e::getErrorCode, "Column '%s' of table '%s': %s".formatted(column.getName(), tableMetadata.getTable(), e.getMessage()), e);
            }
            Types.NestedField field = column.isNullable()
                    ? Types.NestedField.optional(fieldIds.get(i), column.getName(), type, column.getComment())
                    : Types.NestedField.required(fieldIds.get(i), column.getName(), type, column.getComment());
            fields.add(field);
        }
        try {
            return new Schema(fields.build());
        }
        catch (IllegalArgumentException | ValidationException e) {
            // a row type with two fields of one name
            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Invalid columns for table '%s': %s".formatted(tableMetadata.getTable(), e.getMessage()), e);
        }
    }
}
