package dev.lakehouse.connector;

import com.google.inject.Binder;
import io.airlift.configuration.AbstractConfigurationAwareModule;
import io.opentelemetry.api.OpenTelemetry;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.filesystem.local.LocalFileSystemFactory;
import io.trino.filesystem.manager.FileSystemModule;
import io.trino.spi.NodeManager;

import java.nio.file.Path;

import static com.google.inject.multibindings.MapBinder.newMapBinder;
import static java.util.Objects.requireNonNull;

/**
 * Trino's file systems, configured with Trino's own properties ({@code fs.native-s3.enabled},
 * {@code s3.endpoint}, {@code fs.cache.enabled}, ...). Local files ({@code file://} locations) are always
 * readable without configuration, so the default warehouse on the local disk needs no setup; setting
 * {@code fs.native-local.enabled=true} switches to Trino's local file system with its {@code local.location} root.
 */
public class LakehouseFileSystemModule
        extends AbstractConfigurationAwareModule
{
    private final String catalogName;
    private final NodeManager nodeManager;
    private final OpenTelemetry openTelemetry;

    public LakehouseFileSystemModule(String catalogName, NodeManager nodeManager, OpenTelemetry openTelemetry)
    {
        this.catalogName = requireNonNull(catalogName, "catalogName is null");
        this.nodeManager = requireNonNull(nodeManager, "nodeManager is null");
        this.openTelemetry = requireNonNull(openTelemetry, "openTelemetry is null");
    }

    @Override
    protected void setup(Binder binder)
    {
        install(new FileSystemModule(catalogName, nodeManager, openTelemetry, false));
        boolean nativeLocalEnabled = Boolean.parseBoolean(getProperties().getOrDefault("fs.native-local.enabled", "false"));
        if (!nativeLocalEnabled) {
            LocalFileSystemFactory rootFileSystem = new LocalFileSystemFactory(Path.of("/"));
            newMapBinder(binder, String.class, TrinoFileSystemFactory.class).addBinding("file").toInstance(rootFileSystem);
            newMapBinder(binder, String.class, TrinoFileSystemFactory.class).addBinding("local").toInstance(rootFileSystem);
        }
    }
}
