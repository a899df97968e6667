package dev.lakehouse.connector;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.google.common.collect.ImmutableList;
import io.trino.spi.HostAddress;
import io.trino.spi.SplitWeight;
import io.trino.spi.connector.ConnectorSplit;

import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;
import static io.airlift.slice.SizeOf.instanceSize;
import static java.util.Objects.requireNonNull;

/**
 * Several small data files, each whole, read one after the other by one driver: a split per small file
 * costs the engine more to schedule and run than reading the file does.
 *
 * @param files a split of each file, covering the whole file
 */
public record LakehouseSmallFilesSplit(List<LakehouseSplit> files, SplitWeight splitWeight)
        implements ConnectorSplit
{
    private static final int INSTANCE_SIZE = instanceSize(LakehouseSmallFilesSplit.class);

    public LakehouseSmallFilesSplit
    {
        files = ImmutableList.copyOf(requireNonNull(files, "files is null"));
        checkArgument(files.size() > 1, "a split of small files needs more than one file");
        requireNonNull(splitWeight, "splitWeight is null");
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
        return INSTANCE_SIZE + files.stream().mapToLong(LakehouseSplit::getRetainedSizeInBytes).sum() + splitWeight.getRetainedSizeInBytes();
    }

    @Override
    public String toString()
    {
        return files.size() + " files: " + files.getFirst() + ", ...";
    }
}
