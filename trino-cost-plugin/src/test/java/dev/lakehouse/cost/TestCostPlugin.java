package dev.lakehouse.cost;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorFactory;
import io.trino.spi.eventlistener.EventListenerFactory;
import io.trino.spi.resourcegroups.ResourceGroupConfigurationManagerFactory;
import io.trino.spi.resourcegroups.ResourceGroupId;
import io.trino.spi.resourcegroups.SessionPropertyConfigurationManagerContext;
import io.trino.spi.session.SessionConfigurationContext;
import io.trino.spi.session.SessionPropertyConfigurationManager;
import io.trino.spi.session.SessionPropertyConfigurationManagerFactory;
import io.trino.testing.TestingConnectorContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestCostPlugin
{
    @TempDir
    Path directory;

    @Test
    void testRegistersItsFactories()
    {
        CostPlugin plugin = new CostPlugin();

        assertThat(plugin.getResourceGroupConfigurationManagerFactories())
                .singleElement()
                .extracting(ResourceGroupConfigurationManagerFactory::getName)
                .isEqualTo("lakehouse");
        assertThat(plugin.getEventListenerFactories())
                .singleElement()
                .extracting(EventListenerFactory::getName)
                .isEqualTo("lakehouse-cost");
        assertThat(plugin.getConnectorFactories())
                .singleElement()
                .extracting(ConnectorFactory::getName)
                .isEqualTo("lakehouse_cost");
        assertThat(plugin.getSessionPropertyConfigurationManagerFactories())
                .singleElement()
                .extracting(SessionPropertyConfigurationManagerFactory::getName)
                .isEqualTo("lakehouse");
    }

    @Test
    void testCreatesConnectorFromMinimalConfiguration()
    {
        ConnectorFactory factory = new CostPlugin().getConnectorFactories().iterator().next();
        // the ledger is opened on first use, not at creation: the catalog exists on workers too
        Connector connector = factory.create("cost", ImmutableMap.of("cost.ledger.sqlite.path", directory.resolve("ledger.sqlite").toString()), new TestingConnectorContext());
        try {
            assertThat(connector.getMetadata(null, connector.beginTransaction(null, true, true)).listSchemaNames(null)).containsExactly("ledger");
            assertThat(directory.resolve("ledger.sqlite")).doesNotExist();
        }
        finally {
            connector.shutdown();
        }
        assertThatThrownBy(() -> factory.create("cost", ImmutableMap.of("cost.ledger.colour", "red"), new TestingConnectorContext()))
                .hasMessageContaining("Configuration property 'cost.ledger.colour' was not used");
        assertThatThrownBy(() -> factory.create("cost", ImmutableMap.of("cost.ledger.type", "POSTGRESQL"), new TestingConnectorContext()))
                .hasMessageContaining("Invalid configuration property cost.ledger.postgresql.url: must not be null");
        assertThatThrownBy(() -> factory.create("cost", ImmutableMap.of("cost.ledger.type", "POSTGRESQL", "cost.ledger.postgresql.url", "jdbc:mysql://db/x"), new TestingConnectorContext()))
                .hasMessageContaining("cost.ledger.postgresql.url must start with jdbc:postgresql:");
    }

    @Test
    void testGuardRailsSessionPropertyManager()
            throws Exception
    {
        SessionPropertyConfigurationManagerFactory factory = new CostPlugin().getSessionPropertyConfigurationManagerFactories().iterator().next();
        SessionPropertyConfigurationManagerContext context = new SessionPropertyConfigurationManagerContext() {};
        assertThatThrownBy(() -> factory.create(ImmutableMap.of(), context))
                .hasMessageContaining("The session property manager 'lakehouse' needs cost.budgets.config-file, the file with the guard rails");

        Path budgets = Files.writeString(directory.resolve("budgets.json"), """
                {"guardRails": [{"resourceGroup": "global.adhoc", "sessionProperties": {"query_max_execution_time": "30m"}}]}
                """);
        SessionPropertyConfigurationManager manager = factory.create(ImmutableMap.of("cost.budgets.config-file", budgets.toString()), context);
        assertThat(manager.getSystemSessionProperties(sessionContext("global.adhoc.alice"))).isEqualTo(ImmutableMap.of("query_max_execution_time", "30m"));
        assertThat(manager.getSystemSessionProperties(sessionContext("global.etl"))).isEmpty();
        assertThat(manager.getCatalogSessionProperties(sessionContext("global.adhoc"))).isEmpty();
    }

    private static SessionConfigurationContext sessionContext(String group)
    {
        return new SessionConfigurationContext("alice", Optional.empty(), ImmutableSet.of(), Optional.of("SELECT"), new ResourceGroupId(List.of(group.split("\\."))));
    }
}
