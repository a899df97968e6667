package dev.lakehouse.connector.writer;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.trino.parquet.metadata.BlockMetadata;
import io.trino.parquet.metadata.ColumnChunkMetadata;
import io.trino.parquet.metadata.ParquetMetadata;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.BinaryUtil;
import org.apache.iceberg.util.UnicodeUtil;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Iceberg's column metrics of a Parquet file Trino wrote, from its footer: sizes, value and null counts,
 * and lower and upper bounds (strings and binary values truncated to 16 bytes, as Iceberg's default metrics
 * mode does). These are what manifest-level file pruning and table statistics work from.
 */
final class ParquetFileMetrics
{
    private static final int TRUNCATE_LENGTH = 16;

    private final Map<Integer, Long> columnSizes = new HashMap<>();
    private final Map<Integer, Long> valueCounts = new HashMap<>();
    private final Map<Integer, Long> nullValueCounts = new HashMap<>();
    private final Map<Integer, Object> lowerBounds = new HashMap<>();
    private final Map<Integer, Object> upperBounds = new HashMap<>();
    private final Set<Integer> withoutBounds = new HashSet<>();
    private final Set<Integer> withoutNullCounts = new HashSet<>();
    private long recordCount;
    private final ImmutableList.Builder<Long> splitOffsets = ImmutableList.builder();

    private ParquetFileMetrics() {}

    static ParquetFileMetrics fromFooter(ParquetMetadata footer, Schema schema)
            throws IOException
    {
        Set<Integer> structOnlyFields = structOnlyFieldIds(schema);
        ParquetFileMetrics metrics = new ParquetFileMetrics();
        for (BlockMetadata block : footer.getBlocks()) {
            metrics.recordCount += block.rowCount();
            metrics.splitOffsets.add(block.getStartingPos());
            for (ColumnChunkMetadata column : block.columns()) {
                PrimitiveType primitiveType = column.getPrimitiveType();
                if (primitiveType.getId() == null) {
                    continue;
                }
                int fieldId = primitiveType.getId().intValue();
                metrics.columnSizes.merge(fieldId, column.getTotalSize(), Long::sum);
                metrics.valueCounts.merge(fieldId, column.getValueCount(), Long::sum);
                if (!structOnlyFields.contains(fieldId)) {
                    // values in lists and maps: counts of their nulls and bounds do not describe rows
                    continue;
                }
                metrics.addStatistics(fieldId, schema.findType(fieldId), column.getStatistics());
            }
        }
        return metrics;
    }

    private void addStatistics(int fieldId, Type type, Statistics<?> statistics)
    {
        if (statistics == null || statistics.isEmpty()) {
            withoutNullCounts.add(fieldId);
            withoutBounds.add(fieldId);
            return;
        }
        if (statistics.isNumNullsSet()) {
            nullValueCounts.merge(fieldId, statistics.getNumNulls(), Long::sum);
        }
        else {
            withoutNullCounts.add(fieldId);
        }
        if (!statistics.hasNonNullValue()) {
            // only nulls in this row group: it does not widen the bounds
            return;
        }
        Object min = toIcebergValue(type, statistics.genericGetMin());
        Object max = toIcebergValue(type, statistics.genericGetMax());
        if (min == null || max == null) {
            withoutBounds.add(fieldId);
            return;
        }
        lowerBounds.merge(fieldId, min, (left, right) -> compare(type, left, right) <= 0 ? left : right);
        upperBounds.merge(fieldId, max, (left, right) -> compare(type, left, right) >= 0 ? left : right);
    }

