package dev.lakehouse.cost.connector;

import com.google.common.collect.ImmutableList;
import io.trino.spi.HostAddress;
import io.trino.spi.connector.ConnectorSplit;

import java.util.List;

import static io.airlift.slice.SizeOf.instanceSize;
import static java.util.Objects.requireNonNull;

/**
 * The one split of a {@code cost} table scan. It runs on the coordinator, where the embedded
 * ledger file is.
 */
public record CostSplit(HostAddress coordinator)
        implements ConnectorSplit
{
    private static final int INSTANCE_SIZE = instanceSize(CostSplit.class);

    public CostSplit
    {
        requireNonNull(coordinator, "coordinator is null");
    }

    @Override
    public boolean isRemotelyAccessible()
    {
        return false;
    }

    @Override
    public List<HostAddress> getAddresses()
    {
        return ImmutableList.of(coordinator);
    }

    @Override
    public long getRetainedSizeInBytes()
    {
        return INSTANCE_SIZE + coordinator.getRetainedSizeInBytes();
    }
}
