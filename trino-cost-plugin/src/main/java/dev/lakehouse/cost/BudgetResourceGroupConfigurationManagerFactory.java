package dev.lakehouse.cost;

import io.trino.spi.resourcegroups.ResourceGroupConfigurationManager;
import io.trino.spi.resourcegroups.ResourceGroupConfigurationManagerContext;
import io.trino.spi.resourcegroups.ResourceGroupConfigurationManagerFactory;

import java.util.Map;

public class BudgetResourceGroupConfigurationManagerFactory
        implements ResourceGroupConfigurationManagerFactory
{
    public static final String NAME = "lakehouse";

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public ResourceGroupConfigurationManager<?> create(Map<String, String> config, ResourceGroupConfigurationManagerContext context)
    {
        // Registered so that installations can already name it; resource groups with budgets are not built yet
        throw new UnsupportedOperationException("The '" + NAME + "' resource group configuration manager is not available in this build");
    }
}
