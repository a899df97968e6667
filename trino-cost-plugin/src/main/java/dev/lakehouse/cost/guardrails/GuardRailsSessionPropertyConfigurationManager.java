package dev.lakehouse.cost.guardrails;

import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import dev.lakehouse.cost.WatchedFile;
import dev.lakehouse.cost.budget.BudgetPolicy;
import dev.lakehouse.cost.budget.BudgetsConfig;
import io.trino.spi.session.SessionConfigurationContext;
import io.trino.spi.session.SessionPropertyConfigurationManager;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

/**
 * Guard rails: defaults of Trino's per-query limits ({@code query_max_scan_physical_bytes},
 * {@code query_max_execution_time}, ...) by resource group, from the budgets file, so that one
 * runaway query is stopped before it empties a budget. Trino applies them to the query's session
 * after resource group selection; a value the user set in the session wins, as with every
 * session default.
 *
 * <p>The file is checked for changes on use, at most once per refresh interval (the SPI gives
 * this manager no way to stop a thread of its own).
 */
public final class GuardRailsSessionPropertyConfigurationManager
        implements SessionPropertyConfigurationManager
{
    private final WatchedFile<BudgetPolicy> budgets;
    private final long refreshNanos;
    private final AtomicLong nextCheck;

    @Inject
    public GuardRailsSessionPropertyConfigurationManager(BudgetsConfig config)
    {
        checkArgument(config.getConfigFile().isPresent(), "The session property manager '%s' needs cost.budgets.config-file, the file with the guard rails", GuardRailsSessionPropertyConfigurationManagerFactory.NAME);
        this.budgets = new WatchedFile<>("budgets file", Path.of(config.getConfigFile().get()), BudgetPolicy::parse);
        this.refreshNanos = config.getRefreshInterval().roundTo(NANOSECONDS);
        this.nextCheck = new AtomicLong(System.nanoTime() + refreshNanos);
    }

    @Override
    public Map<String, String> getSystemSessionProperties(SessionConfigurationContext context)
    {
        long now = System.nanoTime();
        long due = nextCheck.get();
        if (now - due >= 0 && nextCheck.compareAndSet(due, now + refreshNanos)) {
            budgets.reload();
        }
        return budgets.current().guardRailProperties(context.getResourceGroupId().getSegments());
    }

    @Override
    public Map<String, Map<String, String>> getCatalogSessionProperties(SessionConfigurationContext context)
    {
        return ImmutableMap.of();
    }
}
