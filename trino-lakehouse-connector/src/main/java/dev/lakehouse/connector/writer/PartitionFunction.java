package dev.lakehouse.connector.writer;

import dev.lakehouse.connector.LakehouseColumnHandle;
import dev.lakehouse.connector.convert.ValueConverter;
import io.trino.spi.Page;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.type.Type;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.util.SerializableFunction;

import java.util.List;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_UNSUPPORTED_TABLE_FEATURE;
import static io.trino.spi.type.TypeUtils.readNativeValue;

/**
 * Computes the partition of each row written, by applying the spec's transforms (month, bucket, ...) to
 * the rows' source column values.
 */
final class PartitionFunction
{
    private final int[] sourceChannels;
    private final Type[] sourceTypes;
    private final SerializableFunction<Object, Object>[] transforms;

    @SuppressWarnings("unchecked")
    PartitionFunction(PartitionSpec spec, Schema schema, List<LakehouseColumnHandle> inputColumns, String tableName)
    {
        List<PartitionField> fields = spec.fields();
        sourceChannels = new int[fields.size()];
        sourceTypes = new Type[fields.size()];
        transforms = new SerializableFunction[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            PartitionField field = fields.get(i);
            int channel = channelOf(inputColumns, field.sourceId());
            if (channel < 0) {
                throw new TrinoException(LAKEHOUSE_UNSUPPORTED_TABLE_FEATURE, "Table '%s' is partitioned on the nested field %s: writing to it is not supported"
                        .formatted(tableName, schema.findColumnName(field.sourceId())));
            }
            sourceChannels[i] = channel;
            sourceTypes[i] = inputColumns.get(channel).type();
            transforms[i] = ((org.apache.iceberg.transforms.Transform<Object, Object>) field.transform()).bind(schema.findType(field.sourceId()));
        }
    }

    boolean isUnpartitioned()
    {
        return sourceChannels.length == 0;
    }

    PartitionValues partition(Page page, int position)
    {
        if (sourceChannels.length == 0) {
            return PartitionValues.UNPARTITIONED;
        }
        Object[] values = new Object[sourceChannels.length];
        for (int i = 0; i < sourceChannels.length; i++) {
            Block block = page.getBlock(sourceChannels[i]);
            Object value = ValueConverter.toIcebergValue(sourceTypes[i], readNativeValue(sourceTypes[i], block, position));
            values[i] = transforms[i].apply(value);
        }
        return new PartitionValues(values);
    }

    private static int channelOf(List<LakehouseColumnHandle> columns, int fieldId)
    {
        for (int channel = 0; channel < columns.size(); channel++) {
            if (columns.get(channel).baseFieldId() == fieldId) {
                return channel;
            }
        }
        return -1;
    }
}
