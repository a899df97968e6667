package dev.lakehouse.access.rules;

import io.trino.spi.security.ViewExpression;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The mask of one column, the rule that imposes it and, for our rules, the mask template used.
 */
public record ColumnMask(String column, ViewExpression expression, RuleReference rule, Optional<String> template)
{
    public ColumnMask
    {
        requireNonNull(column, "column is null");
        requireNonNull(expression, "expression is null");
        requireNonNull(rule, "rule is null");
        requireNonNull(template, "template is null");
    }
}
