package dev.lakehouse.access.rules;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableSet;

import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * An entry of {@code functions} or {@code procedures}: who may execute, grant execution of, or own
 * which routines. Functions name the routine with {@code function}, procedures with {@code procedure}.
 */
public final class RoutineRule
{
    public enum Privilege
    {
        EXECUTE, GRANT_EXECUTE, OWNERSHIP
    }

    private final SubjectPatterns subject;
    private final Optional<NamePattern> catalog;
    private final Optional<NamePattern> schema;
    private final Optional<NamePattern> routine;
    private final Set<Privilege> privileges;
    private final RuleReference reference;

    RoutineRule(SubjectPatterns subject, Optional<NamePattern> catalog, Optional<NamePattern> schema, Optional<NamePattern> routine, Set<Privilege> privileges, RuleReference reference)
    {
        this.subject = requireNonNull(subject, "subject is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.routine = requireNonNull(routine, "routine is null");
        this.privileges = ImmutableSet.copyOf(privileges);
        this.reference = requireNonNull(reference, "reference is null");
    }

    @JsonCreator
    public static RoutineRule function(
            @JsonProperty("privileges") Set<Privilege> privileges,
            @JsonProperty("user") Optional<String> user,
            @JsonProperty("role") Optional<String> role,
            @JsonProperty("group") Optional<String> group,
            @JsonProperty("catalog") Optional<String> catalog,
            @JsonProperty("schema") Optional<String> schema,
            @JsonProperty("function") Optional<String> function,
            @JsonProperty("function_kinds") @JsonAlias("functionKinds") Optional<Set<String>> functionKinds,
            @JacksonInject RuleReference reference)
    {
        if (functionKinds.isPresent() && !functionKinds.get().isEmpty()) {
            throw new IllegalArgumentException("'function_kinds' is no longer supported: Trino removed it from its rules format");
        }
        return new RoutineRule(SubjectPatterns.of(user, role, group), NamePattern.compile(catalog), NamePattern.compile(schema), NamePattern.compile(function), Rules.requiredSet(privileges, "privileges"), reference);
    }

    /**
     * The rule {@code procedures} entries are read with; they name the routine {@code procedure}
     * and know no ownership.
     */
    public record ProcedureEntry(RoutineRule rule)
    {
        @JsonCreator
        public static ProcedureEntry fromJson(
                @JsonProperty("privileges") Set<Privilege> privileges,
                @JsonProperty("user") Optional<String> user,
                @JsonProperty("role") Optional<String> role,
                @JsonProperty("group") Optional<String> group,
                @JsonProperty("catalog") Optional<String> catalog,
                @JsonProperty("schema") Optional<String> schema,
                @JsonProperty("procedure") Optional<String> procedure,
                @JacksonInject RuleReference reference)
        {
            Set<Privilege> required = Rules.requiredSet(privileges, "privileges");
            if (required.contains(Privilege.OWNERSHIP)) {
                throw new IllegalArgumentException("procedures have no OWNERSHIP privilege: use EXECUTE or GRANT_EXECUTE");
            }
            return new ProcedureEntry(new RoutineRule(SubjectPatterns.of(user, role, group), NamePattern.compile(catalog), NamePattern.compile(schema), NamePattern.compile(procedure), required, reference));
        }
    }

    /**
     * What Trino does when the policy has no {@code functions} or {@code procedures} section:
     * the built-in routines ({@code system.builtin}) may be executed by everyone.
     */
    static RoutineRule allowBuiltIn(RuleReference reference)
    {
        return new RoutineRule(
                SubjectPatterns.ANYONE,
                Optional.of(NamePattern.compile("system")),
                Optional.of(NamePattern.compile("builtin")),
                Optional.empty(),
                ImmutableSet.of(Privilege.EXECUTE, Privilege.GRANT_EXECUTE),
                reference);
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

    boolean matches(Subject subject, String catalogName, String schemaName, String routineName)
    {
        return this.subject.matches(subject) &&
                NamePattern.matches(catalog, catalogName) &&
                NamePattern.matches(schema, schemaName) &&
                NamePattern.matches(routine, routineName);
    }

    boolean hasAnyPrivilege()
    {
        return !privileges.isEmpty();
    }

    boolean canExecute()
    {
        return privileges.contains(Privilege.EXECUTE) || privileges.contains(Privilege.GRANT_EXECUTE);
    }

    boolean canGrantExecute()
    {
        return privileges.contains(Privilege.GRANT_EXECUTE);
    }

    boolean isOwner()
    {
        return privileges.contains(Privilege.OWNERSHIP);
    }

    RuleReference reference()
    {
        return reference;
    }
}