    /**
     * The Iceberg value of a Parquet statistics value, or null when this type's bounds are not kept.
     */
    private static Object toIcebergValue(Type type, Object value)
    {
        return switch (type.typeId()) {
            case BOOLEAN, INTEGER, LONG, DATE, TIME, TIMESTAMP -> value;
            case FLOAT -> ((Float) value).isNaN() ? null : value;
            case DOUBLE -> ((Double) value).isNaN() ? null : value;
            case STRING -> ((Binary) value).toStringUsingUTF8();
            case BINARY, FIXED -> ByteBuffer.wrap(((Binary) value).getBytes());
            case DECIMAL -> {
                int scale = ((Types.DecimalType) type).scale();
                if (value instanceof Integer integer) {
                    yield BigDecimal.valueOf(integer, scale);
                }
                if (value instanceof Long longValue) {
                    yield BigDecimal.valueOf(longValue, scale);
                }
                yield new BigDecimal(new BigInteger(((Binary) value).getBytes()), scale);
            }
            // Iceberg and Parquet order UUIDs differently in some versions: keep no bounds rather than wrong ones
            case UUID, TIMESTAMP_NANO, GEOMETRY, GEOGRAPHY, STRUCT, LIST, MAP, VARIANT, UNKNOWN -> null;
        };
    }

    private static int compare(Type type, Object left, Object right)
    {
        return Comparators.<Object>forType(type.asPrimitiveType()).compare(left, right);
    }

    long recordCount()
    {
        return recordCount;
    }

    List<Long> splitOffsets()
    {
        return splitOffsets.build();
    }

    Map<Integer, Long> columnSizes()
    {
        return columnSizes;
    }

    Map<Integer, Long> valueCounts()
    {
        return valueCounts;
    }

    Map<Integer, Long> nullValueCounts()
    {
        Map<Integer, Long> counts = new HashMap<>(nullValueCounts);
        withoutNullCounts.forEach(counts::remove);
        return counts;
    }

    Map<Integer, byte[]> lowerBounds(Schema schema)
    {
        return serializedBounds(schema, lowerBounds, true);
    }

    Map<Integer, byte[]> upperBounds(Schema schema)
    {
        return serializedBounds(schema, upperBounds, false);
    }

    private Map<Integer, byte[]> serializedBounds(Schema schema, Map<Integer, Object> bounds, boolean lower)
    {
        Map<Integer, byte[]> serialized = new HashMap<>();
        for (Map.Entry<Integer, Object> entry : bounds.entrySet()) {
            int fieldId = entry.getKey();
            if (withoutBounds.contains(fieldId)) {
                continue;
            }
            Type type = schema.findType(fieldId);
            Object value = truncate(type, entry.getValue(), lower);
            if (value == null) {
                // no upper bound exists within the truncation length (all bytes at their maximum)
                continue;
            }
            ByteBuffer buffer = Conversions.toByteBuffer(type, value);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            serialized.put(fieldId, bytes);
        }
        return serialized;
    }

    private static Object truncate(Type type, Object value, boolean lower)
    {
        return switch (type.typeId()) {
            case STRING -> lower
                    ? UnicodeUtil.truncateStringMin((String) value, TRUNCATE_LENGTH)
                    : UnicodeUtil.truncateStringMax((String) value, TRUNCATE_LENGTH);
            case BINARY -> lower
                    ? BinaryUtil.truncateBinaryMin((ByteBuffer) value, TRUNCATE_LENGTH)
                    : BinaryUtil.truncateBinaryMax((ByteBuffer) value, TRUNCATE_LENGTH);
            default -> value;
        };
    }

    /**
     * Ids of the primitive fields reached through structs only (not inside lists or maps).
     */
    private static Set<Integer> structOnlyFieldIds(Schema schema)
    {
        ImmutableSet.Builder<Integer> ids = ImmutableSet.builder();
        addStructOnlyFields(schema.asStruct(), ids);
        return ids.build();
    }

    private static void addStructOnlyFields(Types.StructType struct, ImmutableSet.Builder<Integer> ids)
    {
        for (Types.NestedField field : struct.fields()) {
            if (field.type().isPrimitiveType()) {
                ids.add(field.fieldId());
            }
            else if (field.type().isStructType()) {
                addStructOnlyFields(field.type().asStructType(), ids);
            }
        }
    }
}
