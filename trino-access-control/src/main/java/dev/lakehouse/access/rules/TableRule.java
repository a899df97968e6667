package dev.lakehouse.access.rules;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static java.util.Objects.requireNonNull;

/**
 * An entry of {@code tables}: privileges on matching tables, with column restrictions, column
 * masks and a row filter. The first entry that matches a user and a table decides.
 */
public final class TableRule
{
    private final SubjectPatterns subject;
    private final Optional<NamePattern> catalog;
    private final Optional<NamePattern> schema;
    private final Optional<NamePattern> table;
    private final Set<TablePrivilege> privileges;
    private final int privilegeMask;
    private final Map<String, ColumnRule> columns;
    private final Set<String> restrictedColumns;
    private final Optional<String> filter;
    private final Optional<ExpressionEnvironment> filterEnvironment;
    private final RuleReference reference;

    @JsonCreator
    public TableRule(
            @JsonProperty("privileges") Set<TablePrivilege> privileges,
            @JsonProperty("columns") Optional<List<ColumnRule>> columns,
            @JsonProperty("filter") Optional<String> filter,
            @JsonProperty("filter_environment") Optional<ExpressionEnvironment> filterEnvironment,
            @JsonProperty("user") Optional<String> user,
            @JsonProperty("role") Optional<String> role,
            @JsonProperty("group") Optional<String> group,
            @JsonProperty("schema") Optional<String> schema,
            @JsonProperty("table") Optional<String> table,
            @JsonProperty("catalog") Optional<String> catalog,
            @JacksonInject RuleReference reference)
    {
        this(
                SubjectPatterns.of(user, role, group),
                NamePattern.compile(catalog),
                NamePattern.compile(schema),
                NamePattern.compile(table),
                Rules.requiredSet(privileges, "privileges"),
                columns.orElse(List.of()),
                filter,
                filterEnvironment,
                reference);
    }

    TableRule(
            SubjectPatterns subject,
            Optional<NamePattern> catalog,
            Optional<NamePattern> schema,
            Optional<NamePattern> table,
            Set<TablePrivilege> privileges,
            List<ColumnRule> columns,
            Optional<String> filter,
            Optional<ExpressionEnvironment> filterEnvironment,
            RuleReference reference)
    {
        this.subject = requireNonNull(subject, "subject is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.table = requireNonNull(table, "table is null");
        this.privileges = privileges.isEmpty() ? ImmutableSet.of() : ImmutableSet.copyOf(EnumSet.copyOf(privileges));
        this.privilegeMask = TablePrivilege.mask(this.privileges);
        ImmutableMap.Builder<String, ColumnRule> columnsByName = ImmutableMap.builder();
        for (ColumnRule column : columns) {
            columnsByName.put(column.name(), column);
        }
        try {
            this.columns = columnsByName.buildOrThrow();
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a column is listed twice in 'columns': " + e.getMessage(), e);
        }
        this.restrictedColumns = columns.stream()
                .filter(column -> !column.allowed())
                .map(ColumnRule::name)
                .collect(toImmutableSet());
        this.filter = requireNonNull(filter, "filter is null");
        this.filterEnvironment = requireNonNull(filterEnvironment, "filterEnvironment is null");
        this.reference = requireNonNull(reference, "reference is null");
    }

    /**
     * What Trino does when the policy has no {@code tables} section: everything is allowed.
     */
    static TableRule allowAll(RuleReference reference)
    {
        return new TableRule(
                SubjectPatterns.ANYONE,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                EnumSet.allOf(TablePrivilege.class),
                List.of(),
                Optional.empty(),
                Optional.empty(),
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

    boolean matchesTable(String tableName)
    {
        return NamePattern.matches(table, tableName);
    }

    Set<TablePrivilege> privileges()
    {
        return privileges;
    }

    /**
     * The privileges as bits by ordinal, for the checks on many tables.
     */
    int privilegeMask()
    {
        return privilegeMask;
    }

    Set<String> restrictedColumns()
    {
        return restrictedColumns;
    }

    Optional<ColumnRule> column(String name)
    {
        return Optional.ofNullable(columns.get(name));
    }

    boolean hasMasks()
    {
        return columns.values().stream().anyMatch(column -> column.mask().isPresent());
    }

    Optional<String> filter()
    {
        return filter;
    }

    Optional<ExpressionEnvironment> filterEnvironment()
    {
        return filterEnvironment;
    }

    RuleReference reference()
    {
        return reference;
    }
}
