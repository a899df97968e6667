package dev.lakehouse.access.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An entry of a table rule's {@code columns}: whether the column may be selected, and its mask.
 */
public record ColumnRule(String name, boolean allowed, Optional<String> mask, Optional<ExpressionEnvironment> maskEnvironment)
{
    @JsonCreator
    public static ColumnRule fromJson(
            @JsonProperty("name") String name,
            @JsonProperty("allow") Optional<Boolean> allow,
            @JsonProperty("mask") Optional<String> mask,
            @JsonProperty("mask_environment") Optional<ExpressionEnvironment> maskEnvironment)
    {
        return new ColumnRule(Rules.required(name, "name"), allow.orElse(true), mask, maskEnvironment);
    }

    public ColumnRule
    {
        requireNonNull(name, "name is null");
        requireNonNull(mask, "mask is null");
        requireNonNull(maskEnvironment, "maskEnvironment is null");
    }
}
