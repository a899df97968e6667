package dev.lakehouse.connector.convert;

import com.google.common.collect.ImmutableList;
import io.trino.spi.TrinoException;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.BigintType;
import io.trino.spi.type.BooleanType;
import io.trino.spi.type.DateType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.DoubleType;
import io.trino.spi.type.IntegerType;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RealType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.SmallintType;
import io.trino.spi.type.TimeType;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.TinyintType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;
import io.trino.spi.type.TypeSignature;
import io.trino.spi.type.UuidType;
import io.trino.spi.type.VarbinaryType;
import io.trino.spi.type.VarcharType;
import org.apache.iceberg.types.Types;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_UNSUPPORTED_TYPE;
import static io.trino.spi.type.TimeType.TIME_MICROS;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MICROS;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MICROS;
import static io.trino.spi.type.TypeSignature.mapType;
import static java.util.Objects.requireNonNull;

/**
 * Converts column types between Trino and Iceberg. Iceberg holds fewer types than Trino: the types it
 * cannot hold exactly are coerced by {@link #toSupportedType} before a table is created, as Trino's own
 * Iceberg connector does (tinyint becomes integer, timestamp(3) becomes timestamp(6)). char(n) is not coerced: varchar would
 * compare differently (trailing spaces), so a char column is refused with a clear error instead.
 */
public final class TypeConverter
{
    private TypeConverter() {}

    /**
     * The Trino type that reads a column of the given Iceberg type.
     *
     * @throws TrinoException with {@code LAKEHOUSE_UNSUPPORTED_TYPE} for Iceberg types Trino cannot read here
     */
    public static Type toTrinoType(org.apache.iceberg.types.Type type, TypeManager typeManager)
    {
        requireNonNull(type, "type is null");
        return switch (type.typeId()) {
            case BOOLEAN -> BooleanType.BOOLEAN;
            case INTEGER -> IntegerType.INTEGER;
            case LONG -> BigintType.BIGINT;
            case FLOAT -> RealType.REAL;
            case DOUBLE -> DoubleType.DOUBLE;
            case DATE -> DateType.DATE;
            case TIME -> TIME_MICROS;
            case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC() ? TIMESTAMP_TZ_MICROS : TIMESTAMP_MICROS;
            case STRING -> VarcharType.VARCHAR;
            case UUID -> UuidType.UUID;
            case FIXED, BINARY -> VarbinaryType.VARBINARY;
            case DECIMAL -> {
                Types.DecimalType decimal = (Types.DecimalType) type;
                yield DecimalType.createDecimalType(decimal.precision(), decimal.scale());
            }
            case STRUCT -> {
                List<Types.NestedField> fields = ((Types.StructType) type).fields();
                ImmutableList.Builder<RowType.Field> rowFields = ImmutableList.builderWithExpectedSize(fields.size());
                for (Types.NestedField field : fields) {
                    rowFields.add(RowType.field(field.name(), toTrinoType(field.type(), typeManager)));
                }
                yield RowType.from(rowFields.build());
            }
            case LIST -> new ArrayType(toTrinoType(((Types.ListType) type).elementType(), typeManager));
            case MAP -> {
                Types.MapType map = (Types.MapType) type;
                TypeSignature signature = mapType(
                        toTrinoType(map.keyType(), typeManager).getTypeSignature(),
                        toTrinoType(map.valueType(), typeManager).getTypeSignature());
                yield typeManager.getType(signature);
            }
            case TIMESTAMP_NANO, VARIANT, UNKNOWN, GEOMETRY, GEOGRAPHY ->
                    throw new TrinoException(LAKEHOUSE_UNSUPPORTED_TYPE, "Iceberg type " + type + " is not supported");
        };
    }

    /**
     * The type a column of the given Trino type gets in a new table, when it differs from it:
     * empty when Iceberg holds the type as it is, or when it cannot hold it at all
     * ({@link #toIcebergType} then names the problem).
     */
    public static Optional<Type> toSupportedType(Type type, TypeManager typeManager)
    {
        Type supported = widen(type, typeManager);
        return supported.equals(type) ? Optional.empty() : Optional.of(supported);
    }

