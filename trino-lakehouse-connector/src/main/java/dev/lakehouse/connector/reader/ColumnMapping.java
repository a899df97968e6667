package dev.lakehouse.connector.reader;

import io.trino.spi.type.Type;

import static java.util.Objects.requireNonNull;

/**
 * Where an output column of a page source comes from: a channel of the Parquet reader, perhaps a field
 * nested in it, or nulls (a column the file does not have).
 *
 * @param readerChannel the reader's channel, or -1 for a column of nulls
 * @param dereference field indexes into nested rows, from the channel's block down to the output's
 */
record ColumnMapping(int readerChannel, int[] dereference, Type type)
{
    ColumnMapping
    {
        requireNonNull(dereference, "dereference is null");
        requireNonNull(type, "type is null");
    }

    static ColumnMapping nulls(Type type)
    {
        return new ColumnMapping(-1, new int[0], type);
    }

    static ColumnMapping channel(int channel, int[] dereference, Type type)
    {
        return new ColumnMapping(channel, dereference, type);
    }

    boolean isNulls()
    {
        return readerChannel < 0;
    }

    boolean isDirect()
    {
        return readerChannel >= 0 && dereference.length == 0;
    }
}
