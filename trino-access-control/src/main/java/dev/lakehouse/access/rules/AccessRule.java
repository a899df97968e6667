package dev.lakehouse.access.rules;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Sets;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * An entry of {@code rules} (ours): allows or denies table privileges, denies columns, masks columns
 * or filters rows, for the users, groups and roles it names (minus its exceptions), on the tables and
 * columns it selects by name pattern or by tag.
 * <p>
 * Unlike Trino's order-based sections, every matching rule counts: a matching {@code deny} wins over
 * any allow, allows add up, filters combine with AND, and the first matching mask (in file order)
 * masks a column.
 */
public final class AccessRule
{
    public enum Effect
    {
        ALLOW, DENY, MASK, FILTER;

        @JsonCreator
        public static Effect fromJson(String value)
        {
            for (Effect effect : values()) {
                if (effect.name().equalsIgnoreCase(value)) {
                    return effect;
                }
            }
            throw new IllegalArgumentException("effect '%s' is none of allow, deny, mask, filter".formatted(value));
        }

        @Override
        public String toString()
        {
            return name().toLowerCase(Locale.ENGLISH);
        }
    }

    private static final Set<TablePrivilege> COLUMN_PRIVILEGES = EnumSet.of(TablePrivilege.SELECT, TablePrivilege.GRANT_SELECT, TablePrivilege.UPDATE);

    private final Optional<String> name;
    private final Effect effect;
    private final SubjectPatterns subject;
    private final SubjectPatterns except;
    private final Optional<NamePattern> catalog;
    private final Optional<NamePattern> schema;
    private final Optional<NamePattern> table;
    private final Optional<NamePattern> column;
    private final Optional<String> tag;
    private final Set<TablePrivilege> privileges;
    private final int privilegeMask;
    private final Optional<String> mask;
    private final Optional<String> filter;
    private final Optional<ExpressionEnvironment> filterEnvironment;
    private final boolean showStatistics;
    private final RuleReference reference;

    @JsonCreator
    public AccessRule(
            @JsonProperty("name") Optional<String> name,
            @JsonProperty("effect") Effect effect,
            @JsonProperty("user") Optional<String> user,
            @JsonProperty("group") Optional<String> group,
            @JsonProperty("role") Optional<String> role,
            @JsonProperty("except_user") Optional<String> exceptUser,
            @JsonProperty("except_group") Optional<String> exceptGroup,
            @JsonProperty("except_role") Optional<String> exceptRole,
            @JsonProperty("catalog") Optional<String> catalog,
            @JsonProperty("schema") Optional<String> schema,
            @JsonProperty("table") Optional<String> table,
            @JsonProperty("column") Optional<String> column,
            @JsonProperty("tag") Optional<String> tag,
            @JsonProperty("privileges") Optional<Set<TablePrivilege>> privileges,
            @JsonProperty("mask") Optional<String> mask,
            @JsonProperty("filter") Optional<String> filter,
            @JsonProperty("filter_environment") Optional<ExpressionEnvironment> filterEnvironment,
            @JsonProperty("show_statistics") Optional<Boolean> showStatistics,
            @JacksonInject RuleReference reference)
    {
        this.name = requireNonNull(name, "name is null");
        this.effect = Rules.required(effect, "effect");
        this.subject = SubjectPatterns.of(user, role, group);
        this.except = SubjectPatterns.of(exceptUser, exceptRole, exceptGroup);
        this.catalog = NamePattern.compile(catalog);
        this.schema = NamePattern.compile(schema);
        this.table = NamePattern.compile(table);
        this.column = NamePattern.compile(column);
        this.tag = tag.map(TagRule::checkTagName);
        this.mask = requireNonNull(mask, "mask is null");
        this.filter = requireNonNull(filter, "filter is null");
        this.filterEnvironment = requireNonNull(filterEnvironment, "filterEnvironment is null");
        this.reference = requireNonNull(reference.withName(name), "reference is null");

        this.privileges = switch (this.effect) {
            case ALLOW -> allowedPrivileges(privileges);
            case DENY -> deniedPrivileges(privileges);
            case MASK -> {
                rejectPresent(privileges, "privileges", "mask");
                rejectPresent(filter, "filter", "mask");
                if (mask.isEmpty()) {
                    throw new IllegalArgumentException("a mask rule needs 'mask': the name of a mask template (hash, redact, show_last_4, show_first_4, null, year) or of an entry of 'masks'");
                }
                yield ImmutableSet.of();
            }
            case FILTER -> {
                rejectPresent(privileges, "privileges", "filter");
                rejectPresent(mask, "mask", "filter");
                rejectColumn("a filter rule filters rows of tables and cannot select a column");
                if (filter.isEmpty() || filter.get().isBlank()) {
                    throw new IllegalArgumentException("a filter rule needs 'filter': a boolean SQL expression over the table's columns");
                }
                yield ImmutableSet.of();
            }
        };
        this.privilegeMask = TablePrivilege.mask(this.privileges);
        if (filterEnvironment.isPresent() && this.effect != Effect.FILTER) {
            throw new IllegalArgumentException("'filter_environment' belongs to filter rules only");
        }
        if (showStatistics.isPresent() && this.effect != Effect.FILTER) {
            throw new IllegalArgumentException("'show_statistics' belongs to filter rules only");
        }
        this.showStatistics = showStatistics.orElse(false);
    }

