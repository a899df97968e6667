package dev.lakehouse.connector.convert;

import io.trino.spi.TrinoException;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.CharType.createCharType;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DecimalType.createDecimalType;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TimeType.TIME_MICROS;
import static io.trino.spi.type.TimeType.TIME_MILLIS;
import static io.trino.spi.type.TimeWithTimeZoneType.TIME_TZ_MILLIS;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MICROS;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MILLIS;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MICROS;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.TinyintType.TINYINT;
import static io.trino.spi.type.UuidType.UUID;
import static io.trino.spi.type.VarbinaryType.VARBINARY;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static io.trino.spi.type.VarcharType.createVarcharType;
import static io.trino.type.InternalTypeManager.TESTING_TYPE_MANAGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestTypeConverter
{
    private static final TypeManager TYPE_MANAGER = TESTING_TYPE_MANAGER;

    @Test
    void testEveryIcebergTypeRoundTrips()
    {
        Type map = TYPE_MANAGER.fromSqlType("map(varchar, array(bigint))");
        List<Type> types = List.of(
                BOOLEAN, INTEGER, BIGINT, REAL, DOUBLE, createDecimalType(10, 2), createDecimalType(38, 5), DATE, TIME_MICROS,
                TIMESTAMP_MICROS, TIMESTAMP_TZ_MICROS, VARCHAR, VARBINARY, UUID,
                new ArrayType(INTEGER),
                map,
                RowType.from(List.of(RowType.field("city", VARCHAR), RowType.field("zip", INTEGER))));
        for (Type type : types) {
            org.apache.iceberg.types.Type icebergType = TypeConverter.toIcebergType(type, new AtomicInteger(100));
            assertThat(TypeConverter.toTrinoType(icebergType, TYPE_MANAGER)).as(type.toString()).isEqualTo(type);
            assertThat(TypeConverter.toSupportedType(type, TYPE_MANAGER)).as(type.toString()).isEmpty();
        }
    }

    @Test
    void testTypesIcebergDoesNotHoldAreCoerced()
    {
        assertThat(TypeConverter.toSupportedType(TINYINT, TYPE_MANAGER)).contains(INTEGER);
        assertThat(TypeConverter.toSupportedType(SMALLINT, TYPE_MANAGER)).contains(INTEGER);
        // char(n) compares differently than varchar: refused, not coerced
        assertThat(TypeConverter.toSupportedType(createCharType(3), TYPE_MANAGER)).isEmpty();
        assertThat(TypeConverter.toSupportedType(TIME_MILLIS, TYPE_MANAGER)).contains(TIME_MICROS);
        assertThat(TypeConverter.toSupportedType(TIMESTAMP_MILLIS, TYPE_MANAGER)).contains(TIMESTAMP_MICROS);
        assertThat(TypeConverter.toSupportedType(TIMESTAMP_TZ_MILLIS, TYPE_MANAGER)).contains(TIMESTAMP_TZ_MICROS);
        assertThat(TypeConverter.toSupportedType(new ArrayType(SMALLINT), TYPE_MANAGER)).contains(new ArrayType(INTEGER));
        // bounded varchar is stored as an Iceberg string
        assertThat(TypeConverter.toIcebergType(createVarcharType(10), new AtomicInteger())).isEqualTo(Types.StringType.get());
    }

    @Test
    void testNestedFieldIdsAreUnique()
    {
        Type type = RowType.from(List.of(RowType.field("a", new ArrayType(INTEGER)), RowType.field("b", TYPE_MANAGER.fromSqlType("map(bigint, bigint)"))));
        Types.StructType struct = (Types.StructType) TypeConverter.toIcebergType(type, new AtomicInteger(10));
        assertThat(struct.field("a").fieldId()).isEqualTo(10);
        assertThat(((Types.ListType) struct.field("a").type()).elementId()).isEqualTo(11);
        assertThat(struct.field("b").fieldId()).isEqualTo(12);
    }

    @Test
    void testUnsupportedTypeNamesIt()
    {
        assertThatThrownBy(() -> TypeConverter.toIcebergType(TIME_TZ_MILLIS, new AtomicInteger()))
                .isInstanceOf(TrinoException.class)
                .hasMessage("Type time(3) with time zone is not supported: Iceberg tables cannot hold it");
        assertThatThrownBy(() -> TypeConverter.toIcebergType(createCharType(3), new AtomicInteger()))
                .isInstanceOf(TrinoException.class)
                .hasMessage("Type char(3) is not supported: Iceberg tables cannot hold it");
        assertThatThrownBy(() -> TypeConverter.toTrinoType(Types.TimestampNanoType.withZone(), TYPE_MANAGER))
                .isInstanceOf(TrinoException.class)
                .hasMessage("Iceberg type timestamptz_ns is not supported");
    }
}
