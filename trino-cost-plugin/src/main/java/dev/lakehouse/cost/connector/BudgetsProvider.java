package dev.lakehouse.cost.connector;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import com.google.inject.Inject;
import dev.lakehouse.cost.WatchedFile;
import dev.lakehouse.cost.budget.BudgetPolicy;
import dev.lakehouse.cost.budget.BudgetsConfig;
import io.trino.spi.TrinoException;

import java.nio.file.Path;
import java.util.Optional;

import static dev.lakehouse.cost.CostErrorCode.BUDGETS_UNAVAILABLE;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

/**
 * The budgets file as the {@code cost} catalog sees it: read on first use (the catalog exists on
 * every node, the file may exist only on the coordinator), then again when it changes.
 */
public final class BudgetsProvider
{
    private final Optional<Path> file;
    private final long refreshNanos;

    @GuardedBy("this")
    private WatchedFile<BudgetPolicy> budgets;
    @GuardedBy("this")
    private long checkedAt;

    @Inject
    public BudgetsProvider(BudgetsConfig config)
    {
        requireNonNull(config, "config is null");
        this.file = config.getConfigFile().map(Path::of);
        this.refreshNanos = config.getRefreshInterval().roundTo(NANOSECONDS);
    }

    public synchronized BudgetPolicy policy()
    {
        if (file.isEmpty()) {
            return BudgetPolicy.EMPTY;
        }
        try {
            if (budgets == null) {
                budgets = new WatchedFile<>("budgets file", file.get(), BudgetPolicy::parse);
                checkedAt = System.nanoTime();
            }
            else if (System.nanoTime() - checkedAt >= refreshNanos) {
                budgets.reload();
                checkedAt = System.nanoTime();
            }
        }
        catch (IllegalArgumentException e) {
            throw new TrinoException(BUDGETS_UNAVAILABLE, e.getMessage(), e);
        }
        return budgets.current();
    }
}
