package dev.lakehouse.connector;

import com.google.inject.Binder;
import com.google.inject.Scopes;
import dev.lakehouse.connector.bloom.BloomIndexConfig;
import dev.lakehouse.connector.bloom.BloomIndexFooterCache;
import dev.lakehouse.connector.catalog.CatalogType;
import dev.lakehouse.connector.catalog.IcebergCatalogFactory;
import dev.lakehouse.connector.catalog.JdbcCatalogConfig;
import dev.lakehouse.connector.catalog.JdbcIcebergCatalogFactory;
import dev.lakehouse.connector.catalog.LakehouseCatalog;
import dev.lakehouse.connector.catalog.RestCatalogConfig;
import dev.lakehouse.connector.catalog.RestIcebergCatalogFactory;
import dev.lakehouse.connector.commit.WriteCommitter;
import dev.lakehouse.connector.deletes.RowDeletesLoader;
import dev.lakehouse.connector.planning.PlanningConfig;
import dev.lakehouse.connector.procedure.BloomIndexBuilder;
import dev.lakehouse.connector.procedure.MaintenanceConfig;
import dev.lakehouse.connector.procedure.OrphanFileRemoval;
import dev.lakehouse.connector.procedure.SnapshotExpiration;
import dev.lakehouse.connector.procedure.TableProcedureRunner;
import dev.lakehouse.connector.reader.ParquetPageSourceFactory;
import dev.lakehouse.connector.reader.ReaderConfig;
import dev.lakehouse.connector.system.MetadataTablePageSourceProvider;
import dev.lakehouse.connector.writer.LakehouseNodePartitioningProvider;
import dev.lakehouse.connector.writer.WriterConfig;
import dev.lakehouse.connector.writer.WriterMemoryBudget;
import dev.lakehouse.connector.writer.WriterResult;
import io.airlift.configuration.AbstractConfigurationAwareModule;

import static io.airlift.configuration.ConditionalModule.conditionalModule;
import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.airlift.json.JsonCodecBinder.jsonCodecBinder;

/**
 * The connector's bindings. The catalog implementation is chosen by {@code lakehouse.catalog.type}.
 */
public class LakehouseModule
        extends AbstractConfigurationAwareModule
{
    @Override
    protected void setup(Binder binder)
    {
        configBinder(binder).bindConfig(LakehouseConfig.class);
        configBinder(binder).bindConfig(WriterConfig.class);
        configBinder(binder).bindConfig(ReaderConfig.class);
        configBinder(binder).bindConfig(PlanningConfig.class);
        configBinder(binder).bindConfig(BloomIndexConfig.class);
        configBinder(binder).bindConfig(MaintenanceConfig.class);

        install(conditionalModule(
                LakehouseConfig.class,
                config -> config.getCatalogType() == CatalogType.JDBC,
                jdbcBinder -> {
                    configBinder(jdbcBinder).bindConfig(JdbcCatalogConfig.class);
                    jdbcBinder.bind(IcebergCatalogFactory.class).to(JdbcIcebergCatalogFactory.class).in(Scopes.SINGLETON);
                }));
        install(conditionalModule(
                LakehouseConfig.class,
                config -> config.getCatalogType() == CatalogType.REST,
                restBinder -> {
                    configBinder(restBinder).bindConfig(RestCatalogConfig.class);
                    restBinder.bind(IcebergCatalogFactory.class).to(RestIcebergCatalogFactory.class).in(Scopes.SINGLETON);
                }));

        binder.bind(LakehouseCatalog.class).in(Scopes.SINGLETON);
        binder.bind(WriterMemoryBudget.class).in(Scopes.SINGLETON);
        binder.bind(LakehouseTransactionManager.class).in(Scopes.SINGLETON);
        binder.bind(LakehouseSplitManager.class).in(Scopes.SINGLETON);
        binder.bind(ParquetPageSourceFactory.class).in(Scopes.SINGLETON);
        binder.bind(RowDeletesLoader.class).in(Scopes.SINGLETON);
        binder.bind(LakehousePageSourceProvider.class).in(Scopes.SINGLETON);
        binder.bind(MetadataTablePageSourceProvider.class).in(Scopes.SINGLETON);
        binder.bind(LakehousePageSinkProvider.class).in(Scopes.SINGLETON);
        binder.bind(WriteCommitter.class).in(Scopes.SINGLETON);
        binder.bind(BloomIndexBuilder.class).in(Scopes.SINGLETON);
        binder.bind(SnapshotExpiration.class).in(Scopes.SINGLETON);
        binder.bind(OrphanFileRemoval.class).in(Scopes.SINGLETON);
        binder.bind(TableProcedureRunner.class).in(Scopes.SINGLETON);
        binder.bind(BloomIndexFooterCache.class).in(Scopes.SINGLETON);
        binder.bind(LakehouseNodePartitioningProvider.class).in(Scopes.SINGLETON);
        binder.bind(LakehouseSessionProperties.class).in(Scopes.SINGLETON);
        binder.bind(LakehouseTableProperties.class).in(Scopes.SINGLETON);
        binder.bind(LakehouseConnector.class).in(Scopes.SINGLETON);
        jsonCodecBinder(binder).bindJsonCodec(WriterResult.class);
    }
}
