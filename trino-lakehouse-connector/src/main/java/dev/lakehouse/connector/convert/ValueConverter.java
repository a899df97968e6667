package dev.lakehouse.connector.convert;

import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import io.trino.spi.TrinoException;
import io.trino.spi.type.BigintType;
import io.trino.spi.type.BooleanType;
import io.trino.spi.type.DateType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Decimals;
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

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_INTERNAL_ERROR;
import static io.trino.spi.type.LongTimestampWithTimeZone.fromEpochMillisAndFraction;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.Timestamps.MICROSECONDS_PER_MILLISECOND;
import static io.trino.spi.type.Timestamps.PICOSECONDS_PER_MICROSECOND;
import static io.trino.spi.type.UuidType.javaUuidToTrinoUuid;
import static io.trino.spi.type.UuidType.trinoUuidToJavaUuid;
import static java.lang.Float.floatToRawIntBits;
import static java.lang.Float.intBitsToFloat;
import static java.lang.Math.floorDiv;
import static java.lang.Math.floorMod;
import static java.lang.Math.multiplyExact;
import static java.lang.Math.toIntExact;

/**
 * Converts single values between Trino's native representation (what a {@link io.trino.spi.block.Block}
 * or a {@link io.trino.spi.predicate.Domain} holds) and Iceberg's Java representation (what partition
 * data, literals and column bounds hold). For primitive types only: nested values never appear in
 * partitions, bounds or pushed-down predicates.
 */
public final class ValueConverter
{
    private ValueConverter() {}

    /**
     * Whether values of this Trino type can be converted, i.e. the type may appear in predicates and bounds.
     */
    public static boolean isConvertible(Type type)
    {
        return type instanceof BooleanType ||
                type instanceof IntegerType ||
                type instanceof BigintType ||
                type instanceof RealType ||
                type instanceof DoubleType ||
                type instanceof DecimalType ||
                type instanceof DateType ||
                type instanceof TimeType ||
                type instanceof TimestampType ||
                type instanceof TimestampWithTimeZoneType ||
                type instanceof VarcharType ||
                type instanceof VarbinaryType ||
                type instanceof UuidType;
    }

    /**
     * The Iceberg value of a Trino native value of the given type; {@code null} stays {@code null}.
     */
    public static Object toIcebergValue(Type type, Object trinoValue)
    {
        if (trinoValue == null) {
            return null;
        }
        if (type instanceof BooleanType) {
            return trinoValue;
        }
        if (type instanceof IntegerType || type instanceof DateType) {
            return toIntExact((long) trinoValue);
        }
        if (type instanceof BigintType) {
            return trinoValue;
        }
        if (type instanceof RealType) {
            return intBitsToFloat(toIntExact((long) trinoValue));
        }
        if (type instanceof DoubleType) {
            return trinoValue;
        }
        if (type instanceof DecimalType decimal) {
            if (decimal.isShort()) {
                return BigDecimal.valueOf((long) trinoValue, decimal.getScale());
            }
            return new BigDecimal(((Int128) trinoValue).toBigInteger(), decimal.getScale());
        }
        if (type instanceof TimeType) {
            // picoseconds of the day to microseconds
            return ((long) trinoValue) / PICOSECONDS_PER_MICROSECOND;
        }
        if (type instanceof TimestampType) {
            return trinoValue;
        }
        if (type instanceof TimestampWithTimeZoneType) {
            LongTimestampWithTimeZone timestamp = (LongTimestampWithTimeZone) trinoValue;
            return multiplyExact(timestamp.getEpochMillis(), (long) MICROSECONDS_PER_MILLISECOND) + timestamp.getPicosOfMilli() / PICOSECONDS_PER_MICROSECOND;
        }
        if (type instanceof VarcharType) {
            return ((Slice) trinoValue).toStringUtf8();
        }
        if (type instanceof VarbinaryType) {
            return ByteBuffer.wrap(((Slice) trinoValue).getBytes());
        }
        if (type instanceof UuidType) {
            return trinoUuidToJavaUuid((Slice) trinoValue);
        }
        throw new TrinoException(LAKEHOUSE_INTERNAL_ERROR, "Cannot convert a value of type " + type + " to Iceberg");
    }

    /**
     * The Trino native value of an Iceberg value, read as the given Trino type; {@code null} stays {@code null}.
     */
    public static Object toTrinoValue(Type type, Object icebergValue)
    {
        if (icebergValue == null) {
            return null;
        }
        if (type instanceof BooleanType) {
            return icebergValue;
        }
        if (type instanceof IntegerType || type instanceof DateType || type instanceof BigintType) {
            return ((Number) icebergValue).longValue();
        }
        if (type instanceof RealType) {
            return (long) floatToRawIntBits((Float) icebergValue);
        }
        if (type instanceof DoubleType) {
            return ((Number) icebergValue).doubleValue();
        }
        if (type instanceof DecimalType decimal) {
            BigDecimal value = ((BigDecimal) icebergValue).setScale(decimal.getScale());
            BigInteger unscaled = value.unscaledValue();
            if (decimal.isShort()) {
                return unscaled.longValueExact();
            }
            return Decimals.valueOf(unscaled);
        }
        if (type instanceof TimeType) {
            return ((long) icebergValue) * PICOSECONDS_PER_MICROSECOND;
        }
        if (type instanceof TimestampType) {
            return icebergValue;
        }
        if (type instanceof TimestampWithTimeZoneType) {
            long epochMicros = (long) icebergValue;
            return fromEpochMillisAndFraction(
                    floorDiv(epochMicros, MICROSECONDS_PER_MILLISECOND),
                    floorMod(epochMicros, MICROSECONDS_PER_MILLISECOND) * PICOSECONDS_PER_MICROSECOND,
                    UTC_KEY);
        }
        if (type instanceof VarcharType) {
            return Slices.utf8Slice(icebergValue.toString());
        }
        if (type instanceof VarbinaryType) {
            if (icebergValue instanceof byte[] bytes) {
                return Slices.wrappedBuffer(bytes);
            }
            ByteBuffer buffer = ((ByteBuffer) icebergValue).duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return Slices.wrappedBuffer(bytes);
        }
        if (type instanceof UuidType) {
            return javaUuidToTrinoUuid((UUID) icebergValue);
        }
        throw new TrinoException(LAKEHOUSE_INTERNAL_ERROR, "Cannot convert an Iceberg value to type " + type);
    }

    /**
     * Whether the Iceberg type stores values that {@link #toTrinoValue} reads exactly as the Trino type
     * of the same column (fixed(n) is read as varbinary, for example, and is convertible too).
     */
    public static boolean hasComparableBounds(org.apache.iceberg.types.Type type)
    {
        return switch (type.typeId()) {
            case BOOLEAN, INTEGER, LONG, FLOAT, DOUBLE, DECIMAL, DATE, TIME, TIMESTAMP, STRING, UUID, BINARY, FIXED -> true;
            case TIMESTAMP_NANO, GEOMETRY, GEOGRAPHY, STRUCT, LIST, MAP, VARIANT, UNKNOWN -> false;
        };
    }
}
