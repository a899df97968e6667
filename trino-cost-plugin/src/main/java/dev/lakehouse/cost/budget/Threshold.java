package dev.lakehouse.cost.budget;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A percentage of a budget and the action taken once the spend reaches it.
 *
 * @param webhook for {@link BudgetAction#NOTIFY}: where the notification is posted
 * @param hardConcurrencyLimit for {@link BudgetAction#THROTTLE}: the running-query limit the team's groups get
 * @param resourceGroup for {@link BudgetAction#THROTTLE}: the group (Trino's group id syntax, with
 * {@code ${USER}} and {@code ${SOURCE}}) the team's new queries go to
 * @param cancelRunning for {@link BudgetAction#BLOCK}: whether the team's queries still running
 * (or queued) when the spend reaches the threshold are cancelled too
 */
public record Threshold(BigDecimal percent, BudgetAction action, Optional<URI> webhook, OptionalInt hardConcurrencyLimit, Optional<String> resourceGroup, boolean cancelRunning)
{
    public Threshold
    {
        requireNonNull(percent, "percent is null");
        requireNonNull(action, "action is null");
        requireNonNull(webhook, "webhook is null");
        requireNonNull(hardConcurrencyLimit, "hardConcurrencyLimit is null");
        requireNonNull(resourceGroup, "resourceGroup is null");
        checkArgument(percent.signum() > 0, "percent must be positive");
        checkArgument(!cancelRunning || action == BudgetAction.BLOCK, "only a block threshold cancels running queries");
    }

    /**
     * True when {@code spentMicros} is at least this threshold's share of {@code budgetMicros}.
     */
    public boolean isReached(long spentMicros, long budgetMicros)
    {
        // spent * 100 >= percent * budget, exactly
        return BigDecimal.valueOf(spentMicros).movePointRight(2).compareTo(percent.multiply(BigDecimal.valueOf(budgetMicros))) >= 0;
    }

    public String percentText()
    {
        return percent.stripTrailingZeros().toPlainString();
    }
}
