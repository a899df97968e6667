package dev.lakehouse.access.rules;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An entry of {@code system_session_properties} (no catalog) or {@code catalog_session_properties}:
 * who may set which session properties.
 */
public final class SessionPropertyRule
{
    private final SubjectPatterns subject;
    private final Optional<NamePattern> catalog;
    private final Optional<NamePattern> property;
    private final boolean allow;
    private final RuleReference reference;

    @JsonCreator
    public SessionPropertyRule(
            @JsonProperty("allow") boolean allow,
            @JsonProperty("user") Optional<String> user,
            @JsonProperty("role") Optional<String> role,
            @JsonProperty("group") Optional<String> group,
            @JsonProperty("property") Optional<String> property,
            @JsonProperty("catalog") Optional<String> catalog,
            @JacksonInject RuleReference reference)
    {
        this(SubjectPatterns.of(user, role, group), NamePattern.compile(catalog), NamePattern.compile(property), allow, reference);
    }

    SessionPropertyRule(SubjectPatterns subject, Optional<NamePattern> catalog, Optional<NamePattern> property, boolean allow, RuleReference reference)
    {
        this.subject = requireNonNull(subject, "subject is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.property = requireNonNull(property, "property is null");
        this.allow = allow;
        this.reference = requireNonNull(reference, "reference is null");
    }

    static SessionPropertyRule allowAll(RuleReference reference)
    {
        return new SessionPropertyRule(SubjectPatterns.ANYONE, Optional.empty(), Optional.empty(), true, reference);
    }

    boolean hasCatalog()
    {
        return catalog.isPresent();
    }

    SubjectPatterns subject()
    {
        return subject;
    }

    boolean matchesCatalog(String catalogName)
    {
        return NamePattern.matches(catalog, catalogName);
    }

    boolean matchesProperty(String propertyName)
    {
        return NamePattern.matches(property, propertyName);
    }

    boolean allow()
    {
        return allow;
    }

    RuleReference reference()
    {
        return reference;
    }
}
