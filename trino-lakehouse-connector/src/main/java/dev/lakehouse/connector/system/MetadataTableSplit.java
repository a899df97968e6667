package dev.lakehouse.connector.system;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.google.common.collect.ImmutableList;
import io.trino.spi.HostAddress;
import io.trino.spi.connector.ConnectorSplit;

import java.util.List;

import static io.airlift.slice.SizeOf.estimatedSizeOf;
import static io.airlift.slice.SizeOf.instanceSize;
import static java.util.Objects.requireNonNull;

/**
 * The only split of a metadata table. It runs on the coordinator, where the query's transaction holds
 * the table's metadata, as Trino runs its own system tables.
 *
 * @param coordinator the coordinator's address
 */
public record MetadataTableSplit(HostAddress coordinator)
        implements ConnectorSplit
{
    private static final int INSTANCE_SIZE = instanceSize(MetadataTableSplit.class);

    public MetadataTableSplit
    {
        requireNonNull(coordinator, "coordinator is null");
    }

    @JsonIgnore
    @Override
    public boolean isRemotelyAccessible()
    {
        return false;
    }

    @JsonIgnore
    @Override
    public List<HostAddress> getAddresses()
    {
        return ImmutableList.of(coordinator);
    }

    @JsonIgnore
    @Override
    public long getRetainedSizeInBytes()
    {
        return INSTANCE_SIZE + estimatedSizeOf(coordinator.getHostText());
    }
}
