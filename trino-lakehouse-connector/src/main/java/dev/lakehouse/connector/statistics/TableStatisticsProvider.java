package dev.lakehouse.connector.statistics;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.connector.LakehouseColumnHandle;
import dev.lakehouse.connector.LakehouseTableHandle;
import dev.lakehouse.connector.convert.PredicateConverter;
import dev.lakehouse.connector.convert.ValueConverter;
import dev.lakehouse.connector.planning.DataFileScan;
import dev.lakehouse.connector.planning.ScanCounters;
import io.trino.spi.statistics.ColumnStatistics;
import io.trino.spi.statistics.DoubleRange;
import io.trino.spi.statistics.Estimate;
import io.trino.spi.statistics.TableStatistics;
import io.trino.spi.type.Type;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Statistics for the cost-based optimizer, from the manifests of the files a scan would read: the row
 * count, and per column the fraction of nulls and the lowest and highest values. Strings and binary values
 * get no range (their bounds in manifests are truncated) but a data size, the sum of their column chunks'
 * sizes in the files. Distinct value counts come from the table's statistics file
 * ({@link DistinctValueCounts}), at most the number of non-null rows the scan reads.
 */
public final class TableStatisticsProvider
{
    private TableStatisticsProvider() {}

    public static TableStatistics statistics(Table table, Snapshot snapshot, Schema schema, LakehouseTableHandle handle, List<LakehouseColumnHandle> columns)
    {
        Map<Integer, ColumnAccumulator> accumulators = new HashMap<>();
        for (LakehouseColumnHandle column : columns) {
            Types.NestedField field = schema.findField(column.baseFieldId());
            if (column.isBaseColumn() && field != null) {
                accumulators.put(column.baseFieldId(), new ColumnAccumulator(field.type()));
            }
        }

        long rowCount = 0;
        // rows of the data files that delete files delete: each delete file counted once, also when it applies to several data files
        long deletedRows = 0;
        Set<String> countedDeleteFiles = new HashSet<>();
        try (DataFileScan scan = new DataFileScan(handle.toString(), table, snapshot, schema, PredicateConverter.toIcebergExpression(handle.predicate()), new ScanCounters())) {
            while (scan.hasNext()) {
                DataFile file = scan.next();
                rowCount += file.recordCount();
                for (DeleteFile deleteFile : scan.deleteFilesOf(file)) {
                    if (countedDeleteFiles.add(deleteFile.location() + "@" + deleteFile.contentOffset())) {
                        deletedRows += deleteFile.recordCount();
                    }
                }
                for (Map.Entry<Integer, ColumnAccumulator> entry : accumulators.entrySet()) {
                    entry.getValue().add(entry.getKey(), file);
                }
            }
        }

        // an equality delete may match no row, or several: the count after deletes is an estimate then
        rowCount = Math.max(0, rowCount - deletedRows);

        Map<Integer, Long> distinctValueCounts = accumulators.isEmpty() ? ImmutableMap.of() : DistinctValueCounts.of(table, snapshot);
        TableStatistics.Builder statistics = TableStatistics.builder().setRowCount(Estimate.of(rowCount));
        for (LakehouseColumnHandle column : columns) {
            ColumnAccumulator accumulator = accumulators.get(column.baseFieldId());
            if (accumulator == null || !column.isBaseColumn()) {
                continue;
            }
            statistics.setColumnStatistics(column, accumulator.build(column.type(), rowCount, Optional.ofNullable(distinctValueCounts.get(column.baseFieldId()))));
        }
        return statistics.build();
    }

    private static final class ColumnAccumulator
    {
        private final org.apache.iceberg.types.Type type;
        private final boolean hasRange;
        private final boolean hasDataSize;
        private long nullCount;
        private boolean nullCountKnown = true;
        private Object min;
        private Object max;
        private boolean rangeKnown;
        private long dataSize;
        private boolean dataSizeKnown;

        private ColumnAccumulator(org.apache.iceberg.types.Type type)
        {
            this.type = type;
            this.hasRange = switch (type.typeId()) {
                case INTEGER, LONG, FLOAT, DOUBLE, DECIMAL, DATE, TIMESTAMP -> true;
                default -> false;
            };
            this.rangeKnown = hasRange;
            // as Trino's own Iceberg connector: the engine estimates the size of fixed-width types itself
            this.hasDataSize = switch (type.typeId()) {
                case STRING, BINARY, FIXED -> true;
                default -> false;
            };
            this.dataSizeKnown = hasDataSize;
        }

        void add(int fieldId, DataFile file)
        {
            Long nulls = get(file.nullValueCounts(), fieldId);
            if (nulls == null) {
                nullCountKnown = false;
            }
            else {
                nullCount += nulls;
            }
            if (dataSizeKnown) {
                Long size = get(file.columnSizes(), fieldId);
                if (size == null) {
                    dataSizeKnown = false;
                }
                else {
                    dataSize += size;
                }
            }
            if (!rangeKnown) {
                return;
            }
            ByteBuffer lower = get(file.lowerBounds(), fieldId);
            ByteBuffer upper = get(file.upperBounds(), fieldId);
            Long values = get(file.valueCounts(), fieldId);
            if (lower == null || upper == null) {
                // a file of only nulls has no bounds and does not widen the range
                if (nulls == null || values == null || !nulls.equals(values)) {
                    rangeKnown = false;
                }
                return;
            }
            Object fileMin = Conversions.fromByteBuffer(type, lower);
            Object fileMax = Conversions.fromByteBuffer(type, upper);
            if (min == null || Comparators.<Object>forType(type.asPrimitiveType()).compare(fileMin, min) < 0) {
                min = fileMin;
            }
            if (max == null || Comparators.<Object>forType(type.asPrimitiveType()).compare(fileMax, max) > 0) {
                max = fileMax;
            }
        }

        ColumnStatistics build(Type trinoType, long rowCount, Optional<Long> distinctValueCount)
        {
            ColumnStatistics.Builder statistics = ColumnStatistics.builder();
            if (nullCountKnown && rowCount > 0) {
                // the null count includes deleted rows
                statistics.setNullsFraction(Estimate.of(Math.min(1.0, (double) nullCount / rowCount)));
            }
            else if (rowCount == 0) {
                statistics.setNullsFraction(Estimate.zero());
            }
            if (distinctValueCount.isPresent()) {
                // the count is of the whole table: a filtered scan, or one of only nulls, has at most its non-null rows
                long nonNullRows = nullCountKnown ? Math.max(0, rowCount - nullCount) : rowCount;
                statistics.setDistinctValuesCount(Estimate.of(Math.min(distinctValueCount.get(), nonNullRows)));
            }
            if (hasDataSize && dataSizeKnown) {
                statistics.setDataSize(Estimate.of(dataSize));
            }
            if (hasRange && rangeKnown && min != null && max != null) {
                Optional<DoubleRange> range = DoubleRange.from(trinoType, ValueConverter.toTrinoValue(trinoType, min), ValueConverter.toTrinoValue(trinoType, max));
                statistics.setRange(range);
            }
            return statistics.build();
        }

        private static <T> T get(Map<Integer, T> map, int fieldId)
        {
            return map == null ? null : map.get(fieldId);
        }
    }
}
