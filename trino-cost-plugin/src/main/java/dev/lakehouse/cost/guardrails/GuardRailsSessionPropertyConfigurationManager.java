package dev.lakehouse.cost.guardrails;

import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import dev.lakehouse.cost.WatchedFile;
import dev.lakehouse.cost.budget.BudgetPolicy;
import dev.lakehouse.cost.budget.BudgetsConfig;
import io.trino.spi.session.SessionConfigurationContext;
import io.trino.spi.session.SessionPropertyConfigurationManager;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static com.google.common.base.Preconditions.checkArgument;
import static io.airlift.concurrent.Threads.daemonThreadsNamed;
import static java.util.concurrent.Executors.newSingleThreadScheduledExecutor;

/**
 * Guard rails: defaults of Trino's per-query limits ({@code query_max_scan_physical_bytes},
 * {@code query_max_execution_time}, ...) by resource group, from the budgets file, so that one
 * runaway query is stopped before it empties a budget. Trino applies them to the query's session
 * after resource group selection; a value the user set in the session wins, as with every
 * session default.
 */
public final class GuardRailsSessionPropertyConfigurationManager
        implements SessionPropertyConfigurationManager
{
    private final WatchedFile<BudgetPolicy> budgets;
    private final long refreshMillis;
    private final ScheduledExecutorService executor = newSingleThreadScheduledExecutor(daemonThreadsNamed("cost-guard-rails"));

    @Inject
    public GuardRailsSessionPropertyConfigurationManager(BudgetsConfig config)
    {
        checkArgument(config.getConfigFile().isPresent(), "The session property manager '%s' needs cost.budgets.config-file, the file with the guard rails", GuardRailsSessionPropertyConfigurationManagerFactory.NAME);
        this.budgets = new WatchedFile<>("budgets file", Path.of(config.getConfigFile().get()), BudgetPolicy::parse);
        this.refreshMillis = config.getRefreshInterval().toMillis();
    }

    @PostConstruct
    public void start()
    {
        executor.scheduleWithFixedDelay(budgets::reload, refreshMillis, refreshMillis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    public void stop()
    {
        executor.shutdownNow();
    }

    @Override
    public Map<String, String> getSystemSessionProperties(SessionConfigurationContext context)
    {
        return budgets.current().guardRailProperties(context.getResourceGroupId().getSegments());
    }

    @Override
    public Map<String, Map<String, String>> getCatalogSessionProperties(SessionConfigurationContext context)
    {
        return ImmutableMap.of();
    }
}
