package dev.lakehouse.connector.merge;

import io.airlift.slice.XxHash64;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.block.RowBlock;
import io.trino.spi.connector.BucketFunction;

import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.lang.Math.floorMod;

/**
 * Assigns a deleted row to a writer bucket by the hash of its data file's path, read from its {@link MergeRowId row id}.
 */
public final class DataFileBucketFunction
        implements BucketFunction
{
    private final int bucketCount;

    public DataFileBucketFunction(int bucketCount)
    {
        this.bucketCount = bucketCount;
    }

    @Override
    public int getBucket(Page page, int position)
    {
        Block filePaths = RowBlock.getRowFieldsFromBlock(page.getBlock(0)).get(MergeRowId.FILE_PATH);
        return (int) floorMod(XxHash64.hash(VARCHAR.getSlice(filePaths, position)), bucketCount);
    }
}
