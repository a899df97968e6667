package dev.lakehouse.cost.budget;

import static java.util.Locale.ENGLISH;

/**
 * What happens when a team's spend crosses a threshold of its budget. Every crossing is logged
 * once per period; the actions add to that.
 */
public enum BudgetAction
{
    /** Log, and post to a webhook when one is given. */
    NOTIFY,
    /** Lower the concurrency of the team's resource groups, or move its new queries to another group. */
    THROTTLE,
    /** Reject the team's new queries until the period ends. Running queries go on. */
    BLOCK;

    public static BudgetAction fromName(String name)
    {
        return switch (name.toLowerCase(ENGLISH)) {
            case "notify" -> NOTIFY;
            case "throttle" -> THROTTLE;
            case "block" -> BLOCK;
            default -> throw new IllegalArgumentException("unknown action '%s' (notify, throttle or block)".formatted(name));
        };
    }

    public String displayName()
    {
        return name().toLowerCase(ENGLISH);
    }
}
