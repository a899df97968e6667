package dev.lakehouse.access.rules;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import static java.util.Objects.requireNonNull;

/**
 * An entry of {@code masks} (ours): a named custom mask, a SQL expression in which
 * {@code {column}} stands for the masked column.
 */
public record MaskDefinition(String name, String expression, RuleReference reference)
{
    @JsonCreator
    public static MaskDefinition fromJson(
            @JsonProperty("name") String name,
            @JsonProperty("expression") String expression,
            @JacksonInject RuleReference reference)
    {
        Rules.required(name, "name");
        Rules.required(expression, "expression");
        if (expression.isBlank()) {
            throw new IllegalArgumentException("mask '%s' has an empty 'expression'".formatted(name));
        }
        return new MaskDefinition(name, expression, reference);
    }

    public MaskDefinition
    {
        requireNonNull(name, "name is null");
        requireNonNull(expression, "expression is null");
        requireNonNull(reference, "reference is null");
    }
}
