package dev.lakehouse.connector.system;

import com.google.inject.Inject;
import dev.lakehouse.connector.LakehouseTransactionHandle;
import dev.lakehouse.connector.LakehouseTransactionManager;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorPageSourceProvider;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplit;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.DynamicFilter;
import io.trino.spi.type.TypeManager;

import java.util.List;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.util.Objects.requireNonNull;

/**
 * Reads a metadata table's {@link MetadataTableSplit} on the coordinator, from the table as the query's
 * transaction loaded it.
 */
public class MetadataTablePageSourceProvider
        implements ConnectorPageSourceProvider
{
    private final LakehouseTransactionManager transactionManager;
    private final TypeManager typeManager;

    @Inject
    public MetadataTablePageSourceProvider(LakehouseTransactionManager transactionManager, TypeManager typeManager)
    {
        this.transactionManager = requireNonNull(transactionManager, "transactionManager is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
    }

    @Override
    public ConnectorPageSource createPageSource(
            ConnectorTransactionHandle transaction,
            ConnectorSession session,
            ConnectorSplit split,
            ConnectorTableHandle table,
            List<ColumnHandle> columns,
            DynamicFilter dynamicFilter)
    {
        MetadataTableHandle handle = (MetadataTableHandle) table;
        return MetadataTables.pageSource(
                handle,
                transactionManager.tables((LakehouseTransactionHandle) transaction).load(handle.baseTable()),
                columns.stream().map(MetadataColumnHandle.class::cast).collect(toImmutableList()),
                typeManager,
                transaction,
                session);
    }
}
