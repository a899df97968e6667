package dev.lakehouse.connector.system;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.connector.convert.TypeConverter;
import dev.lakehouse.connector.convert.ValueConverter;
import io.airlift.slice.Slices;
import io.trino.spi.block.ArrayBlockBuilder;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.MapBlockBuilder;
import io.trino.spi.block.RowBlockBuilder;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.transforms.Transform;
import org.apache.iceberg.transforms.Transforms;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.TypeSignature.mapType;
import static io.trino.spi.type.TypeUtils.writeNativeValue;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * Writes the values of an Iceberg metadata table (Java objects as iceberg-core returns them: numbers,
 * strings, buffers, lists, maps and {@link StructLike} rows) into Trino blocks of the matching Trino type.
 * Column bounds ({@code lower_bounds}, {@code upper_bounds}: maps from field id to the serialized value)
 * are written as readable strings of the column's type, as Trino's Iceberg connector shows them.
 */
abstract sealed class MetadataValueWriter
{
    private static final List<String> BOUNDS_FIELDS = ImmutableList.of("lower_bounds", "upper_bounds");

    private final Type type;

    private MetadataValueWriter(Type type)
    {
        this.type = requireNonNull(type, "type is null");
    }

    public Type type()
    {
        return type;
    }

    /**
     * The writer for a field of a metadata table; {@code tableFields} resolves the field ids of bounds.
     */
    public static MetadataValueWriter of(Types.NestedField field, Map<Integer, Types.NestedField> tableFields, TypeManager typeManager)
    {
        if (BOUNDS_FIELDS.contains(field.name()) && field.type() instanceof Types.MapType map && map.valueType().typeId() == org.apache.iceberg.types.Type.TypeID.BINARY) {
            return new BoundsWriter((MapType) typeManager.getType(mapType(INTEGER.getTypeSignature(), VARCHAR.getTypeSignature())), tableFields);
        }
        return of(field.type(), tableFields, typeManager);
    }

    private static MetadataValueWriter of(org.apache.iceberg.types.Type icebergType, Map<Integer, Types.NestedField> tableFields, TypeManager typeManager)
    {
        return switch (icebergType) {
            case Types.StructType struct -> {
                ImmutableList.Builder<MetadataValueWriter> fields = ImmutableList.builder();
                ImmutableList.Builder<RowType.Field> rowFields = ImmutableList.builder();
                for (Types.NestedField field : struct.fields()) {
                    MetadataValueWriter writer = of(field, tableFields, typeManager);
                    fields.add(writer);
                    rowFields.add(RowType.field(field.name(), writer.type()));
                }
                yield new StructWriter(RowType.from(rowFields.build()), fields.build());
            }
            case Types.ListType list -> {
                MetadataValueWriter element = of(list.elementType(), tableFields, typeManager);
                yield new ListWriter(new ArrayType(element.type()), element);
            }
            case Types.MapType map -> {
                MetadataValueWriter key = of(map.keyType(), tableFields, typeManager);
                MetadataValueWriter value = of(map.valueType(), tableFields, typeManager);
                MapType mapType = (MapType) typeManager.getType(mapType(key.type().getTypeSignature(), value.type().getTypeSignature()));
                yield new MapWriter(mapType, key, value);
            }
            default -> new PrimitiveWriter(TypeConverter.toTrinoType(icebergType, typeManager));
        };
    }

    /**
     * The fields of all the table's schemas by id, those of the current schema taking precedence, so
     * bounds of dropped columns still have a type.
     */
    public static Map<Integer, Types.NestedField> tableFields(Schema current, Collection<Schema> schemas)
    {
        Map<Integer, Types.NestedField> fields = new HashMap<>();
        for (Schema schema : schemas) {
            for (Types.NestedField field : schema.columns()) {
                collectFields(field, fields);
            }
        }
        for (Types.NestedField field : current.columns()) {
            collectFields(field, fields);
        }
        return ImmutableMap.copyOf(fields);
    }

