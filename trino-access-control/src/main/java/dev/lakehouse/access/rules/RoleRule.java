package dev.lakehouse.access.rules;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * An entry of {@code roles} (ours): grants a role to the users and groups it matches, so rules can
 * name the role ({@code "role": "analyst"}) instead of repeating user and group lists.
 */
public final class RoleRule
{
    private final String role;
    private final SubjectPatterns members;
    private final RuleReference reference;

    @JsonCreator
    public RoleRule(
            @JsonProperty("role") String role,
            @JsonProperty("user") Optional<String> user,
            @JsonProperty("group") Optional<String> group,
            @JacksonInject RuleReference reference)
    {
        this.role = Rules.required(role, "role");
        if (role.isBlank()) {
            throw new IllegalArgumentException("'role' is empty");
        }
        if (user.isEmpty() && group.isEmpty()) {
            throw new IllegalArgumentException("a role needs 'user' or 'group' to say who has it");
        }
        this.members = SubjectPatterns.of(user, Optional.empty(), group);
        this.reference = requireNonNull(reference, "reference is null");
    }

    String role()
    {
        return role;
    }

    /**
     * Matches a user by name and groups only: roles do not nest.
     */
    boolean grantsTo(String user, Set<String> groups)
    {
        return members.matches(new Subject(user, groups, Set.of()));
    }

    RuleReference reference()
    {
        return reference;
    }
}
