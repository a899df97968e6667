package dev.lakehouse.access.rules;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * An entry of {@code principals}: which authenticated principals may connect as which users.
 */
public final class PrincipalRule
{
    private final Pattern principal;
    private final Optional<NamePattern> user;
    private final Optional<String> principalToUser;
    private final boolean allow;
    private final RuleReference reference;

    @JsonCreator
    public PrincipalRule(
            @JsonProperty("principal") String principal,
            @JsonProperty("user") Optional<String> user,
            @JsonProperty("principal_to_user") Optional<String> principalToUser,
            @JsonProperty("allow") boolean allow,
            @JacksonInject RuleReference reference)
    {
        this.principal = Pattern.compile(NamePattern.compile(Rules.required(principal, "principal")).pattern());
        this.user = NamePattern.compile(user);
        this.principalToUser = requireNonNull(principalToUser, "principalToUser is null");
        this.allow = allow;
        this.reference = requireNonNull(reference, "reference is null");
        if (user.isEmpty() && principalToUser.isEmpty()) {
            throw new IllegalArgumentException("a principal rule needs 'user' or 'principal_to_user'");
        }
    }

    Optional<Boolean> match(String principalName, String userName)
    {
        Matcher matcher = principal.matcher(principalName);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        if (user.isPresent() && user.get().matches(userName)) {
            return Optional.of(allow);
        }
        if (principalToUser.isPresent() && userName.equals(matcher.replaceAll(principalToUser.get()))) {
            return Optional.of(allow);
        }
        return Optional.empty();
    }

    RuleReference reference()
    {
        return reference;
    }
}
