package dev.lakehouse.connector;

import com.google.common.collect.ImmutableMap;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorFactory;
import io.trino.testing.TestingConnectorContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestLakehousePlugin
{
    @Test
    void testCreatesConnectorNamedLakehouse()
    {
        ConnectorFactory factory = connectorFactory();
        assertThat(factory.getName()).isEqualTo("lakehouse");

        Connector connector = factory.create("test", ImmutableMap.of(), new TestingConnectorContext());
        try {
            assertThat(connector).isInstanceOf(LakehouseConnector.class);
        }
        finally {
            connector.shutdown();
        }
    }

    @Test
    void testRejectsUnknownProperty()
    {
        ConnectorFactory factory = connectorFactory();
        assertThatThrownBy(() -> factory.create("test", ImmutableMap.of("lakehouse.no-such-property", "x"), new TestingConnectorContext()))
                .hasMessageContaining("Configuration property 'lakehouse.no-such-property' was not used");
    }

    private static ConnectorFactory connectorFactory()
    {
        assertThat(new LakehousePlugin().getConnectorFactories()).hasSize(1);
        return new LakehousePlugin().getConnectorFactories().iterator().next();
    }
}
