package dev.lakehouse.cost;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.cost.connector.CostConnectorFactory;
import dev.lakehouse.cost.guardrails.GuardRailsSessionPropertyConfigurationManagerFactory;
import dev.lakehouse.cost.metering.CostMeteringEventListenerFactory;
import dev.lakehouse.cost.resourcegroups.BudgetResourceGroupConfigurationManagerFactory;
import io.trino.spi.Plugin;
import io.trino.spi.connector.ConnectorFactory;
import io.trino.spi.eventlistener.EventListenerFactory;
import io.trino.spi.resourcegroups.ResourceGroupConfigurationManagerFactory;
import io.trino.spi.session.SessionPropertyConfigurationManagerFactory;

import java.time.Clock;

import static java.util.Objects.requireNonNull;

/**
 * The cost plugin: resource groups with team budgets ({@code lakehouse}), the metering event
 * listener ({@code lakehouse-cost}), the read-only connector over the ledger ({@code lakehouse_cost})
 * and the guard rails session property manager ({@code lakehouse}). The components it creates in
 * one server share {@link CostServices}.
 */
public class CostPlugin
        implements Plugin
{
    private final CostServices services = new CostServices();
    private final Clock clock;

    public CostPlugin()
    {
        this(Clock.systemUTC());
    }

    /**
     * A plugin whose budget periods follow the given clock (for tests).
     */
    public CostPlugin(Clock clock)
    {
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Iterable<ResourceGroupConfigurationManagerFactory> getResourceGroupConfigurationManagerFactories()
    {
        return ImmutableList.of(new BudgetResourceGroupConfigurationManagerFactory(services, clock));
    }

    @Override
    public Iterable<EventListenerFactory> getEventListenerFactories()
    {
        return ImmutableList.of(new CostMeteringEventListenerFactory(services, clock));
    }

    @Override
    public Iterable<ConnectorFactory> getConnectorFactories()
    {
        return ImmutableList.of(new CostConnectorFactory(clock));
    }

    @Override
    public Iterable<SessionPropertyConfigurationManagerFactory> getSessionPropertyConfigurationManagerFactories()
    {
        return ImmutableList.of(new GuardRailsSessionPropertyConfigurationManagerFactory());
    }
}
