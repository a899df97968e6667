package dev.lakehouse.access.rules;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The {@code user}, {@code role} and {@code group} conditions of a rule: each present condition
 * must hold (user: the name matches; role and group: at least one of the subject's matches).
 */
record SubjectPatterns(Optional<NamePattern> user, Optional<NamePattern> role, Optional<NamePattern> group)
{
    static final SubjectPatterns ANYONE = new SubjectPatterns(Optional.empty(), Optional.empty(), Optional.empty());

    SubjectPatterns
    {
        requireNonNull(user, "user is null");
        requireNonNull(role, "role is null");
        requireNonNull(group, "group is null");
    }

    static SubjectPatterns of(Optional<String> user, Optional<String> role, Optional<String> group)
    {
        return new SubjectPatterns(NamePattern.compile(user), NamePattern.compile(role), NamePattern.compile(group));
    }

    boolean matches(Subject subject)
    {
        return (user.isEmpty() || user.get().matches(subject.user())) &&
                (role.isEmpty() || role.get().matchesAny(subject.roles())) &&
                (group.isEmpty() || group.get().matchesAny(subject.groups()));
    }

    /**
     * True when any present condition holds: exceptions ({@code except_user}, {@code except_group},
     * {@code except_role}) each exclude whom they match, and none present excludes nobody.
     */
    boolean matchesAnyPresent(Subject subject)
    {
        return (user.isPresent() && user.get().matches(subject.user())) ||
                (role.isPresent() && role.get().matchesAny(subject.roles())) ||
                (group.isPresent() && group.get().matchesAny(subject.groups()));
    }
}
