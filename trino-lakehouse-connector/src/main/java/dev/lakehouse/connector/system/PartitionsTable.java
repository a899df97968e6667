package dev.lakehouse.connector.system;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.connector.convert.TypeConverter;
import dev.lakehouse.connector.convert.ValueConverter;
import io.trino.spi.Page;
import io.trino.spi.PageBuilder;
import io.trino.spi.TrinoException;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.RowBlockBuilder;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.FixedPageSource;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Partitioning;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_INVALID_METADATA;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.TypeUtils.writeNativeValue;
import static java.util.Objects.requireNonNull;

/**
 * The {@code $partitions} metadata table, with the columns of Trino's Iceberg connector: per partition of
 * the snapshot read, its values ({@code partition}, over the fields of all the table's partition specs),
 * {@code record_count}, {@code file_count}, {@code total_size} of its data files, the rows and files of the
 * position deletes (deletion vectors included) and equality deletes that apply to them, and in {@code data} for
 * each top-level column with bounds its {@code min}, {@code max}, {@code null_count} and {@code nan_count}
 * from the files' metrics. Built from a {@link org.apache.iceberg.TableScan} with column statistics; a
 * count a file does not record makes the partition's count unknown (null).
 */
final class PartitionsTable
        implements SystemTable
{
    private final Table table;
    private final OptionalLong snapshotId;
    private final ConnectorTableMetadata tableMetadata;
    private final Types.StructType partitionType;
    private final MetadataValueWriter partitionWriter;
    private final List<Types.NestedField> dataColumns;
    private final RowType dataType;

    /**
     * @param snapshotId the snapshot whose partitions are listed; empty for the current one
     */
    PartitionsTable(SchemaTableName name, Table table, OptionalLong snapshotId, TypeManager typeManager)
    {
        this.table = requireNonNull(table, "table is null");
        this.snapshotId = requireNonNull(snapshotId, "snapshotId is null");
        this.partitionType = Partitioning.partitionType(table);
        ImmutableList.Builder<ColumnMetadata> columns = ImmutableList.builder();
        if (partitionType.fields().isEmpty()) {
            partitionWriter = null;
        }
        else {
            partitionWriter = MetadataValueWriter.of(Types.NestedField.optional(1, "partition", partitionType), Map.of(), typeManager);
            columns.add(new ColumnMetadata("partition", partitionWriter.type()));
        }
        columns.add(new ColumnMetadata("record_count", BIGINT));
        columns.add(new ColumnMetadata("file_count", BIGINT));
        columns.add(new ColumnMetadata("total_size", BIGINT));
        columns.add(new ColumnMetadata("position_delete_record_count", BIGINT));
        columns.add(new ColumnMetadata("position_delete_file_count", BIGINT));
        columns.add(new ColumnMetadata("equality_delete_record_count", BIGINT));
        columns.add(new ColumnMetadata("equality_delete_file_count", BIGINT));

        ImmutableList.Builder<Types.NestedField> dataColumns = ImmutableList.builder();
        ImmutableList.Builder<RowType.Field> dataFields = ImmutableList.builder();
        for (Types.NestedField column : table.schema().columns()) {
            if (column.type().isPrimitiveType() && ValueConverter.hasComparableBounds(column.type())) {
                Type type = TypeConverter.toTrinoType(column.type(), typeManager);
                dataColumns.add(column);
                dataFields.add(RowType.field(column.name(), RowType.from(ImmutableList.of(
                        RowType.field("min", type),
                        RowType.field("max", type),
                        RowType.field("null_count", BIGINT),
                        RowType.field("nan_count", BIGINT)))));
            }
        }
        this.dataColumns = dataColumns.build();
        if (this.dataColumns.isEmpty()) {
            dataType = null;
        }
        else {
            dataType = RowType.from(dataFields.build());
            columns.add(new ColumnMetadata("data", dataType));
        }
        this.tableMetadata = new ConnectorTableMetadata(requireNonNull(name, "name is null"), columns.build());
    }

    @Override
    public Distribution getDistribution()
    {
        return Distribution.SINGLE_COORDINATOR;
    }

    @Override
    public ConnectorTableMetadata getTableMetadata()
    {
        return tableMetadata;
    }

    @Override
    public ConnectorPageSource pageSource(ConnectorTransactionHandle transactionHandle, ConnectorSession session, TupleDomain<Integer> constraint)
    {
        Map<List<Object>, PartitionSummary> partitions = new LinkedHashMap<>();
        TableScan scan = table.newScan().includeColumnStats();
        if (snapshotId.isPresent()) {
            scan = scan.useSnapshot(snapshotId.getAsLong());
        }
        try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
            for (FileScanTask task : tasks) {
                DataFile file = task.file();
                PartitionSummary summary = partitions.computeIfAbsent(partitionKey(file), _ -> new PartitionSummary(dataColumns));
                summary.add(file);
                task.deletes().forEach(summary::addDeletes);
            }
        }
        catch (IOException | UncheckedIOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to read metadata table '%s': %s".formatted(tableMetadata.getTable(), e.getMessage()), e);
        }
        catch (NotFoundException e) {
            throw new TrinoException(LAKEHOUSE_INVALID_METADATA, "Metadata of table '%s' is missing: %s".formatted(tableMetadata.getTable(), e.getMessage()), e);
        }

        List<Type> types = tableMetadata.getColumns().stream().map(ColumnMetadata::getType).toList();
        PageBuilder pageBuilder = new PageBuilder(types);
        ImmutableList.Builder<Page> pages = ImmutableList.builder();
        for (Map.Entry<List<Object>, PartitionSummary> partition : partitions.entrySet()) {
            if (pageBuilder.isFull()) {
                pages.add(pageBuilder.build());
                pageBuilder.reset();
            }
            pageBuilder.declarePosition();
            int column = 0;
            if (partitionWriter != null) {
                partitionWriter.write(pageBuilder.getBlockBuilder(column++), new ListStruct(partition.getKey()));
            }
            PartitionSummary summary = partition.getValue();
            BIGINT.writeLong(pageBuilder.getBlockBuilder(column++), summary.recordCount);
            BIGINT.writeLong(pageBuilder.getBlockBuilder(column++), summary.fileCount);
            BIGINT.writeLong(pageBuilder.getBlockBuilder(column++), summary.totalSize);
            BIGINT.writeLong(pageBuilder.getBlockBuilder(column++), summary.positionDeleteRecordCount);
            BIGINT.writeLong(pageBuilder.getBlockBuilder(column++), summary.positionDeleteFileCount);
            BIGINT.writeLong(pageBuilder.getBlockBuilder(column++), summary.equalityDeleteRecordCount);
            BIGINT.writeLong(pageBuilder.getBlockBuilder(column++), summary.equalityDeleteFileCount);
            if (dataType != null) {
                summary.write(pageBuilder.getBlockBuilder(column), dataType);
            }
        }
        if (!pageBuilder.isEmpty()) {
            pages.add(pageBuilder.build());
        }
        return new FixedPageSource(pages.build());
    }

    /**
     * The file's partition values over the fields of all specs, matched by partition field id; fields of
     * other specs are null.
     */
    private List<Object> partitionKey(DataFile file)
    {
        PartitionSpec spec = table.specs().get(file.specId());
        List<PartitionField> specFields = spec.fields();
        Object[] values = new Object[partitionType.fields().size()];
        for (int field = 0; field < values.length; field++) {
            int fieldId = partitionType.fields().get(field).fieldId();
            for (int specField = 0; specField < specFields.size(); specField++) {
                if (specFields.get(specField).fieldId() == fieldId) {
                    Object value = file.partition().get(specField, Object.class);
                    // strings may come as other CharSequence implementations, which do not compare equal
                    values[field] = value instanceof CharSequence text ? text.toString() : value;
                }
            }
        }
        return Arrays.asList(values);
    }

    private record ListStruct(List<Object> values)
            implements StructLike
    {
        @Override
        public int size()
        {
            return values.size();
        }

        @Override
        public <T> T get(int position, Class<T> javaClass)
        {
            return javaClass.cast(values.get(position));
        }

        @Override
        public <T> void set(int position, T value)
        {
            throw new UnsupportedOperationException("read only");
        }
    }

    private static final class PartitionSummary
    {
        private final List<Types.NestedField> columns;
        private final Object[] min;
        private final Object[] max;
        private final Long[] nullCounts;
        private final Long[] nanCounts;
        private final List<Comparator<Object>> comparators;
        private long recordCount;
        private long fileCount;
        private long totalSize;
        // the delete files that apply to the partition's data files, each once (deletion vectors of several files share a Puffin file)
        private final Set<String> deleteFiles = new HashSet<>();
        private long positionDeleteRecordCount;
        private long positionDeleteFileCount;
        private long equalityDeleteRecordCount;
        private long equalityDeleteFileCount;

        @SuppressWarnings("unchecked")
        PartitionSummary(List<Types.NestedField> columns)
        {
            this.columns = columns;
            this.min = new Object[columns.size()];
            this.max = new Object[columns.size()];
            this.nullCounts = new Long[columns.size()];
            this.nanCounts = new Long[columns.size()];
            List<Comparator<Object>> comparators = new ArrayList<>();
            for (int column = 0; column < columns.size(); column++) {
                comparators.add((Comparator<Object>) Comparators.forType(columns.get(column).type().asPrimitiveType()));
                nullCounts[column] = 0L;
                nanCounts[column] = isFloatingPoint(columns.get(column)) ? 0L : null;
            }
            this.comparators = comparators;
        }

        void addDeletes(DeleteFile file)
        {
            if (!deleteFiles.add(file.location() + "@" + file.contentOffset())) {
                return;
            }
            if (file.content() == FileContent.EQUALITY_DELETES) {
                equalityDeleteRecordCount += file.recordCount();
                equalityDeleteFileCount++;
            }
            else {
                positionDeleteRecordCount += file.recordCount();
                positionDeleteFileCount++;
            }
        }

        void add(DataFile file)
        {
            boolean first = fileCount == 0;
            recordCount += file.recordCount();
            fileCount++;
            totalSize += file.fileSizeInBytes();
            for (int column = 0; column < columns.size(); column++) {
                Types.NestedField field = columns.get(column);
                min[column] = bound(field, file.lowerBounds(), first, min[column], column, -1);
                max[column] = bound(field, file.upperBounds(), first, max[column], column, 1);
                nullCounts[column] = addCount(nullCounts[column], file.nullValueCounts(), field.fieldId());
                if (nanCounts[column] != null) {
                    nanCounts[column] = addCount(nanCounts[column], file.nanValueCounts(), field.fieldId());
                }
            }
        }

        /**
         * The lowest (direction -1) or highest (1) bound so far; unknown (null) once a file has no bound
         * for the column, since its values could lie anywhere.
         */
        private Object bound(Types.NestedField field, Map<Integer, ByteBuffer> bounds, boolean first, Object current, int column, int direction)
        {
            ByteBuffer buffer = bounds == null ? null : bounds.get(field.fieldId());
            if (buffer == null) {
                return null;
            }
            Object value = Conversions.fromByteBuffer(field.type(), buffer.duplicate());
            if (first) {
                return value;
            }
            if (current == null) {
                return null;
            }
            return comparators.get(column).compare(value, current) * direction > 0 ? value : current;
        }

        private static Long addCount(Long current, Map<Integer, Long> counts, int fieldId)
        {
            Long count = counts == null ? null : counts.get(fieldId);
            if (current == null || count == null) {
                return null;
            }
            return current + count;
        }

        private static boolean isFloatingPoint(Types.NestedField field)
        {
            return field.type().typeId() == org.apache.iceberg.types.Type.TypeID.FLOAT || field.type().typeId() == org.apache.iceberg.types.Type.TypeID.DOUBLE;
        }

        void write(BlockBuilder builder, RowType dataType)
        {
            ((RowBlockBuilder) builder).buildEntry(columnBuilders -> {
                for (int column = 0; column < columns.size(); column++) {
                    Type type = ((RowType) dataType.getFields().get(column).getType()).getFields().getFirst().getType();
                    int index = column;
                    ((RowBlockBuilder) columnBuilders.get(column)).buildEntry(statistics -> {
                        writeNativeValue(type, statistics.get(0), ValueConverter.toTrinoValue(type, min[index]));
                        writeNativeValue(type, statistics.get(1), ValueConverter.toTrinoValue(type, max[index]));
                        writeNativeValue(BIGINT, statistics.get(2), nullCounts[index]);
                        writeNativeValue(BIGINT, statistics.get(3), nanCounts[index]);
                    });
                }
            });
        }
    }
}
