package dev.lakehouse.cost.resourcegroups;

import com.google.inject.Injector;
import com.google.inject.Scopes;
import dev.lakehouse.cost.CostServices;
import dev.lakehouse.cost.TrinoVersion;
import dev.lakehouse.cost.budget.BudgetsConfig;
import dev.lakehouse.cost.ledger.LedgerModule;
import io.airlift.bootstrap.Bootstrap;
import io.trino.spi.memory.ClusterMemoryPoolManager;
import io.trino.spi.resourcegroups.ResourceGroupConfigurationManager;
import io.trino.spi.resourcegroups.ResourceGroupConfigurationManagerContext;
import io.trino.spi.resourcegroups.ResourceGroupConfigurationManagerFactory;

import java.time.Clock;
import java.util.Map;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static java.util.Objects.requireNonNull;

public class BudgetResourceGroupConfigurationManagerFactory
        implements ResourceGroupConfigurationManagerFactory
{
    public static final String NAME = "lakehouse";

    private final CostServices services;
    private final Clock clock;

    public BudgetResourceGroupConfigurationManagerFactory(CostServices services, Clock clock)
    {
        this.services = requireNonNull(services, "services is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public ResourceGroupConfigurationManager<?> create(Map<String, String> config, ResourceGroupConfigurationManagerContext context)
    {
        requireNonNull(config, "config is null");
        TrinoVersion.checkServerVersion(TrinoVersion.serverSpiVersion(), "The resource group configuration manager '" + NAME + "'");

        Bootstrap app = new Bootstrap(
                new LedgerModule(),
                binder -> {
                    configBinder(binder).bindConfig(ResourceGroupsConfig.class);
                    configBinder(binder).bindConfig(BudgetsConfig.class);
                    binder.bind(ClusterMemoryPoolManager.class).toInstance(context.getMemoryPoolManager());
                    binder.bind(CostServices.class).toInstance(services);
                    binder.bind(Clock.class).toInstance(clock);
                    binder.bind(BudgetResourceGroupConfigurationManager.class).in(Scopes.SINGLETON);
                });
        Injector injector = app
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(config)
                .initialize();
        return injector.getInstance(BudgetResourceGroupConfigurationManager.class);
    }
}
