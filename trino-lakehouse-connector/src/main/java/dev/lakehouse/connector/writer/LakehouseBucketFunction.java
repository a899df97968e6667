package dev.lakehouse.connector.writer;

import dev.lakehouse.connector.convert.ValueConverter;
import io.trino.spi.Page;
import io.trino.spi.connector.BucketFunction;
import io.trino.spi.type.Type;
import org.apache.iceberg.transforms.Transform;
import org.apache.iceberg.transforms.Transforms;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SerializableFunction;

import java.util.List;
import java.util.Objects;

import static io.trino.spi.type.TypeUtils.readNativeValue;
import static java.lang.Math.floorMod;

/**
 * Assigns a row to a writer bucket by the hash of its partition values.
 */
final class LakehouseBucketFunction
        implements BucketFunction
{
    private final int[] columns;
    private final Type[] types;
    private final SerializableFunction<Object, Object>[] transforms;
    private final int bucketCount;

    @SuppressWarnings("unchecked")
    LakehouseBucketFunction(List<LakehousePartitioningHandle.Field> fields, int bucketCount)
    {
        this.bucketCount = bucketCount;
        columns = new int[fields.size()];
        types = new Type[fields.size()];
        transforms = new SerializableFunction[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            LakehousePartitioningHandle.Field field = fields.get(i);
            org.apache.iceberg.types.Type sourceType = Types.fromPrimitiveString(field.sourceType());
            columns[i] = field.column();
            types[i] = field.trinoType();
            transforms[i] = ((Transform<Object, Object>) Transforms.fromString(sourceType, field.transform())).bind(sourceType);
        }
    }

    @Override
    public int getBucket(Page page, int position)
    {
        int hash = 0;
        for (int i = 0; i < columns.length; i++) {
            Object value = ValueConverter.toIcebergValue(types[i], readNativeValue(types[i], page.getBlock(columns[i]), position));
            hash = 31 * hash + Objects.hashCode(transforms[i].apply(value));
        }
        return floorMod(hash, bucketCount);
    }
}
