package dev.lakehouse.connector.bloom;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.BYTES_PER_BLOCK;
import static java.util.Objects.requireNonNull;

/**
 * The bloom filter of one column of one complete data file, as a split-block bloom filter's bitset.
 */
public record DataFileFilter(int fieldId, String dataFile, long dataFileSize, long distinctValues, byte[] bitset)
{
    public DataFileFilter
    {
        requireNonNull(dataFile, "dataFile is null");
        requireNonNull(bitset, "bitset is null");
        checkArgument(bitset.length > 0 && bitset.length % BYTES_PER_BLOCK == 0, "bitset must be whole blocks: %s bytes", bitset.length);
    }

    public long blocks()
    {
        return bitset.length / BYTES_PER_BLOCK;
    }
}
