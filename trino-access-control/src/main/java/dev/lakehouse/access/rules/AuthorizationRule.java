package dev.lakehouse.access.rules;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.trino.spi.security.TrinoPrincipal;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An entry of {@code authorization}: to which users and roles a user may give ownership of
 * schemas, tables and views ({@code ALTER ... SET AUTHORIZATION}).
 */
public final class AuthorizationRule
{
    private final SubjectPatterns original;
    private final Optional<NamePattern> newUser;
    private final Optional<NamePattern> newRole;
    private final boolean allow;
    private final RuleReference reference;

    @JsonCreator
    public AuthorizationRule(
            @JsonProperty("original_user") @JsonAlias("originalUser") Optional<String> originalUser,
            @JsonProperty("original_group") @JsonAlias("originalGroup") Optional<String> originalGroup,
            @JsonProperty("original_role") @JsonAlias("originalRole") Optional<String> originalRole,
            @JsonProperty("new_user") @JsonAlias("newUser") Optional<String> newUser,
            @JsonProperty("new_role") @JsonAlias("newRole") Optional<String> newRole,
            @JsonProperty("allow") Optional<Boolean> allow,
            @JacksonInject RuleReference reference)
    {
        if (newUser.isEmpty() && newRole.isEmpty()) {
            throw new IllegalArgumentException("an authorization rule needs 'new_user' or 'new_role'");
        }
        this.original = SubjectPatterns.of(originalUser, originalRole, originalGroup);
        this.newUser = NamePattern.compile(newUser);
        this.newRole = NamePattern.compile(newRole);
        this.allow = allow.orElse(true);
        this.reference = requireNonNull(reference, "reference is null");
    }

    Optional<Boolean> match(Subject subject, TrinoPrincipal principal)
    {
        if (!original.matches(subject)) {
            return Optional.empty();
        }
        Optional<NamePattern> pattern = switch (principal.getType()) {
            case USER -> newUser;
            case ROLE -> newRole;
        };
        if (pattern.isEmpty() || !pattern.get().matches(principal.getName())) {
            return Optional.empty();
        }
        return Optional.of(allow);
    }

    RuleReference reference()
    {
        return reference;
    }
}
