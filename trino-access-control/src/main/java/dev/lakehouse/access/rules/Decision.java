package dev.lakehouse.access.rules;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of one check and the rule that decided it.
 */
public record Decision(boolean allowed, RuleReference rule)
{
    public Decision
    {
        requireNonNull(rule, "rule is null");
    }

    public static Decision allow(RuleReference rule)
    {
        return new Decision(true, rule);
    }

    public static Decision deny(RuleReference rule)
    {
        return new Decision(false, rule);
    }

    public boolean denied()
    {
        return !allowed;
    }
}
