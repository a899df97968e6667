package dev.lakehouse.connector.writer;

import com.google.common.collect.ImmutableList;
import io.trino.spi.connector.ConnectorPartitioningHandle;
import io.trino.spi.type.Type;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static java.util.Objects.requireNonNull;

/**
 * How rows of a write are distributed to writers: by their partition values (after the transforms, so all
 * rows of {@code month(shipdate) = 1995-03} go to the same writer), which keeps the number of partitions each
 * writer has open, and the number of files, small.
 *
 * @param fields the partition fields, each reading one of the layout's partition columns
 */
public record LakehousePartitioningHandle(List<Field> fields)
        implements ConnectorPartitioningHandle
{
    public LakehousePartitioningHandle
    {
        fields = ImmutableList.copyOf(requireNonNull(fields, "fields is null"));
    }

    /**
     * @param column the index of the source column among the layout's partition columns
     * @param transform Iceberg's name of the transform, as in {@code bucket[16]}
     * @param sourceType Iceberg's name of the source column's type
     * @param trinoType the Trino type of the source column
     */
    public record Field(int column, String transform, String sourceType, Type trinoType)
    {
        public Field
        {
            requireNonNull(transform, "transform is null");
            requireNonNull(sourceType, "sourceType is null");
            requireNonNull(trinoType, "trinoType is null");
        }
    }

    /**
     * The handle and its partition columns (source column names, each once) for a spec, given the Trino
     * types of the source columns by field id.
     */
    public static Layout layout(PartitionSpec spec, Schema schema, IntFunction<Type> trinoTypes)
    {
        List<String> columns = new ArrayList<>();
        ImmutableList.Builder<Field> fields = ImmutableList.builder();
        for (PartitionField field : spec.fields()) {
            String column = schema.findColumnName(field.sourceId());
            int index = columns.indexOf(column);
            if (index < 0) {
                index = columns.size();
                columns.add(column);
            }
            fields.add(new Field(index, field.transform().toString(), schema.findType(field.sourceId()).toString(), trinoTypes.apply(field.sourceId())));
        }
        return new Layout(new LakehousePartitioningHandle(fields.build()), ImmutableList.copyOf(columns));
    }

    public record Layout(LakehousePartitioningHandle handle, List<String> columns) {}
}
