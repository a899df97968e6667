package dev.lakehouse.access.rules;

import com.google.common.collect.ImmutableSet;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Who asks: the user, the groups Trino's group provider gave them, and their roles (the roles
 * enabled in the session together with the roles the policy's {@code roles} section grants them).
 */
public record Subject(String user, Set<String> groups, Set<String> roles)
{
    public Subject
    {
        requireNonNull(user, "user is null");
        groups = ImmutableSet.copyOf(groups);
        roles = ImmutableSet.copyOf(roles);
    }

    public static Subject user(String user)
    {
        return new Subject(user, ImmutableSet.of(), ImmutableSet.of());
    }
}
