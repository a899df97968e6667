package dev.lakehouse.connector;

import com.google.inject.Injector;
import io.airlift.bootstrap.Bootstrap;
import io.airlift.json.JsonModule;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.trino.plugin.base.CatalogNameModule;
import io.trino.spi.NodeManager;
import io.trino.spi.PageSorter;
import io.trino.spi.classloader.ThreadContextClassLoader;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorContext;
import io.trino.spi.connector.ConnectorFactory;
import io.trino.spi.type.TypeManager;

import java.util.Map;

import static io.trino.plugin.base.Versions.checkStrictSpiVersionMatch;
import static java.util.Objects.requireNonNull;

public class LakehouseConnectorFactory
        implements ConnectorFactory
{
    public static final String CONNECTOR_NAME = "lakehouse";

    @Override
    public String getName()
    {
        return CONNECTOR_NAME;
    }

    @Override
    public Connector create(String catalogName, Map<String, String> config, ConnectorContext context)
    {
        requireNonNull(catalogName, "catalogName is null");
        requireNonNull(config, "config is null");
        checkStrictSpiVersionMatch(context, this);

        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(LakehouseConnectorFactory.class.getClassLoader())) {
            Bootstrap app = new Bootstrap(
                    new JsonModule(),
                    new CatalogNameModule(catalogName),
                    new LakehouseModule(),
                    new LakehouseFileSystemModule(catalogName, context.getNodeManager(), context.getOpenTelemetry()),
                    binder -> {
                        binder.bind(NodeManager.class).toInstance(context.getNodeManager());
                        binder.bind(TypeManager.class).toInstance(context.getTypeManager());
                        binder.bind(PageSorter.class).toInstance(context.getPageSorter());
                        binder.bind(OpenTelemetry.class).toInstance(context.getOpenTelemetry());
                        binder.bind(Tracer.class).toInstance(context.getTracer());
                        binder.bind(LakehouseNodeVersion.class).toInstance(new LakehouseNodeVersion(context.getNodeManager().getCurrentNode().getVersion()));
                    });
            Injector injector = app
                    .doNotInitializeLogging()
                    .setRequiredConfigurationProperties(config)
                    .initialize();
            return injector.getInstance(LakehouseConnector.class);
        }
    }
}
