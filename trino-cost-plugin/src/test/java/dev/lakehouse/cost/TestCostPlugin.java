package dev.lakehouse.cost;

import io.trino.spi.eventlistener.EventListenerFactory;
import io.trino.spi.resourcegroups.ResourceGroupConfigurationManagerFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class TestCostPlugin
{
    @Test
    void testRegistersResourceGroupManagerAndEventListener()
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
    }
}
