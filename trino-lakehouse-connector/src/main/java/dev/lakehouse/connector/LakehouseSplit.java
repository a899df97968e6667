package dev.lakehouse.connector;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.google.common.collect.ImmutableList;
import dev.lakehouse.connector.deletes.LakehouseDeleteFile;
import io.trino.spi.HostAddress;
import io.trino.spi.SplitWeight;
import io.trino.spi.connector.ConnectorSplit;
import io.trino.spi.predicate.TupleDomain;

import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;
import static io.airlift.slice.SizeOf.estimatedSizeOf;
import static io.airlift.slice.SizeOf.instanceSize;
import static java.util.Objects.requireNonNull;

/**
 * A byte range of one Parquet data file. Row groups starting in the range belong to the split.
 *
 * @param fileStatisticsDomain what the file's statistics and partition say about its values, for the
 *         columns of dynamic filters: a worker skips the split when a dynamic filter excludes it
 * @param deletes the delete files that apply to the file
 * @param partitionSpecId the partition spec the file was written with
 * @param partitionData the file's partition, as {@link dev.lakehouse.connector.merge.PartitionDataJson} has it
 */
public record LakehouseSplit(
        String path,
        long start,
        long length,
        long fileSize,
        long fileRecordCount,
        int partitionSpecId,
        String partitionData,
        TupleDomain<LakehouseColumnHandle> fileStatisticsDomain,
        SplitWeight splitWeight,
        List<LakehouseDeleteFile> deletes)
        implements ConnectorSplit
{
    private static final int INSTANCE_SIZE = instanceSize(LakehouseSplit.class);

    public LakehouseSplit
    {
        requireNonNull(path, "path is null");
        checkArgument(start >= 0, "start is negative");
        checkArgument(length >= 0, "length is negative");
        checkArgument(fileSize >= 0, "fileSize is negative");
        requireNonNull(partitionData, "partitionData is null");
        requireNonNull(fileStatisticsDomain, "fileStatisticsDomain is null");
        requireNonNull(splitWeight, "splitWeight is null");
        deletes = ImmutableList.copyOf(requireNonNull(deletes, "deletes is null"));
    }

    @Override
    public SplitWeight getSplitWeight()
    {
        return splitWeight;
    }

    @JsonIgnore
    @Override
    public List<HostAddress> getAddresses()
    {
        return List.of();
    }

    @JsonIgnore
    @Override
    public long getRetainedSizeInBytes()
    {
        return INSTANCE_SIZE
                + estimatedSizeOf(path)
                + estimatedSizeOf(partitionData)
                + fileStatisticsDomain.getRetainedSizeInBytes(column -> 64L)
                + splitWeight.getRetainedSizeInBytes()
                + estimatedSizeOf(deletes, LakehouseDeleteFile::retainedSizeInBytes);
    }

    @Override
    public String toString()
    {
        return path + ":" + start + "+" + length;
    }
}
