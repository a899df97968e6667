package dev.lakehouse.connector;

import com.google.common.collect.ImmutableMap;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorFactory;
import io.trino.testing.TestingConnectorContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestLakehousePlugin
{
    @TempDir
    Path warehouse;

    @Test
    void testCreatesConnectorNamedLakehouse()
    {
        ConnectorFactory factory = connectorFactory();
        assertThat(factory.getName()).isEqualTo("lakehouse");

        Connector connector = factory.create("test", ImmutableMap.of("lakehouse.warehouse", warehouse.toString()), new TestingConnectorContext());
        try {
            assertThat(connector).isInstanceOf(LakehouseConnector.class);
        }
        finally {
            connector.shutdown();
        }
    }

    @Test
    void testCreatesConnectorWithS3FileSystem()
    {
        Connector connector = connectorFactory().create("test", ImmutableMap.<String, String>builder()
                .put("lakehouse.warehouse", "s3://bucket/warehouse")
                .put("lakehouse.catalog.jdbc.url", "jdbc:sqlite:" + warehouse.resolve("catalog.sqlite"))
                .put("fs.native-s3.enabled", "true")
                .put("s3.region", "us-east-1")
                .put("s3.endpoint", "http://127.0.0.1:9")
                .buildOrThrow(), new TestingConnectorContext());
        connector.shutdown();
    }

    @Test
    void testCreatesConnectorWithRestCatalog()
    {
        // the catalog service is only contacted when a query needs it
        create(ImmutableMap.of(
                "lakehouse.warehouse", warehouse.toString(),
                "lakehouse.catalog.type", "REST",
                "lakehouse.catalog.rest.uri", "http://127.0.0.1:9"));
        assertThatThrownBy(() -> create(ImmutableMap.of("lakehouse.warehouse", warehouse.toString(), "lakehouse.catalog.type", "REST")))
                .hasMessageContaining("Invalid configuration property lakehouse.catalog.rest.uri: must not be null");
        // properties of the catalog type not chosen are not accepted
        assertThatThrownBy(() -> create(ImmutableMap.of(
                "lakehouse.warehouse", warehouse.toString(),
                "lakehouse.catalog.type", "REST",
                "lakehouse.catalog.rest.uri", "http://127.0.0.1:9",
                "lakehouse.catalog.jdbc.url", "jdbc:sqlite:/tmp/x")))
                .hasMessageContaining("Configuration property 'lakehouse.catalog.jdbc.url' was not used");
    }

    @Test
    void testRejectsUnknownProperty()
    {
        assertThatThrownBy(() -> create(ImmutableMap.of("lakehouse.warehouse", warehouse.toString(), "lakehouse.no-such-property", "x")))
                .hasMessageContaining("Configuration property 'lakehouse.no-such-property' was not used");
    }

    @Test
    void testRequiresWarehouse()
    {
        assertThatThrownBy(() -> create(ImmutableMap.of()))
                .hasMessageContaining("Invalid configuration property lakehouse.warehouse: must not be null");
    }

    @Test
    void testRejectsInvalidValues()
    {
        assertThatThrownBy(() -> create(ImmutableMap.of("lakehouse.warehouse", warehouse.toString(), "lakehouse.catalog.type", "HIVE")))
                .hasMessageContaining("lakehouse.catalog.type")
                .hasMessageContaining("HIVE");
        assertThatThrownBy(() -> create(ImmutableMap.of("lakehouse.warehouse", warehouse.toString(), "lakehouse.writer.target-file-size", "10kB")))
                .hasMessageContaining("Invalid configuration property lakehouse.writer.target-file-size");
        assertThatThrownBy(() -> create(ImmutableMap.of("lakehouse.warehouse", warehouse.toString(), "lakehouse.catalog.jdbc.url", "jdbc:mysql://db/catalog")))
                .hasMessageContaining("lakehouse.catalog.jdbc.url must start with jdbc:sqlite: or jdbc:postgresql:");
    }

    @Test
    void testEmbeddedCatalogNeedsLocalWarehouse()
    {
        assertThatThrownBy(() -> create(ImmutableMap.of("lakehouse.warehouse", "s3://bucket/warehouse", "fs.native-s3.enabled", "true", "s3.region", "us-east-1")))
                .hasMessageContaining("lakehouse.catalog.jdbc.url must be set when lakehouse.warehouse is not on the local file system");
    }

    private static void create(Map<String, String> config)
    {
        connectorFactory().create("test", config, new TestingConnectorContext()).shutdown();
    }

    private static ConnectorFactory connectorFactory()
    {
        assertThat(new LakehousePlugin().getConnectorFactories()).hasSize(1);
        return new LakehousePlugin().getConnectorFactories().iterator().next();
    }
}
