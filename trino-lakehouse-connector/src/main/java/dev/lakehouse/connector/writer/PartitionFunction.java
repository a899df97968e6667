package dev.lakehouse.connector.writer;

import dev.lakehouse.connector.LakehouseColumnHandle;
import dev.lakehouse.connector.convert.ValueConverter;
import io.trino.spi.Page;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.block.DictionaryBlock;
import io.trino.spi.block.RunLengthEncodedBlock;
import io.trino.spi.type.Type;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.util.SerializableFunction;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_UNSUPPORTED_TABLE_FEATURE;
import static io.trino.spi.type.TypeUtils.readNativeValue;

/**
 * Computes the partition of each row written, by applying the spec's transforms (month, bucket, ...) to
 * the rows' source column values, a block at a time.
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

    /**
     * Assigns each row of the page to its partition, column by column: each partition field's transform
     * is applied to its source block in one pass (once per distinct value for dictionary and run-length
     * blocks), then rows are grouped.
     *
     * @param partitions receives the page's distinct partitions, in the order their first row appears
     * @return for each position, the index of its partition in {@code partitions}
     */
    int[] assign(Page page, List<PartitionValues> partitions)
    {
        int positionCount = page.getPositionCount();
        int[] indexes = new int[positionCount];
        if (sourceChannels.length == 0) {
            partitions.add(PartitionValues.UNPARTITIONED);
            return indexes;
        }
        Object[][] columns = new Object[sourceChannels.length][];
        for (int field = 0; field < sourceChannels.length; field++) {
            columns[field] = transform(field, page.getBlock(sourceChannels[field]));
        }
        Map<PartitionValues, Integer> indexByPartition = new HashMap<>();
        Object[] previous = null;
        int previousIndex = -1;
        for (int position = 0; position < positionCount; position++) {
            if (previous != null && sameValues(columns, position, previous)) {
                // rows of one partition often come in runs: no key to build, no lookup
                indexes[position] = previousIndex;
                continue;
            }
            Object[] values = new Object[columns.length];
            for (int field = 0; field < columns.length; field++) {
                values[field] = columns[field][position];
            }
            PartitionValues partition = new PartitionValues(values);
            Integer index = indexByPartition.get(partition);
            if (index == null) {
                index = partitions.size();
                partitions.add(partition);
                indexByPartition.put(partition, index);
            }
            indexes[position] = index;
            previous = values;
            previousIndex = index;
        }
        return indexes;
    }

    /**
     * The partition value of each position of the block for one partition field.
     */
    private Object[] transform(int field, Block block)
    {
        int positionCount = block.getPositionCount();
        Object[] values = new Object[positionCount];
        if (block instanceof RunLengthEncodedBlock runLength) {
            Arrays.fill(values, transformValue(field, runLength.getValue(), 0));
            return values;
        }
        if (block instanceof DictionaryBlock dictionary && dictionary.getDictionary().getPositionCount() <= positionCount) {
            Object[] dictionaryValues = transform(field, dictionary.getDictionary());
            for (int position = 0; position < positionCount; position++) {
                values[position] = dictionaryValues[dictionary.getId(position)];
            }
            return values;
        }
        for (int position = 0; position < positionCount; position++) {
            values[position] = transformValue(field, block, position);
        }
        return values;
    }

    private Object transformValue(int field, Block block, int position)
    {
        Object value = ValueConverter.toIcebergValue(sourceTypes[field], readNativeValue(sourceTypes[field], block, position));
        return transforms[field].apply(value);
    }

    private static boolean sameValues(Object[][] columns, int position, Object[] values)
    {
        for (int field = 0; field < columns.length; field++) {
            if (!Objects.equals(columns[field][position], values[field])) {
                return false;
            }
        }
        return true;
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
