package dev.lakehouse.connector.bloom;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.BYTES_PER_BLOCK;

/**
 * Where a data file's filter of one column lies in an index file: the {@code position}-th of the
 * {@code count} filters of a blob at {@code blobOffset}, each of {@code blocks} blocks, stored block by
 * block (a blob of one filter has count 1). Also what the filter describes: the data file's size, which
 * must match for the filter to be used, and the distinct values it holds.
 */
public record BloomFilterLocation(long blobOffset, int position, int count, long blocks, long dataFileSize, long distinctValues)
{
    public BloomFilterLocation
    {
        checkArgument(blobOffset >= 0, "blobOffset is negative");
        checkArgument(count > 0 && position >= 0 && position < count, "position %s of %s filters", position, count);
        checkArgument(blocks > 0, "blocks must be positive");
    }

    /**
     * The offset in the index file of the filter's block of this index.
     */
    public long blockOffset(long block)
    {
        return blobOffset + (block * count + position) * BYTES_PER_BLOCK;
    }

    public long sizeInBytes()
    {
        return blocks * BYTES_PER_BLOCK;
    }
}
