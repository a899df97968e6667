package dev.lakehouse.connector.bloom;

import dev.lakehouse.connector.convert.ValueConverter;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import io.airlift.slice.XxHash64;
import io.trino.spi.block.Block;
import io.trino.spi.type.BigintType;
import io.trino.spi.type.DateType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.DoubleType;
import io.trino.spi.type.Int128;
import io.trino.spi.type.IntegerType;
import io.trino.spi.type.LongTimestampWithTimeZone;
import io.trino.spi.type.RealType;
import io.trino.spi.type.TimeType;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.Type;
import io.trino.spi.type.UuidType;
import io.trino.spi.type.VarbinaryType;
import io.trino.spi.type.VarcharType;
import org.apache.iceberg.types.Conversions;

import java.nio.ByteBuffer;
import java.util.Optional;

import static io.trino.spi.type.Timestamps.MICROSECONDS_PER_MILLISECOND;
import static io.trino.spi.type.Timestamps.PICOSECONDS_PER_MICROSECOND;
import static java.lang.Float.floatToRawIntBits;
import static java.lang.Float.intBitsToFloat;

/**
 * The 64-bit hashes the bloom index holds: XXH64 (seed 0) of a value's Iceberg single-value binary
 * serialization (little-endian int, long, float and double; epoch days, microseconds of the day or of
 * the epoch; UTF-8 strings; binary as is; UUIDs as 16 big-endian bytes; decimals as the unscaled value's
 * minimal big-endian two's complement). For the types whose Parquet plain encoding is the same bytes
 * (int, long, float, double, date), the hash equals the one Parquet bloom filters use.
 */
public final class BloomValueHashes
{
    private BloomValueHashes() {}

    /**
     * Hashes the values of one column's blocks, position by position. Not thread-safe: it reuses a buffer.
     */
    public interface PositionHasher
    {
        /**
         * The hash of the non-null value at the position.
         */
        long hash(Block block, int position);
    }

    /**
     * The hasher for a column of the Trino type, or empty when the type has no bloom filter.
     */
    public static Optional<PositionHasher> positionHasher(Type type)
    {
        if (type instanceof BigintType || type instanceof TimestampType) {
            // short timestamp(6): microseconds of the epoch
            return Optional.of((block, position) -> XxHash64.hash(type.getLong(block, position)));
        }
        if (type instanceof IntegerType || type instanceof DateType) {
            Slice buffer = Slices.allocate(Integer.BYTES);
            return Optional.of((block, position) -> {
                buffer.setInt(0, (int) type.getLong(block, position));
                return XxHash64.hash(buffer);
            });
        }
        if (type instanceof RealType) {
            Slice buffer = Slices.allocate(Float.BYTES);
            return Optional.of((block, position) -> {
                buffer.setInt(0, (int) type.getLong(block, position));
                return XxHash64.hash(buffer);
            });
        }
        if (type instanceof DoubleType) {
            return Optional.of((block, position) -> XxHash64.hash(Double.doubleToRawLongBits(type.getDouble(block, position))));
        }
        if (type instanceof TimeType) {
            // picoseconds of the day to Iceberg's microseconds
            return Optional.of((block, position) -> XxHash64.hash(type.getLong(block, position) / PICOSECONDS_PER_MICROSECOND));
        }
        if (type instanceof TimestampWithTimeZoneType) {
            return Optional.of((block, position) -> XxHash64.hash(epochMicros((LongTimestampWithTimeZone) type.getObject(block, position))));
        }
        if (type instanceof VarcharType || type instanceof VarbinaryType || type instanceof UuidType) {
            // Trino's UUID slice holds the 16 big-endian bytes Iceberg serializes
            return Optional.of((block, position) -> XxHash64.hash(type.getSlice(block, position)));
        }
        if (type instanceof DecimalType decimal) {
            if (decimal.isShort()) {
                Slice buffer = Slices.allocate(Long.BYTES);
                return Optional.of((block, position) -> hashUnscaled(buffer, type.getLong(block, position)));
            }
            return Optional.of((block, position) -> XxHash64.hash(Slices.wrappedBuffer(((Int128) type.getObject(block, position)).toBigInteger().toByteArray())));
        }
        return Optional.empty();
    }

