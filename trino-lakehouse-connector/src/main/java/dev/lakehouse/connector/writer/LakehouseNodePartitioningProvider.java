package dev.lakehouse.connector.writer;

import dev.lakehouse.connector.merge.DataFileBucketFunction;
import dev.lakehouse.connector.merge.DataFilePartitioningHandle;
import io.trino.spi.connector.BucketFunction;
import io.trino.spi.connector.ConnectorNodePartitioningProvider;
import io.trino.spi.connector.ConnectorPartitioningHandle;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.type.Type;

import java.util.List;

/**
 * Distributes rows being written to partitioned tables by partition (see {@link LakehousePartitioningHandle}).
 * Buckets are assigned to nodes by the engine.
 */
public class LakehouseNodePartitioningProvider
        implements ConnectorNodePartitioningProvider
{
    @Override
    public BucketFunction getBucketFunction(
            ConnectorTransactionHandle transactionHandle,
            ConnectorSession session,
            ConnectorPartitioningHandle partitioningHandle,
            List<Type> partitionChannelTypes,
            int bucketCount)
    {
        if (partitioningHandle instanceof DataFilePartitioningHandle) {
            return new DataFileBucketFunction(bucketCount);
        }
        return new LakehouseBucketFunction(((LakehousePartitioningHandle) partitioningHandle).fields(), bucketCount);
    }
}
