package dev.lakehouse.access.rules;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An entry of {@code schemas}: who owns which schemas.
 */
public final class SchemaRule
{
    private final SubjectPatterns subject;
    private final Optional<NamePattern> catalog;
    private final Optional<NamePattern> schema;
    private final boolean owner;
    private final RuleReference reference;

    @JsonCreator
    public SchemaRule(
            @JsonProperty("owner") boolean owner,
            @JsonProperty("user") Optional<String> user,
            @JsonProperty("role") Optional<String> role,
            @JsonProperty("group") Optional<String> group,
            @JsonProperty("schema") Optional<String> schema,
            @JsonProperty("catalog") Optional<String> catalog,
            @JacksonInject RuleReference reference)
    {
        this(SubjectPatterns.of(user, role, group), NamePattern.compile(catalog), NamePattern.compile(schema), owner, reference);
    }

    SchemaRule(SubjectPatterns subject, Optional<NamePattern> catalog, Optional<NamePattern> schema, boolean owner, RuleReference reference)
    {
        this.subject = requireNonNull(subject, "subject is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.owner = owner;
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

    boolean matchesSchema(String schemaName)
    {
        return NamePattern.matches(schema, schemaName);
    }

    boolean owner()
    {
        return owner;
    }

    RuleReference reference()
    {
        return reference;
    }
}