    private Set<TablePrivilege> allowedPrivileges(Optional<Set<TablePrivilege>> privileges)
    {
        Set<TablePrivilege> allowed = Sets.immutableEnumSet(privileges.orElseThrow(() -> new IllegalArgumentException("an allow rule needs 'privileges'")));
        if (allowed.isEmpty()) {
            throw new IllegalArgumentException("an allow rule with empty 'privileges' allows nothing; write a deny rule to deny");
        }
        rejectColumn("an allow rule grants table privileges and cannot select a column; deny or mask columns instead");
        rejectPresent(mask, "mask", "allow");
        rejectPresent(filter, "filter", "allow");
        return allowed;
    }

    private Set<TablePrivilege> deniedPrivileges(Optional<Set<TablePrivilege>> privileges)
    {
        Set<TablePrivilege> denied = privileges.isPresent() ? Sets.immutableEnumSet(privileges.get()) : Sets.immutableEnumSet(EnumSet.allOf(TablePrivilege.class));
        if (denied.isEmpty()) {
            throw new IllegalArgumentException("a deny rule with empty 'privileges' denies nothing; leave 'privileges' out to deny all");
        }
        if (column.isPresent() && !COLUMN_PRIVILEGES.containsAll(denied)) {
            throw new IllegalArgumentException("a deny rule for columns can deny only SELECT, GRANT_SELECT and UPDATE, not %s".formatted(Sets.difference(denied, COLUMN_PRIVILEGES)));
        }
        rejectPresent(mask, "mask", "deny");
        rejectPresent(filter, "filter", "deny");
        return denied;
    }

    private void rejectColumn(String message)
    {
        if (column.isPresent()) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void rejectPresent(Optional<?> value, String property, String effect)
    {
        if (value.isPresent()) {
            throw new IllegalArgumentException("'%s' does not belong to a rule with effect %s".formatted(property, effect));
        }
    }

    public Optional<String> name()
    {
        return name;
    }

    Effect effect()
    {
        return effect;
    }

    /**
     * Whether the rule applies to the subject: all its conditions hold and none of its exceptions does.
     */
    boolean appliesTo(Subject subject)
    {
        return this.subject.matches(subject) && !except.matchesAnyPresent(subject);
    }

    Optional<String> tag()
    {
        return tag;
    }

    boolean selectsColumns()
    {
        return column.isPresent();
    }

    boolean matchesCatalog(String catalogName)
    {
        return NamePattern.matches(catalog, catalogName);
    }

    boolean matchesSchema(String schemaName)
    {
        return NamePattern.matches(schema, schemaName);
    }

    boolean matchesTableName(String tableName)
    {
        return NamePattern.matches(table, tableName);
    }

    boolean matchesColumnName(String columnName)
    {
        return NamePattern.matches(column, columnName);
    }

    Set<TablePrivilege> privileges()
    {
        return privileges;
    }

    int privilegeMask()
    {
        return privilegeMask;
    }

    /**
     * Whether the rule decides table privileges: an allow rule, or a deny rule that names no column.
     */
    boolean decidesTablePrivileges()
    {
        return (effect == Effect.ALLOW || effect == Effect.DENY) && column.isEmpty();
    }

    /**
     * Whether the rule can deny or mask columns: a mask rule, or a deny rule that names a column or a tag.
     */
    boolean governsColumns()
    {
        return effect == Effect.MASK || (effect == Effect.DENY && (column.isPresent() || tag.isPresent()));
    }

    Optional<String> mask()
    {
        return mask;
    }

    Optional<String> filter()
    {
        return filter;
    }

    Optional<ExpressionEnvironment> filterEnvironment()
    {
        return filterEnvironment;
    }

    /**
     * For filter rules: whether the statistics of the table's columns stay visible to the users
     * the filter applies to (false by default: they would describe the rows the filter hides).
     */
    boolean showStatistics()
    {
        return showStatistics;
    }

    RuleReference reference()
    {
        return reference;
    }
}
