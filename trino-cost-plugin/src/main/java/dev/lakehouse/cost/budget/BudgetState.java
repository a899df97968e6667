package dev.lakehouse.cost.budget;

/**
 * Where a team stands against its budget in the current period: the strongest action among the
 * thresholds its spend has reached.
 */
public enum BudgetState
{
    OK,
    NOTIFIED,
    THROTTLED,
    BLOCKED,
}
