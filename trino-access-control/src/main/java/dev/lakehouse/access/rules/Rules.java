package dev.lakehouse.access.rules;

import com.google.common.collect.ImmutableSet;

import java.util.Collection;
import java.util.Set;

/**
 * Small validation helpers shared by the rule classes; their messages become part of the
 * policy error that names the file, the line and the rule.
 */
final class Rules
{
    private Rules() {}

    static <T> T required(T value, String property)
    {
        if (value == null) {
            throw new IllegalArgumentException("'%s' is required".formatted(property));
        }
        return value;
    }

    static <T> Set<T> requiredSet(Collection<T> values, String property)
    {
        return ImmutableSet.copyOf(required(values, property));
    }
}
