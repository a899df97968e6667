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
 * An entry of {@code system_information}: who may read or write the cluster's system information.
 */
public final class SystemInformationRule
{
    public enum Access
    {
        READ, WRITE;

        @JsonCreator
        public static Access fromJson(String value)
        {
            for (Access access : values()) {
                if (access.name().equalsIgnoreCase(value)) {
                    return access;
                }
            }
            throw new IllegalArgumentException("system information access '%s' is none of read, write".formatted(value));
        }

        @JsonValue
        @Override
        public String toString()
        {
            return name().toLowerCase(Locale.ENGLISH);
        }
    }

    private final Optional<NamePattern> user;
    private final Optional<NamePattern> role;
    private final Set<Access> allow;
    private final RuleReference reference;

    @JsonCreator
    public SystemInformationRule(
            @JsonProperty("allow") Set<Access> allow,
            @JsonProperty("user") Optional<String> user,
            @JsonProperty("role") Optional<String> role,
            @JacksonInject RuleReference reference)
    {
        this.allow = Rules.requiredSet(allow, "allow");
        this.user = NamePattern.compile(user);
        this.role = NamePattern.compile(role);
        this.reference = requireNonNull(reference, "reference is null");
    }

    boolean matches(Subject subject)
    {
        return NamePattern.matches(user, subject.user()) && (role.isEmpty() || role.get().matchesAny(subject.roles()));
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
