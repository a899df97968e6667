package dev.lakehouse.access.rules;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * An entry of {@code queries}: who may execute queries, and view or kill the queries of which owners.
 */
public final class QueryRule
{
    public enum Access
    {
        EXECUTE, VIEW, KILL;

        @JsonCreator
        public static Access fromJson(String value)
        {
            for (Access access : values()) {
                if (access.name().equalsIgnoreCase(value)) {
                    return access;
                }
            }
            throw new IllegalArgumentException("query access '%s' is none of execute, view, kill".formatted(value));
        }

        @JsonValue
        @Override
        public String toString()
        {
            return name().toLowerCase(Locale.ENGLISH);
        }
    }

    private final SubjectPatterns subject;
    private final Optional<NamePattern> queryOwner;
    private final Set<Access> allow;
    private final RuleReference reference;

    @JsonCreator
    public QueryRule(
            @JsonProperty("allow") Set<Access> allow,
            @JsonProperty("user") Optional<String> user,
            @JsonProperty("role") Optional<String> role,
            @JsonProperty("group") Optional<String> group,
            @JsonProperty("queryOwner") Optional<String> queryOwner,
            @JacksonInject RuleReference reference)
    {
        this.subject = SubjectPatterns.of(user, role, group);
        this.queryOwner = NamePattern.compile(queryOwner);
        this.allow = Rules.requiredSet(allow, "allow");
        this.reference = requireNonNull(reference, "reference is null");
        if (queryOwner.isPresent() && this.allow.contains(Access.EXECUTE)) {
            throw new IllegalArgumentException("a rule with 'queryOwner' cannot allow 'execute': users execute only their own queries");
        }
    }

    /**
     * Matches when the subject matches and either no owner is asked about and the rule names no
     * owner (execute), or an owner is asked about and matches the rule's owner pattern, if any.
     */
    boolean matches(Subject subject, Optional<String> owner)
    {
        if (!this.subject.matches(subject)) {
            return false;
        }
        if (owner.isEmpty()) {
            return queryOwner.isEmpty();
        }
        return NamePattern.matches(queryOwner, owner.get());
    }

    Set<Access> allow()
    {
        return allow;
    }

    RuleReference reference()
    {
        return reference;
    }
}
