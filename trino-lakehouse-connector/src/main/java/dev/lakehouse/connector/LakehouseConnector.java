package dev.lakehouse.connector;

import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import dev.lakehouse.connector.procedure.TableProcedures;
import dev.lakehouse.connector.system.MetadataTableHandle;
import dev.lakehouse.connector.system.MetadataTablePageSourceProvider;
import dev.lakehouse.connector.writer.LakehouseNodePartitioningProvider;
import io.airlift.bootstrap.LifeCycleManager;
import io.trino.plugin.base.classloader.ClassLoaderSafeConnectorMetadata;
import io.trino.plugin.base.classloader.ClassLoaderSafeConnectorPageSinkProvider;
import io.trino.plugin.base.classloader.ClassLoaderSafeConnectorPageSourceProvider;
import io.trino.plugin.base.classloader.ClassLoaderSafeConnectorSplitManager;
import io.trino.plugin.base.classloader.ClassLoaderSafeNodePartitioningProvider;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorCapabilities;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorNodePartitioningProvider;
import io.trino.spi.connector.ConnectorPageSinkProvider;
import io.trino.spi.connector.ConnectorPageSourceProvider;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplitManager;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.TableProcedureMetadata;
import io.trino.spi.session.PropertyMetadata;
import io.trino.spi.transaction.IsolationLevel;

import java.util.List;
import java.util.Set;

import static io.trino.spi.connector.ConnectorCapabilities.NOT_NULL_COLUMN_CONSTRAINT;
import static io.trino.spi.transaction.IsolationLevel.SERIALIZABLE;
import static io.trino.spi.transaction.IsolationLevel.checkConnectorSupports;
import static java.util.Objects.requireNonNull;

public class LakehouseConnector
        implements Connector
{
    private final LifeCycleManager lifeCycleManager;
    private final LakehouseTransactionManager transactionManager;
    private final ConnectorSplitManager splitManager;
    private final ConnectorPageSourceProvider pageSourceProvider;
    private final ConnectorPageSinkProvider pageSinkProvider;
    private final ConnectorNodePartitioningProvider nodePartitioningProvider;
    private final List<PropertyMetadata<?>> sessionProperties;
    private final List<PropertyMetadata<?>> tableProperties;
    private final ClassLoader classLoader;

    @Inject
    public LakehouseConnector(
            LifeCycleManager lifeCycleManager,
            LakehouseTransactionManager transactionManager,
            LakehouseSplitManager splitManager,
            LakehousePageSourceProvider pageSourceProvider,
            MetadataTablePageSourceProvider metadataTablePageSourceProvider,
            LakehousePageSinkProvider pageSinkProvider,
            LakehouseNodePartitioningProvider nodePartitioningProvider,
            LakehouseSessionProperties sessionProperties,
            LakehouseTableProperties tableProperties)
    {
        this.lifeCycleManager = requireNonNull(lifeCycleManager, "lifeCycleManager is null");
        this.transactionManager = requireNonNull(transactionManager, "transactionManager is null");
        this.classLoader = LakehouseConnector.class.getClassLoader();
        this.splitManager = new ClassLoaderSafeConnectorSplitManager(splitManager, classLoader);
        // metadata tables ("orders$files") have their own reader
        ConnectorPageSourceProvider tablePageSourceProvider = (transaction, session, split, table, columns, dynamicFilter) ->
                (table instanceof MetadataTableHandle ? metadataTablePageSourceProvider : pageSourceProvider).createPageSource(transaction, session, split, table, columns, dynamicFilter);
        this.pageSourceProvider = new ClassLoaderSafeConnectorPageSourceProvider(tablePageSourceProvider, classLoader);
        this.pageSinkProvider = new ClassLoaderSafeConnectorPageSinkProvider(pageSinkProvider, classLoader);
        this.nodePartitioningProvider = new ClassLoaderSafeNodePartitioningProvider(nodePartitioningProvider, classLoader);
        this.sessionProperties = sessionProperties.getSessionProperties();
        this.tableProperties = tableProperties.getTableProperties();
    }

    @Override
    public ConnectorTransactionHandle beginTransaction(IsolationLevel isolationLevel, boolean readOnly, boolean autoCommit)
    {
        checkConnectorSupports(SERIALIZABLE, isolationLevel);
        return transactionManager.begin();
    }

    @Override
    public ConnectorMetadata getMetadata(ConnectorSession session, ConnectorTransactionHandle transactionHandle)
    {
        return new ClassLoaderSafeConnectorMetadata(transactionManager.metadata((LakehouseTransactionHandle) transactionHandle), classLoader);
    }

    @Override
    public void commit(ConnectorTransactionHandle transactionHandle)
    {
        transactionManager.commit((LakehouseTransactionHandle) transactionHandle);
    }

    @Override
    public void rollback(ConnectorTransactionHandle transactionHandle)
    {
        transactionManager.rollback((LakehouseTransactionHandle) transactionHandle);
    }

    @Override
    public boolean isSingleStatementWritesOnly()
    {
        return true;
    }

    @Override
    public ConnectorSplitManager getSplitManager()
    {
        return splitManager;
    }

    @Override
    public ConnectorPageSourceProvider getPageSourceProvider()
    {
        return pageSourceProvider;
    }

    @Override
    public ConnectorPageSinkProvider getPageSinkProvider()
    {
        return pageSinkProvider;
    }

    @Override
    public ConnectorNodePartitioningProvider getNodePartitioningProvider()
    {
        return nodePartitioningProvider;
    }

    @Override
    public List<PropertyMetadata<?>> getSessionProperties()
    {
        return sessionProperties;
    }

    @Override
    public List<PropertyMetadata<?>> getSchemaProperties()
    {
        return LakehouseSchemaProperties.SCHEMA_PROPERTIES;
    }

    @Override
    public List<PropertyMetadata<?>> getTableProperties()
    {
        return tableProperties;
    }

    @Override
    public Set<TableProcedureMetadata> getTableProcedures()
    {
        return TableProcedures.TABLE_PROCEDURES;
    }

    @Override
    public Set<ConnectorCapabilities> getCapabilities()
    {
        return ImmutableSet.of(NOT_NULL_COLUMN_CONSTRAINT);
    }

    @Override
    public void shutdown()
    {
        lifeCycleManager.stop();
    }
}
