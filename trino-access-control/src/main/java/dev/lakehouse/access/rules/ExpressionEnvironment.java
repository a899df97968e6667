package dev.lakehouse.access.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code mask_environment} and {@code filter_environment}: the user a mask or filter
 * expression is evaluated as, instead of the user running the query.
 */
public record ExpressionEnvironment(Optional<String> user)
{
    @JsonCreator
    public ExpressionEnvironment(@JsonProperty("user") Optional<String> user)
    {
        this.user = requireNonNull(user, "user is null");
    }
}
