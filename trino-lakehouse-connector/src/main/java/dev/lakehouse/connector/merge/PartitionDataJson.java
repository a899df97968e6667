package dev.lakehouse.connector.merge;

import dev.lakehouse.connector.writer.PartitionValues;
import io.airlift.json.JsonCodec;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A data file's partition as text, to travel in the row ids of changed rows to the writers of delete files
 * and back to the coordinator: a JSON array holding each partition value in Iceberg's single-value binary
 * form, base64 encoded, or null.
 */
public final class PartitionDataJson
{
    private static final JsonCodec<List<String>> CODEC = JsonCodec.listJsonCodec(String.class);

    private PartitionDataJson() {}

    public static String toJson(PartitionSpec spec, StructLike partition)
    {
        List<Types.NestedField> fields = spec.partitionType().fields();
        List<String> values = new ArrayList<>(fields.size());
        for (int index = 0; index < fields.size(); index++) {
            Type type = fields.get(index).type();
            Object value = partition.get(index, type.typeId().javaClass());
            values.add(value == null ? null : Base64.getEncoder().encodeToString(toBytes(Conversions.toByteBuffer(type, value))));
        }
        return CODEC.toJson(values);
    }

    public static PartitionValues fromJson(PartitionSpec spec, String json)
    {
        List<String> values = CODEC.fromJson(json);
        List<Types.NestedField> fields = spec.partitionType().fields();
        if (values.size() != fields.size()) {
            throw new IllegalArgumentException("Partition data %s has %s values, but partition spec %s has %s fields".formatted(json, values.size(), spec.specId(), fields.size()));
        }
        Object[] partition = new Object[fields.size()];
        for (int index = 0; index < fields.size(); index++) {
            String value = values.get(index);
            Object converted = value == null ? null : Conversions.fromByteBuffer(fields.get(index).type(), ByteBuffer.wrap(Base64.getDecoder().decode(value)));
            // strings come back as character buffers, which manifest writers do not take
            partition[index] = converted instanceof CharSequence chars ? chars.toString() : converted;
        }
        return new PartitionValues(partition);
    }

    private static byte[] toBytes(ByteBuffer buffer)
    {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
