package dev.lakehouse.access.rules;

import io.trino.spi.security.ViewExpression;

import static java.util.Objects.requireNonNull;

/**
 * A row filter on a table and the rule that imposes it; all filters of a table apply together (AND).
 */
public record RowFilter(ViewExpression expression, RuleReference rule)
{
    public RowFilter
    {
        requireNonNull(expression, "expression is null");
        requireNonNull(rule, "rule is null");
    }
}
