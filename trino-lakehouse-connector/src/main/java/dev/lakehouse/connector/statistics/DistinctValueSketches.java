package dev.lakehouse.connector.statistics;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.connector.convert.ValueConverter;
import io.airlift.slice.Slice;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.type.BigintType;
import io.trino.spi.type.DateType;
import io.trino.spi.type.DoubleType;
import io.trino.spi.type.IntegerType;
import io.trino.spi.type.RealType;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarbinaryType;
import io.trino.spi.type.VarcharType;
import org.apache.datasketches.theta.UpdateSketch;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.TypeUtils.readNativeValue;
import static java.util.Objects.requireNonNull;

/**
 * Theta sketches of the values a writer writes, one per top-level primitive column, as Iceberg defines the
 * {@code apache-datasketches-theta-v1} blob: each non-null value is added in Iceberg's single-value binary
 * form, so sketches from this connector, Trino's Iceberg connector and Spark union into one count.
 */
public final class DistinctValueSketches
{
    private final List<ColumnSketch> columns;

    /**
     * @param fields the Iceberg fields of the page's channels, in channel order
     * @param types the Trino types of the page's channels
     */
    public DistinctValueSketches(List<Types.NestedField> fields, List<Type> types)
    {
        requireNonNull(fields, "fields is null");
        requireNonNull(types, "types is null");
        List<ColumnSketch> columns = new ArrayList<>();
        for (int channel = 0; channel < fields.size(); channel++) {
            Types.NestedField field = fields.get(channel);
            if (field.type().isPrimitiveType() && ValueConverter.isConvertible(types.get(channel))) {
                columns.add(new ColumnSketch(channel, field.fieldId(), field.type(), types.get(channel)));
            }
        }
        this.columns = List.copyOf(columns);
    }

    public void add(Page page)
    {
        for (ColumnSketch column : columns) {
            column.add(page.getBlock(column.channel));
        }
    }

    /**
     * Bytes the sketches hold.
     */
    public long retainedBytes()
    {
        long bytes = 0;
        for (ColumnSketch column : columns) {
            bytes += column.sketch.getCurrentBytes();
        }
        return bytes;
    }

    /**
     * The serialized compact sketch of each column, by field id.
     */
    public Map<Integer, byte[]> serialize()
    {
        ImmutableMap.Builder<Integer, byte[]> sketches = ImmutableMap.builderWithExpectedSize(columns.size());
        for (ColumnSketch column : columns) {
            sketches.put(column.fieldId, column.sketch.compact().toByteArray());
        }
        return sketches.buildOrThrow();
    }

    private static final class ColumnSketch
    {
        private final int channel;
        private final int fieldId;
        private final org.apache.iceberg.types.Type icebergType;
        private final Type type;
        private final UpdateSketch sketch = UpdateSketch.builder().build();
        // the single-value form of fixed-width values, little-endian as Iceberg writes them
        private final byte[] scratch4 = new byte[4];
        private final byte[] scratch8 = new byte[8];

        private ColumnSketch(int channel, int fieldId, org.apache.iceberg.types.Type icebergType, Type type)
        {
            this.channel = channel;
            this.fieldId = fieldId;
            this.icebergType = icebergType;
            this.type = type;
        }

        void add(Block block)
        {
            int positions = block.getPositionCount();
            if (type instanceof BigintType) {
                for (int position = 0; position < positions; position++) {
                    if (!block.isNull(position)) {
                        addLong(BIGINT.getLong(block, position));
                    }
                }
            }
            else if (type instanceof IntegerType) {
                for (int position = 0; position < positions; position++) {
                    if (!block.isNull(position)) {
                        addInt(INTEGER.getInt(block, position));
                    }
                }
            }
            else if (type instanceof DateType) {
                for (int position = 0; position < positions; position++) {
                    if (!block.isNull(position)) {
                        addInt(DATE.getInt(block, position));
                    }
                }
            }
            else if (type instanceof DoubleType) {
                for (int position = 0; position < positions; position++) {
                    if (!block.isNull(position)) {
                        addLong(Double.doubleToLongBits(DOUBLE.getDouble(block, position)));
                    }
                }
            }
            else if (type instanceof RealType) {
                for (int position = 0; position < positions; position++) {
                    if (!block.isNull(position)) {
                        addInt(Float.floatToIntBits(REAL.getFloat(block, position)));
                    }
                }
            }
            else if (type instanceof VarcharType || type instanceof VarbinaryType) {
                for (int position = 0; position < positions; position++) {
                    if (!block.isNull(position)) {
                        Slice slice = type.getSlice(block, position);
                        sketch.update(slice.toByteBuffer());
                    }
                }
            }
            else {
                for (int position = 0; position < positions; position++) {
                    if (!block.isNull(position)) {
                        Object value = ValueConverter.toIcebergValue(type, readNativeValue(type, block, position));
                        sketch.update(Conversions.toByteBuffer(icebergType, value));
                    }
                }
            }
        }

        private void addInt(int value)
        {
            scratch4[0] = (byte) value;
            scratch4[1] = (byte) (value >>> 8);
            scratch4[2] = (byte) (value >>> 16);
            scratch4[3] = (byte) (value >>> 24);
            sketch.update(scratch4);
        }

        private void addLong(long value)
        {
            for (int i = 0; i < 8; i++) {
                scratch8[i] = (byte) (value >>> (8 * i));
            }
            sketch.update(scratch8);
        }
    }
}
