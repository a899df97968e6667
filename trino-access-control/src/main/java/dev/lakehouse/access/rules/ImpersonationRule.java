package dev.lakehouse.access.rules;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * An entry of {@code impersonation}: which users may act as which others. {@code new_user} may
 * refer to groups captured by {@code original_user} ({@code $1}).
 */
public final class ImpersonationRule
{
    private static final Pattern GROUP_REFERENCE = Pattern.compile("\\$(\\d+)");

    private final Optional<Pattern> originalUser;
    private final Optional<NamePattern> originalRole;
    private final String newUser;
    private final boolean allow;
    private final RuleReference reference;

    @JsonCreator
    public ImpersonationRule(
            @JsonProperty("original_user") @JsonAlias("originalUser") Optional<String> originalUser,
            @JsonProperty("original_role") Optional<String> originalRole,
            @JsonProperty("new_user") @JsonAlias("newUser") String newUser,
            @JsonProperty("allow") Optional<Boolean> allow,
            @JacksonInject RuleReference reference)
    {
        this.originalUser = NamePattern.compile(originalUser).map(pattern -> Pattern.compile(pattern.pattern()));
        this.originalRole = NamePattern.compile(originalRole);
        this.newUser = Rules.required(newUser, "new_user");
        NamePattern.compile(newUser);
        this.allow = allow.orElse(true);
        this.reference = requireNonNull(reference, "reference is null");

        int groups = this.originalUser.map(pattern -> pattern.matcher("").groupCount()).orElse(0);
        Matcher references = GROUP_REFERENCE.matcher(newUser);
        while (references.find()) {
            if (Integer.parseInt(references.group(1)) > groups) {
                throw new IllegalArgumentException("'new_user' refers to group %s, but 'original_user' captures %s group(s)".formatted(references.group(1), groups));
            }
        }
    }

    /**
     * @return empty when the rule does not apply, else whether it allows the impersonation
     */
    Optional<Boolean> match(Subject subject, String requestedUser)
    {
        String newUserPattern = newUser;
        if (originalUser.isPresent()) {
            Matcher matcher = originalUser.get().matcher(subject.user());
            if (!matcher.matches()) {
                return Optional.empty();
            }
            StringBuilder replaced = new StringBuilder();
            matcher.appendReplacement(replaced, newUser);
            newUserPattern = replaced.toString();
        }
        if (originalRole.isPresent() && !originalRole.get().matchesAny(subject.roles())) {
            return Optional.empty();
        }
        if (!Pattern.compile(newUserPattern).matcher(requestedUser).matches()) {
            return Optional.empty();
        }
        return Optional.of(allow);
    }

    RuleReference reference()
    {
        return reference;
    }
}
