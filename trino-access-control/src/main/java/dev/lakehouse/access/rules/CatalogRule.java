package dev.lakehouse.access.rules;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An entry of {@code catalogs}: who may use which catalogs, and how.
 */
public final class CatalogRule
{
    private final SubjectPatterns subject;
    private final Optional<NamePattern> catalog;
    private final CatalogAccessMode access;
    private final RuleReference reference;

    @JsonCreator
    public CatalogRule(
            @JsonProperty("allow") CatalogAccessMode access,
            @JsonProperty("user") Optional<String> user,
            @JsonProperty("role") Optional<String> role,
            @JsonProperty("group") Optional<String> group,
            @JsonProperty("catalog") Optional<String> catalog,
            @JacksonInject RuleReference reference)
    {
        this(SubjectPatterns.of(user, role, group), NamePattern.compile(catalog), Rules.required(access, "allow"), reference);
    }

    CatalogRule(SubjectPatterns subject, Optional<NamePattern> catalog, CatalogAccessMode access, RuleReference reference)
    {
        this.subject = requireNonNull(subject, "subject is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.access = requireNonNull(access, "access is null");
        this.reference = requireNonNull(reference, "reference is null");
    }

    SubjectPatterns subject()
    {
        return subject;
    }

    boolean matchesCatalog(String catalogName)
    {
        return NamePattern.matches(catalog, catalogName);
    }

    CatalogAccessMode access()
    {
        return access;
    }

    RuleReference reference()
    {
        return reference;
    }
}
