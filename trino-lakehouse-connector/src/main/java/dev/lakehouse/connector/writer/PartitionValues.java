package dev.lakehouse.connector.writer;

import org.apache.iceberg.StructLike;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * The partition values of a row, in Iceberg's representation: a key for the writer of that partition.
 */
public final class PartitionValues
        implements StructLike
{
    static final PartitionValues UNPARTITIONED = new PartitionValues(new Object[0]);

    private final Object[] values;
    private final int hashCode;

    public PartitionValues(Object[] values)
    {
        this.values = requireNonNull(values, "values is null");
        this.hashCode = Arrays.hashCode(values);
    }

    @Override
    public int size()
    {
        return values.length;
    }

    @Override
    public <T> T get(int position, Class<T> javaClass)
    {
        return javaClass.cast(values[position]);
    }

    @Override
    public <T> void set(int position, T value)
    {
        throw new UnsupportedOperationException("partition values are immutable");
    }

    Object value(int position)
    {
        return values[position];
    }

    @Override
    public boolean equals(Object other)
    {
        return other instanceof PartitionValues that && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode()
    {
        return hashCode;
    }

    @Override
    public String toString()
    {
        return Arrays.toString(values);
    }
}
