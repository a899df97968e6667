package dev.lakehouse.cost.budget;

import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.util.Objects.requireNonNull;

/**
 * An amount of money per calendar period, with the thresholds that act on the spend.
 *
 * @param amountMicros the budget in millionths of the currency unit
 * @param thresholds in ascending order of percentage
 */
public record Budget(long amountMicros, BudgetPeriod period, ZoneId timeZone, List<Threshold> thresholds)
{
    public Budget
    {
        checkArgument(amountMicros > 0, "amountMicros must be positive");
        requireNonNull(period, "period is null");
        requireNonNull(timeZone, "timeZone is null");
        thresholds = thresholds.stream()
                .sorted(Comparator.comparing(Threshold::percent))
                .collect(toImmutableList());
    }
}