    private static Type widen(Type type, TypeManager typeManager)
    {
        if (type instanceof TinyintType || type instanceof SmallintType) {
            return IntegerType.INTEGER;
        }
        if (type instanceof TimeType) {
            return TIME_MICROS;
        }
        if (type instanceof TimestampType) {
            return TIMESTAMP_MICROS;
        }
        if (type instanceof TimestampWithTimeZoneType) {
            return TIMESTAMP_TZ_MICROS;
        }
        if (type instanceof ArrayType array) {
            return new ArrayType(widen(array.getElementType(), typeManager));
        }
        if (type instanceof MapType map) {
            return typeManager.getType(mapType(
                    widen(map.getKeyType(), typeManager).getTypeSignature(),
                    widen(map.getValueType(), typeManager).getTypeSignature()));
        }
        if (type instanceof RowType row) {
            ImmutableList.Builder<RowType.Field> fields = ImmutableList.builder();
            for (RowType.Field field : row.getFields()) {
                fields.add(new RowType.Field(field.getName(), widen(field.getType(), typeManager)));
            }
            return RowType.from(fields.build());
        }
        return type;
    }

    /**
     * The Iceberg type of a new column of the given Trino type. Field ids of nested types are taken
     * from {@code nextFieldId}; Iceberg reassigns fresh ids when the schema becomes a table's.
     *
     * @throws TrinoException with {@code LAKEHOUSE_UNSUPPORTED_TYPE} naming the type when Iceberg cannot hold it
     */
    public static org.apache.iceberg.types.Type toIcebergType(Type type, AtomicInteger nextFieldId)
    {
        requireNonNull(type, "type is null");
        if (type instanceof BooleanType) {
            return Types.BooleanType.get();
        }
        if (type instanceof IntegerType) {
            return Types.IntegerType.get();
        }
        if (type instanceof BigintType) {
            return Types.LongType.get();
        }
        if (type instanceof RealType) {
            return Types.FloatType.get();
        }
        if (type instanceof DoubleType) {
            return Types.DoubleType.get();
        }
        if (type instanceof DecimalType decimal) {
            return Types.DecimalType.of(decimal.getPrecision(), decimal.getScale());
        }
        if (type instanceof DateType) {
            return Types.DateType.get();
        }
        if (type.equals(TIME_MICROS)) {
            return Types.TimeType.get();
        }
        if (type.equals(TIMESTAMP_MICROS)) {
            return Types.TimestampType.withoutZone();
        }
        if (type.equals(TIMESTAMP_TZ_MICROS)) {
            return Types.TimestampType.withZone();
        }
        if (type instanceof VarcharType) {
            // Iceberg strings have no length: varchar(n) is stored as varchar
            return Types.StringType.get();
        }
        if (type instanceof VarbinaryType) {
            return Types.BinaryType.get();
        }
        if (type instanceof UuidType) {
            return Types.UUIDType.get();
        }
        if (type instanceof ArrayType array) {
            int elementId = nextFieldId.getAndIncrement();
            return Types.ListType.ofOptional(elementId, toIcebergType(array.getElementType(), nextFieldId));
        }
        if (type instanceof MapType map) {
            int keyId = nextFieldId.getAndIncrement();
            int valueId = nextFieldId.getAndIncrement();
            return Types.MapType.ofOptional(
                    keyId,
                    valueId,
                    toIcebergType(map.getKeyType(), nextFieldId),
                    toIcebergType(map.getValueType(), nextFieldId));
        }
        if (type instanceof RowType row) {
            ImmutableList.Builder<Types.NestedField> fields = ImmutableList.builder();
            for (RowType.Field field : row.getFields()) {
                String name = field.getName().orElseThrow(() ->
                        new TrinoException(LAKEHOUSE_UNSUPPORTED_TYPE, "Row type field names are required, but type %s has a field without a name".formatted(type)));
                int fieldId = nextFieldId.getAndIncrement();
                fields.add(Types.NestedField.optional(fieldId, name, toIcebergType(field.getType(), nextFieldId)));
            }
            return Types.StructType.of(fields.build());
        }
        throw new TrinoException(LAKEHOUSE_UNSUPPORTED_TYPE, "Type %s is not supported: Iceberg tables cannot hold it".formatted(type));
    }
}