    private static void collectFields(Types.NestedField field, Map<Integer, Types.NestedField> fields)
    {
        fields.put(field.fieldId(), field);
        if (field.type().isNestedType()) {
            for (Types.NestedField child : field.type().asNestedType().fields()) {
                collectFields(child, fields);
            }
        }
    }

    public final void write(BlockBuilder builder, Object value)
    {
        if (value == null) {
            builder.appendNull();
            return;
        }
        writeValue(builder, value);
    }

    abstract void writeValue(BlockBuilder builder, Object value);

    private static final class PrimitiveWriter
            extends MetadataValueWriter
    {
        PrimitiveWriter(Type type)
        {
            super(type);
        }

        @Override
        void writeValue(BlockBuilder builder, Object value)
        {
            writeNativeValue(type(), builder, ValueConverter.toTrinoValue(type(), value));
        }
    }

    private static final class StructWriter
            extends MetadataValueWriter
    {
        private final List<MetadataValueWriter> fields;

        StructWriter(RowType type, List<MetadataValueWriter> fields)
        {
            super(type);
            this.fields = ImmutableList.copyOf(fields);
        }

        @Override
        void writeValue(BlockBuilder builder, Object value)
        {
            StructLike struct = (StructLike) value;
            ((RowBlockBuilder) builder).buildEntry(fieldBuilders -> {
                for (int field = 0; field < fields.size(); field++) {
                    fields.get(field).write(fieldBuilders.get(field), struct.get(field, Object.class));
                }
            });
        }
    }

    private static final class ListWriter
            extends MetadataValueWriter
    {
        private final MetadataValueWriter element;

        ListWriter(ArrayType type, MetadataValueWriter element)
        {
            super(type);
            this.element = requireNonNull(element, "element is null");
        }

        @Override
        void writeValue(BlockBuilder builder, Object value)
        {
            ((ArrayBlockBuilder) builder).buildEntry(elementBuilder -> {
                for (Object item : (Collection<?>) value) {
                    element.write(elementBuilder, item);
                }
            });
        }
    }

    private static final class MapWriter
            extends MetadataValueWriter
    {
        private final MetadataValueWriter key;
        private final MetadataValueWriter value;

        MapWriter(MapType type, MetadataValueWriter key, MetadataValueWriter value)
        {
            super(type);
            this.key = requireNonNull(key, "key is null");
            this.value = requireNonNull(value, "value is null");
        }

        @Override
        void writeValue(BlockBuilder builder, Object map)
        {
            ((MapBlockBuilder) builder).buildEntry((keyBuilder, valueBuilder) -> {
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) map).entrySet()) {
                    key.write(keyBuilder, entry.getKey());
                    value.write(valueBuilder, entry.getValue());
                }
            });
        }
    }

    private static final class BoundsWriter
            extends MetadataValueWriter
    {
        private final Map<Integer, Types.NestedField> tableFields;

        BoundsWriter(MapType type, Map<Integer, Types.NestedField> tableFields)
        {
            super(type);
            this.tableFields = requireNonNull(tableFields, "tableFields is null");
        }

        @Override
        void writeValue(BlockBuilder builder, Object map)
        {
            ((MapBlockBuilder) builder).buildEntry((keyBuilder, valueBuilder) -> {
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) map).entrySet()) {
                    int fieldId = (Integer) entry.getKey();
                    INTEGER.writeLong(keyBuilder, fieldId);
                    VARCHAR.writeSlice(valueBuilder, Slices.utf8Slice(readableBound(tableFields.get(fieldId), (ByteBuffer) entry.getValue())));
                }
            });
        }
    }

    /**
     * A serialized bound as Iceberg prints values of the field's type ({@code 2020-01-01}, {@code 400000.00});
     * in hexadecimal when the field is not known.
     */
    static String readableBound(Types.NestedField field, ByteBuffer bound)
    {
        if (field == null || !field.type().isPrimitiveType()) {
            ByteBuffer copy = bound.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return HexFormat.of().formatHex(bytes);
        }
        Transform<Object, Object> identity = Transforms.identity();
        return identity.toHumanString(field.type(), Conversions.fromByteBuffer(field.type(), bound.duplicate()));
    }
}