    /**
     * The hashes a value of a predicate is looked up with: one for most values, two for a floating-point
     * zero (0 and -0 are equal in SQL but not in their bits), none when the value cannot be looked up
     * (NaN, which equals nothing but which the index is not asked about).
     *
     * @param value a Trino native value of the type, as in a {@link io.trino.spi.predicate.Domain}
     */
    public static long[] lookupHashes(Type type, org.apache.iceberg.types.Type icebergType, Object value)
    {
        if (type instanceof RealType) {
            float floatValue = intBitsToFloat((int) (long) value);
            if (Float.isNaN(floatValue)) {
                return new long[0];
            }
            if (floatValue == 0) {
                return new long[] {hashInt(floatToRawIntBits(0.0f)), hashInt(floatToRawIntBits(-0.0f))};
            }
            return new long[] {hashInt(floatToRawIntBits(floatValue))};
        }
        if (type instanceof DoubleType) {
            double doubleValue = (double) value;
            if (Double.isNaN(doubleValue)) {
                return new long[0];
            }
            if (doubleValue == 0) {
                return new long[] {XxHash64.hash(Double.doubleToRawLongBits(0.0)), XxHash64.hash(Double.doubleToRawLongBits(-0.0))};
            }
            return new long[] {XxHash64.hash(Double.doubleToRawLongBits(doubleValue))};
        }
        if (type instanceof VarcharType || type instanceof VarbinaryType) {
            return new long[] {XxHash64.hash((Slice) value)};
        }
        ByteBuffer bytes = Conversions.toByteBuffer(icebergType, ValueConverter.toIcebergValue(type, value));
        return new long[] {XxHash64.hash(Slices.wrappedHeapBuffer(bytes))};
    }

    /**
     * The hashes a value of a predicate on a column whose type was widened since some files were written is
     * also looked up with: those of the value in the narrower type, which the filters of those files hold.
     * None when the value cannot be held by the narrower type (those files cannot contain it), or when the
     * types hash alike (decimals of a wider precision: their unscaled value is the same).
     *
     * @param type the column's Trino type now
     * @param narrowerType the Iceberg type the column had when the older files were written
     */
    public static long[] lookupHashesInNarrowerType(Type type, org.apache.iceberg.types.Type narrowerType, Object value)
    {
        if (type instanceof BigintType && narrowerType.typeId() == org.apache.iceberg.types.Type.TypeID.INTEGER) {
            long longValue = (long) value;
            return longValue == (int) longValue ? new long[] {hashInt((int) longValue)} : new long[0];
        }
        if (type instanceof DoubleType && narrowerType.typeId() == org.apache.iceberg.types.Type.TypeID.FLOAT) {
            double doubleValue = (double) value;
            float floatValue = (float) doubleValue;
            if (Double.isNaN(doubleValue) || floatValue != doubleValue) {
                return new long[0];
            }
            return lookupHashes(RealType.REAL, narrowerType, (long) floatToRawIntBits(floatValue));
        }
        return new long[0];
    }

    private static long hashInt(int value)
    {
        Slice buffer = Slices.allocate(Integer.BYTES);
        buffer.setInt(0, value);
        return XxHash64.hash(buffer);
    }

    private static long hashUnscaled(Slice buffer, long unscaled)
    {
        // the minimal big-endian two's complement, as BigInteger.toByteArray() gives it
        int bitLength = Long.SIZE - Long.numberOfLeadingZeros(unscaled ^ (unscaled >> (Long.SIZE - 1)));
        int length = bitLength / Byte.SIZE + 1;
        for (int i = 0; i < length; i++) {
            buffer.setByte(i, (int) (unscaled >> (Byte.SIZE * (length - 1 - i))));
        }
        return XxHash64.hash(buffer, 0, length);
    }

    private static long epochMicros(LongTimestampWithTimeZone timestamp)
    {
        return timestamp.getEpochMillis() * MICROSECONDS_PER_MILLISECOND + timestamp.getPicosOfMilli() / PICOSECONDS_PER_MICROSECOND;
    }
}
