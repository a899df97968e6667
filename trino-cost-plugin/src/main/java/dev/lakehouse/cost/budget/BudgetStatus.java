package dev.lakehouse.cost.budget;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.cost.budget.BudgetPeriod.Window;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * A team's spend against its budget in one period, and what that means for its queries.
 */
public record BudgetStatus(Team team, Budget budget, String currency, Window period, long spentMicros)
{
    private static final DateTimeFormatter RESET_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm VV");

    public BudgetStatus
    {
        requireNonNull(team, "team is null");
        requireNonNull(budget, "budget is null");
        requireNonNull(currency, "currency is null");
        requireNonNull(period, "period is null");
    }

    public long remainingMicros()
    {
        return budget.amountMicros() - spentMicros;
    }

    public List<Threshold> reachedThresholds()
    {
        ImmutableList.Builder<Threshold> reached = ImmutableList.builder();
        for (Threshold threshold : budget.thresholds()) {
            if (threshold.isReached(spentMicros, budget.amountMicros())) {
                reached.add(threshold);
            }
        }
        return reached.build();
    }

    public BudgetState state()
    {
        BudgetState state = BudgetState.OK;
        for (Threshold threshold : reachedThresholds()) {
            BudgetState thresholdState = switch (threshold.action()) {
                case NOTIFY -> BudgetState.NOTIFIED;
                case THROTTLE -> BudgetState.THROTTLED;
                case BLOCK -> BudgetState.BLOCKED;
            };
            if (thresholdState.compareTo(state) > 0) {
                state = thresholdState;
            }
        }
        return state;
    }

    public boolean isBlocked()
    {
        return state() == BudgetState.BLOCKED;
    }

    /**
     * True when a reached block threshold cancels the team's running queries.
     */
    public boolean cancelsRunningQueries()
    {
        for (Threshold threshold : reachedThresholds()) {
            if (threshold.cancelRunning()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The group new queries go to: that of the highest reached throttle threshold that moves queries.
     */
    public Optional<String> throttleResourceGroup()
    {
        Optional<String> group = Optional.empty();
        for (Threshold threshold : reachedThresholds()) {
            if (threshold.action() == BudgetAction.THROTTLE && threshold.resourceGroup().isPresent()) {
                group = threshold.resourceGroup();
            }
        }
        return group;
    }

    /**
     * The lowest running-query limit among the reached throttle thresholds that set one.
     */
    public OptionalInt concurrencyLimit()
    {
        OptionalInt limit = OptionalInt.empty();
        for (Threshold threshold : reachedThresholds()) {
            if (threshold.action() == BudgetAction.THROTTLE && threshold.hardConcurrencyLimit().isPresent()) {
                int value = threshold.hardConcurrencyLimit().getAsInt();
                if (limit.isEmpty() || value < limit.getAsInt()) {
                    limit = OptionalInt.of(value);
                }
            }
        }
        return limit;
    }

    /**
     * "team 'x' has spent 12.50 USD of its daily budget of 10.00 USD (125%)"
     */
    public String describeSpend()
    {
        BigDecimal percent = BigDecimal.valueOf(spentMicros).movePointRight(2).divide(BigDecimal.valueOf(budget.amountMicros()), 1, RoundingMode.HALF_UP);
        return "team '%s' has spent %s %s of its %s budget of %s %s (%s%%)".formatted(
                team.name(),
                formatAmount(spentMicros),
                currency,
                budget.period() == BudgetPeriod.DAY ? "daily" : budget.period().displayName() + "ly",
                formatAmount(budget.amountMicros()),
                currency,
                percent.stripTrailingZeros().toPlainString());
    }

    public String resetTime()
    {
        return period.end().format(RESET_TIME);
    }

    public String rejectionMessage()
    {
        return "Query rejected by the budget: %s; new queries of the team are blocked until the budget resets at %s".formatted(describeSpend(), resetTime());
    }

    /**
     * Why a running query of the team is cancelled. Trino shows it after its own words:
     * "Query killed. Message: Cancelled by the budget: team 'x' has spent ..."
     */
    public String cancellationMessage()
    {
        return "Cancelled by the budget: %s; running queries of the team are cancelled and new ones rejected until the budget resets at %s".formatted(describeSpend(), resetTime());
    }

    /**
     * An amount in micros with at least two decimals: 12.5 → "12.50", 0.000123 → "0.000123".
     */
    public static String formatAmount(long micros)
    {
        BigDecimal amount = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
        if (amount.scale() < 2) {
            amount = amount.setScale(2, RoundingMode.UNNECESSARY);
        }
        return amount.toPlainString();
    }
}
