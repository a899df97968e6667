package dev.lakehouse.connector.bloom;

import dev.lakehouse.connector.convert.TypeConverter;
import io.airlift.slice.Slices;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Int128;
import io.trino.spi.type.LongTimestampWithTimeZone;
import io.trino.spi.type.Type;
import io.trino.spi.type.UuidType;
import org.apache.iceberg.types.Conversions;
import org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.TimeType.TIME_MICROS;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MICROS;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MICROS;
import static io.trino.spi.type.TypeUtils.writeNativeValue;
import static io.trino.spi.type.UuidType.javaUuidToTrinoUuid;
import static io.trino.spi.type.VarbinaryType.VARBINARY;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What writers put into the index and what planning looks up must be the same hash for the same value, for
 * every type; and the hash is the documented one: XXH64 of the value's Iceberg single-value serialization,
 * which for int, long, float, double and binary is also what Parquet bloom filters hash.
 */
final class TestBloomValueHashes
{
    private static final BlockSplitBloomFilter PARQUET = new BlockSplitBloomFilter(32);

    @Test
    void testWrittenHashesAreTheLookedUpHashes()
    {
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            long value = random.nextLong() >> random.nextInt(64);
            int intValue = (int) value;
            assertSameHash(INTEGER, (long) intValue);
            assertSameHash(DATE, (long) intValue);
            assertSameHash(BIGINT, value);
            assertSameHash(TIMESTAMP_MICROS, value);
            assertSameHash(TIME_MICROS, Math.floorMod(value, 86_400_000_000L) * 1_000_000);
            assertSameHash(REAL, (long) Float.floatToRawIntBits(Float.intBitsToFloat(intValue)));
            assertSameHash(DOUBLE, Double.longBitsToDouble(value));
            assertSameHash(DecimalType.createDecimalType(18, 4), value % 1_000_000_000_000_000_000L);
            assertSameHash(DecimalType.createDecimalType(9, 0), (long) (intValue % 1_000_000_000));
            assertSameHash(DecimalType.createDecimalType(38, 10), Int128.valueOf(value, random.nextLong() >>> 3));
            assertSameHash(VARCHAR, Slices.utf8Slice("value " + value + "ü".repeat(random.nextInt(100))));
            assertSameHash(VARBINARY, Slices.wrappedBuffer(BigInteger.valueOf(value).toByteArray()));
            assertSameHash(UuidType.UUID, javaUuidToTrinoUuid(new UUID(value, random.nextLong())));
            assertSameHash(TIMESTAMP_TZ_MICROS, LongTimestampWithTimeZone.fromEpochMillisAndFraction(value >> 12, random.nextInt(1000) * 1_000_000, UTC_KEY));
        }
    }

    @Test
    void testHashesAreXxHash64OfIcebergSingleValueSerialization()
    {
        // the bytes Iceberg serializes; for these types the same bytes Parquet's plain encoding hashes
        assertThat(lookup(BIGINT, 1234567890123L)).isEqualTo(PARQUET.hash(1234567890123L));
        assertThat(lookup(INTEGER, -17L)).isEqualTo(PARQUET.hash(-17));
        assertThat(lookup(DATE, 19_000L)).isEqualTo(PARQUET.hash(19_000));
        assertThat(lookup(DOUBLE, 2.5)).isEqualTo(PARQUET.hash(2.5));
        assertThat(lookup(REAL, (long) Float.floatToRawIntBits(-3.25f))).isEqualTo(PARQUET.hash(-3.25f));
        assertThat(lookup(VARCHAR, Slices.utf8Slice("needle"))).isEqualTo(PARQUET.hash(Binary.fromString("needle")));
        // decimals: the unscaled value's minimal big-endian two's complement; UUIDs: 16 big-endian bytes
        for (long unscaled : List.of(0L, 1L, -1L, 127L, 128L, -128L, -129L, 32767L, 32768L, Long.MAX_VALUE / 7, Long.MIN_VALUE / 3)) {
            BigDecimal decimal = BigDecimal.valueOf(unscaled, 2);
            ByteBuffer bytes = Conversions.toByteBuffer(org.apache.iceberg.types.Types.DecimalType.of(18, 2), decimal);
            assertThat(written(DecimalType.createDecimalType(18, 2), unscaled)).isEqualTo(PARQUET.hash(Binary.fromConstantByteBuffer(bytes)));
        }
        UUID uuid = UUID.fromString("f79c3e09-677c-4bbd-a479-3f349cb785e7");
        ByteBuffer uuidBytes = Conversions.toByteBuffer(org.apache.iceberg.types.Types.UUIDType.get(), uuid);
        assertThat(written(UuidType.UUID, javaUuidToTrinoUuid(uuid))).isEqualTo(PARQUET.hash(Binary.fromConstantByteBuffer(uuidBytes)));
    }

    @Test
    void testZeroOfEitherSignAndNaN()
    {
        long[] positive = BloomValueHashes.lookupHashes(DOUBLE, icebergType(DOUBLE), 0.0);
        long[] negative = BloomValueHashes.lookupHashes(DOUBLE, icebergType(DOUBLE), -0.0);
        assertThat(positive).containsExactlyInAnyOrder(written(DOUBLE, 0.0), written(DOUBLE, -0.0));
        assertThat(negative).containsExactlyInAnyOrder(positive);
        assertThat(BloomValueHashes.lookupHashes(REAL, icebergType(REAL), (long) Float.floatToRawIntBits(-0.0f)))
                .containsExactlyInAnyOrder(written(REAL, (long) Float.floatToRawIntBits(0.0f)), written(REAL, (long) Float.floatToRawIntBits(-0.0f)));
        assertThat(BloomValueHashes.lookupHashes(DOUBLE, icebergType(DOUBLE), Double.NaN)).isEmpty();
        assertThat(BloomValueHashes.lookupHashes(REAL, icebergType(REAL), (long) Float.floatToRawIntBits(Float.NaN))).isEmpty();
    }

    private static void assertSameHash(Type type, Object value)
    {
        long written = written(type, value);
        if (type == DOUBLE && ((double) value == 0 || Double.isNaN((double) value))) {
            return;
        }
        if (type == REAL && (Float.intBitsToFloat((int) (long) value) == 0 || Float.isNaN(Float.intBitsToFloat((int) (long) value)))) {
            return;
        }
        assertThat(BloomValueHashes.lookupHashes(type, icebergType(type), value)).as("%s %s", type, value).containsExactly(written);
    }

    private static long lookup(Type type, Object value)
    {
        long[] hashes = BloomValueHashes.lookupHashes(type, icebergType(type), value);
        assertThat(hashes).hasSize(1);
        return hashes[0];
    }

    private static long written(Type type, Object value)
    {
        BlockBuilder builder = type.createBlockBuilder(null, 1);
        writeNativeValue(type, builder, value);
        Block block = builder.build();
        return BloomValueHashes.positionHasher(type).orElseThrow().hash(block, 0);
    }

    private static org.apache.iceberg.types.Type icebergType(Type type)
    {
        return TypeConverter.toIcebergType(type, new AtomicInteger(1));
    }
}
