package dev.lakehouse.access.rules;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.access.masks.MaskTemplate;
import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.security.ViewExpression;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.lakehouse.access.rules.CatalogAccessMode.READ_ONLY;
import static dev.lakehouse.access.rules.Policy.noMatch;
import static dev.lakehouse.access.rules.TablePrivilege.GRANT_SELECT;
import static dev.lakehouse.access.rules.TablePrivilege.SELECT;
import static dev.lakehouse.access.rules.TablePrivilege.UPDATE;
import static java.util.Objects.requireNonNull;

/**
 * What one user may do with one table, and the rule behind each answer.
 * <p>
 * A privilege is decided in this order:
 * <ol>
 * <li>a matching {@code deny} rule of ours denies it, whatever else allows it;</li>
 * <li>else the first matching entry of {@code tables} (Trino's meaning) denies it when its
 *     {@code privileges} are empty, and allows it when it lists it;</li>
 * <li>else a matching {@code allow} rule of ours that lists it allows it;</li>
 * <li>else it is denied.</li>
 * </ol>
 * The catalog must allow the access as in Trino (read-only for SELECT, all for the others).
 * Column restrictions, masks and the filter of the first matching {@code tables} entry always
 * apply; our column denials, masks and filters apply in addition.
 * <p>
 * A metadata table of a connector ({@code orders$files}, {@code orders$partitions}, ...) is
 * governed by the rules of its table ({@code orders}) for our rules and tags, and is closed
 * entirely to a user for whom the table has column restrictions, masks or row filters: such tables
 * show column bounds, partition values and row counts that masks and filters would hide.
 */
public final class TableAccess
{
    private static final String INFORMATION_SCHEMA = "information_schema";
    private static final RuleReference INFORMATION_SCHEMA_RULE = RuleReference.implicit("built-in: information_schema is open; its rows are filtered by table and column (as in Trino)");

    /**
     * The "template" of the masks that only hide statistics (see {@link #hideStatistics}).
     */
    public static final String HIDE_STATISTICS = "hide_statistics";

    private static final TablePrivilege[] PRIVILEGES = TablePrivilege.values();

    private final SchemaScope scope;
    private final String table;
    private final String baseTable;
    private final boolean informationSchema;
    private final TableRule tableRule;
    private final Set<String> tableTags;
    // the first of our deny and allow rules for each privilege (by ordinal); null when there is none
    private final AccessRule[] deniedBy;
    private final AccessRule[] allowedBy;
    private final RuleReference metadataTableClosed;
    // bit i set when privilege i is allowed at table level (the catalog is checked separately)
    private final int allowed;
    private List<AccessRule> columnRules;
    private List<AccessRule> filterRules;
    private List<TagRule> columnTags;

    TableAccess(SchemaScope scope, String table)
    {
        this.scope = requireNonNull(scope, "scope is null");
        this.table = requireNonNull(table, "table is null");
        this.baseTable = baseTable(table);
        this.informationSchema = INFORMATION_SCHEMA.equals(scope.schema());
        this.tableRule = firstTableRule(table);
        this.tableTags = scope.tags().ofTable(scope.catalog(), scope.schema(), baseTable);

        // Runs for each of possibly 100,000 tables of a listing: no allocation unless a rule of ours matches
        AccessRule[] deniedBy = null;
        AccessRule[] allowedBy = null;
        int denyMask = 0;
        int allowMask = 0;
        for (AccessRule rule : scope.tablePrivilegeRules()) {
            if (!rule.matchesTableName(baseTable) || (rule.tag().isPresent() && !Tags.anyWithin(tableTags, rule.tag().get()))) {
                continue;
            }
            int newPrivileges;
            if (rule.effect() == AccessRule.Effect.DENY) {
                newPrivileges = rule.privilegeMask() & ~denyMask;
                if (newPrivileges != 0) {
                    deniedBy = deniedBy == null ? new AccessRule[PRIVILEGES.length] : deniedBy;
                    denyMask |= newPrivileges;
                    remember(deniedBy, newPrivileges, rule);
                }
            }
            else {
                newPrivileges = rule.privilegeMask() & ~allowMask;
                if (newPrivileges != 0) {
                    allowedBy = allowedBy == null ? new AccessRule[PRIVILEGES.length] : allowedBy;
                    allowMask |= newPrivileges;
                    remember(allowedBy, newPrivileges, rule);
                }
            }
        }
        this.deniedBy = deniedBy;
        this.allowedBy = allowedBy;

        this.metadataTableClosed = table.equals(baseTable) ? null : restrictionOfBaseTable()
                .map(restriction -> RuleReference.implicit("built-in: metadata table '%s' is closed to users with column restrictions, masks or row filters on '%s' (%s)".formatted(table, baseTable, restriction.describe())))
                .orElse(null);

        int allowed = 0;
        if (metadataTableClosed == null) {
            if (tableRule != null) {
                // an empty privilege list is Trino's way to deny: it wins over our allow rules
                allowed = tableRule.privilegeMask() == 0 ? 0 : tableRule.privilegeMask() | allowMask;
            }
            else {
                allowed = allowMask;
            }
            allowed &= ~denyMask;
        }
        this.allowed = allowed;
    }

    private static void remember(AccessRule[] rules, int privileges, AccessRule rule)
    {
        for (int ordinal = 0; ordinal < PRIVILEGES.length; ordinal++) {
            if ((privileges & (1 << ordinal)) != 0) {
                rules[ordinal] = rule;
            }
        }
    }

    /**
     * The decision on one privilege at table level, and the rule behind it.
     */
    private Decision decide(TablePrivilege privilege)
    {
        int ordinal = privilege.ordinal();
        if ((allowed & (1 << ordinal)) != 0) {
            if (tableRule != null && tableRule.privileges().contains(privilege)) {
                return Decision.allow(tableRule.reference());
            }
            return Decision.allow(allowedBy[ordinal].reference());
        }
        if (metadataTableClosed != null) {
            return Decision.deny(metadataTableClosed);
        }
        if (deniedBy != null && deniedBy[ordinal] != null) {
            return Decision.deny(deniedBy[ordinal].reference());
        }
        return Decision.deny(tableRule == null ? noMatch("tables") : tableRule.reference());
    }

    private boolean isMetadataTable()
    {
        return !table.equals(baseTable);
    }

    /**
     * The table a connector's metadata table describes: {@code orders} for {@code orders$files}.
     */
    static String baseTable(String table)
    {
        int separator = table.indexOf('$');
        return separator > 0 ? table.substring(0, separator) : table;
    }

    private TableRule firstTableRule(String name)
    {
        for (TableRule rule : scope.tableRules()) {
            if (rule.matchesTable(name)) {
                return rule;
            }
        }
        return null;
    }

    /**
     * A rule that restricts what the user sees of the base table (columns, masks, filters), if any.
     * Column names are unknown here, so a column rule counts as soon as it can apply to the table.
     */
    private Optional<RuleReference> restrictionOfBaseTable()
    {
        TableRule baseRule = firstTableRule(baseTable);
        if (baseRule != null && (!baseRule.restrictedColumns().isEmpty() || baseRule.hasMasks() || baseRule.filter().isPresent())) {
            return Optional.of(baseRule.reference());
        }
        if (!filterRules().isEmpty()) {
            return Optional.of(filterRules().getFirst().reference());
        }
        for (AccessRule rule : columnRules()) {
            if (rule.effect() == AccessRule.Effect.DENY && !rule.privileges().contains(SELECT)) {
                continue;
            }
            Optional<String> tag = rule.tag();
            if (tag.isEmpty() || Tags.anyWithin(tableTags, tag.get()) || scope.tags().mayTagColumnsOf(tag.get(), scope.catalog(), scope.schema(), baseTable)) {
                return Optional.of(rule.reference());
            }
        }
        return Optional.empty();
    }

    public String catalogName()
    {
        return scope.catalog();
    }

    public String schemaName()
    {
        return scope.schema();
    }

    public String tableName()
    {
        return table;
    }

    /**
     * The privilege, with the catalog access it needs (read-only for SELECT and GRANT_SELECT, all for the others).
     */
    public Decision privilege(TablePrivilege privilege)
    {
        Decision catalog = privilege.isSelect() ? scope.catalogReadOnly() : scope.catalogAll();
        if (catalog.denied()) {
            return catalog;
        }
        if (informationSchema) {
            return Decision.allow(INFORMATION_SCHEMA_RULE);
        }
        return decide(privilege);
    }

    /**
     * Whether the user has any privilege on the table, which makes it visible to them.
     */
    public Decision anyPrivilege()
    {
        Decision catalog = scope.catalogReadOnly();
        if (catalog.denied()) {
            return catalog;
        }
        if (informationSchema) {
            return Decision.allow(INFORMATION_SCHEMA_RULE);
        }
        if (allowed != 0) {
            return decide(PRIVILEGES[Integer.numberOfTrailingZeros(allowed)]);
        }
        return decide(SELECT);
    }

    /**
     * {@link #anyPrivilege()} without the explanation, for listings of many tables.
     */
    boolean hasAnyPrivilege()
    {
        return scope.catalogReadOnly().allowed() && (informationSchema || allowed != 0);
    }

    /**
     * Whether the user may select these columns; {@code catalogAccess} is what the catalog must allow.
     */
    public ColumnsDecision selectColumns(Set<String> columns, CatalogAccessMode catalogAccess)
    {
        Decision catalog = catalogAccess == READ_ONLY ? scope.catalogReadOnly() : scope.catalogAll();
        if (catalog.denied()) {
            return ColumnsDecision.table(catalog);
        }
        if (informationSchema) {
            return ColumnsDecision.table(Decision.allow(INFORMATION_SCHEMA_RULE));
        }
        Decision select = decide(SELECT).allowed() ? decide(SELECT) : decide(GRANT_SELECT);
        if (select.denied()) {
            return ColumnsDecision.table(decide(SELECT));
        }
        if (tableRule != null) {
            for (String column : columns) {
                if (tableRule.restrictedColumns().contains(column)) {
                    return ColumnsDecision.table(Decision.deny(tableRule.reference()));
                }
            }
        }
        return deniedColumns(columns, SELECT).orElse(ColumnsDecision.table(select));
    }

    /**
     * Whether a view owned by the user may select these columns for others: GRANT_SELECT, and no
     * column denied to them for SELECT or GRANT_SELECT.
     */
    public ColumnsDecision grantSelectColumns(Set<String> columns)
    {
        if (informationSchema) {
            return ColumnsDecision.table(Decision.allow(INFORMATION_SCHEMA_RULE));
        }
        Decision grant = decide(GRANT_SELECT);
        if (grant.denied()) {
            return ColumnsDecision.table(grant);
        }
        return deniedColumns(columns, GRANT_SELECT).orElse(ColumnsDecision.table(grant));
    }

    public ColumnsDecision updateColumns(Set<String> columns)
    {
        Decision update = privilege(UPDATE);
        if (update.denied() || informationSchema) {
            return ColumnsDecision.table(update);
        }
        return deniedColumns(columns, UPDATE).orElse(ColumnsDecision.table(update));
    }

    private Optional<ColumnsDecision> deniedColumns(Set<String> columns, TablePrivilege privilege)
    {
        AccessRule firstRule = null;
        ImmutableSet.Builder<String> denied = ImmutableSet.builder();
        for (String column : columns) {
            AccessRule rule = columnDenial(column, privilege);
            if (rule != null) {
                denied.add(column);
                if (firstRule == null) {
                    firstRule = rule;
                }
            }
        }
        if (firstRule == null) {
            return Optional.empty();
        }
        return Optional.of(new ColumnsDecision(Decision.deny(firstRule.reference()), denied.build()));
    }

    /**
     * The deny rule that forbids the column for the privilege; a denial of SELECT also forbids
     * GRANT_SELECT.
     */
    private AccessRule columnDenial(String column, TablePrivilege privilege)
    {
        for (AccessRule rule : columnRules()) {
            if (rule.effect() != AccessRule.Effect.DENY) {
                continue;
            }
            boolean covers = rule.privileges().contains(privilege) || (privilege == GRANT_SELECT && rule.privileges().contains(SELECT));
            if (covers && appliesToColumn(rule, column)) {
                return rule;
            }
        }
        return null;
    }

    private boolean appliesToColumn(AccessRule rule, String column)
    {
        if (!rule.matchesColumnName(column)) {
            return false;
        }
        Optional<String> tag = rule.tag();
        return tag.isEmpty() || Tags.anyWithin(tableTags, tag.get()) || Tags.anyWithin(columnTags(), column, tag.get());
    }

    /**
     * Our rules that can deny or mask columns of this table.
     */
    private List<AccessRule> columnRules()
    {
        if (columnRules == null) {
            ImmutableList.Builder<AccessRule> rules = ImmutableList.builder();
            for (AccessRule rule : scope.columnRules()) {
                if (rule.matchesTableName(baseTable)) {
                    rules.add(rule);
                }
            }
            columnRules = rules.build();
        }
        return columnRules;
    }

    /**
     * Our filter rules that apply to this table.
     */
    private List<AccessRule> filterRules()
    {
        if (filterRules == null) {
            ImmutableList.Builder<AccessRule> rules = ImmutableList.builder();
            for (AccessRule rule : scope.filterRules()) {
                if (rule.matchesTableName(baseTable) && (rule.tag().isEmpty() || Tags.anyWithin(tableTags, rule.tag().get()))) {
                    rules.add(rule);
                }
            }
            filterRules = rules.build();
        }
        return filterRules;
    }

    private List<TagRule> columnTags()
    {
        if (columnTags == null) {
            columnTags = scope.tags().columnEntriesOf(scope.catalog(), scope.schema(), baseTable);
        }
        return columnTags;
    }

    /**
     * The columns the user may see: none without any privilege; else all but those the first
     * matching {@code tables} entry forbids (when it gives only SELECT) and those our rules deny.
     */
    public Set<String> filterColumns(Set<String> columns)
    {
        if (anyPrivilege().denied()) {
            return ImmutableSet.of();
        }
        if (informationSchema) {
            return columns;
        }
        Set<String> restricted = ImmutableSet.of();
        if (tableRule != null && tableRule.privileges().stream().allMatch(TablePrivilege::isSelect)) {
            restricted = tableRule.restrictedColumns();
        }
        ImmutableSet.Builder<String> visible = ImmutableSet.builder();
        for (String column : columns) {
            if (!restricted.contains(column) && columnDenial(column, SELECT) == null) {
                visible.add(column);
            }
        }
        return visible.build();
    }

    /**
     * The masks of the given columns: the mask of the first matching {@code tables} entry for the
     * column, else the first of our mask rules (in file order) that applies to the column.
     */
    public Map<ColumnSchema, ColumnMask> columnMasks(List<ColumnSchema> columns)
    {
        if (informationSchema || isMetadataTable()) {
            return ImmutableMap.of();
        }
        ImmutableMap.Builder<ColumnSchema, ColumnMask> masks = ImmutableMap.builder();
        Optional<AccessRule> statisticsHiddenBy = statisticsHiddenBy();
        for (ColumnSchema column : columns) {
            Optional<ColumnMask> mask = columnMask(column);
            if (mask.isEmpty() && statisticsHiddenBy.isPresent()) {
                mask = Optional.of(hideStatistics(column, statisticsHiddenBy.get()));
            }
            mask.ifPresent(value -> masks.put(column, value));
        }
        return masks.buildOrThrow();
    }

    /**
     * The first of our filter rules on this table that keeps statistics hidden, if any.
     */
    private Optional<AccessRule> statisticsHiddenBy()
    {
        for (AccessRule rule : filterRules()) {
            if (!rule.showStatistics()) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /**
     * A mask that leaves each value as it is but that Trino's cost model cannot see through, so
     * the column's statistics, which the connector computes over all rows, filtered ones included
     * (SHOW STATS: lowest and highest value, distinct values, nulls), are not shown to the user.
     * The price: the user's own predicates on the column are no longer pushed into the connector.
     */
    private ColumnMask hideStatistics(ColumnSchema column, AccessRule filterRule)
    {
        String name = MaskTemplate.quote(column.getName());
        ViewExpression expression = ViewExpression.builder()
                .catalog(scope.catalog())
                .schema(scope.schema())
                .expression("IF(%s IS NULL, NULL, %s)".formatted(name, name))
                .build();
        return new ColumnMask(column.getName(), expression, filterRule.reference(), Optional.of(HIDE_STATISTICS));
    }

    public Optional<ColumnMask> columnMask(ColumnSchema column)
    {
        if (informationSchema || isMetadataTable()) {
            return Optional.empty();
        }
        if (tableRule != null) {
            Optional<ColumnRule> columnRule = tableRule.column(column.getName());
            if (columnRule.isPresent() && columnRule.get().mask().isPresent()) {
                ViewExpression expression = ViewExpression.builder()
                        .identity(columnRule.get().maskEnvironment().flatMap(ExpressionEnvironment::user).orElse(null))
                        .catalog(scope.catalog())
                        .schema(scope.schema())
                        .expression(columnRule.get().mask().get())
                        .build();
                return Optional.of(new ColumnMask(column.getName(), expression, tableRule.reference(), Optional.empty()));
            }
        }
        for (AccessRule rule : columnRules()) {
            if (rule.effect() == AccessRule.Effect.MASK && appliesToColumn(rule, column.getName())) {
                String template = rule.mask().orElseThrow();
                ViewExpression expression = ViewExpression.builder()
                        .catalog(scope.catalog())
                        .schema(scope.schema())
                        .expression(scope.user().policy().mask(template).expression(column.getName(), column.getType()))
                        .build();
                return Optional.of(new ColumnMask(column.getName(), expression, rule.reference(), Optional.of(template)));
            }
        }
        return Optional.empty();
    }

    /**
     * The row filters, all of which apply (AND): the filter of the first matching {@code tables}
     * entry, then every filter rule of ours that applies, in file order.
     */
    public List<RowFilter> rowFilters()
    {
        // a metadata table has other columns than its table: the table's masks and filters do not
        // fit it, and a user they restrict may not read it at all
        if (informationSchema || isMetadataTable()) {
            return ImmutableList.of();
        }
        ImmutableList.Builder<RowFilter> filters = ImmutableList.builder();
        if (tableRule != null && tableRule.filter().isPresent()) {
            filters.add(new RowFilter(expression(tableRule.filter().get(), tableRule.filterEnvironment()), tableRule.reference()));
        }
        for (AccessRule rule : filterRules()) {
            filters.add(new RowFilter(expression(rule.filter().orElseThrow(), rule.filterEnvironment()), rule.reference()));
        }
        return filters.build();
    }

    private ViewExpression expression(String sql, Optional<ExpressionEnvironment> environment)
    {
        return ViewExpression.builder()
                .identity(environment.flatMap(ExpressionEnvironment::user).orElse(null))
                .catalog(scope.catalog())
                .schema(scope.schema())
                .expression(sql)
                .build();
    }

    /**
     * A decision about columns; when our rules deny columns, {@code deniedColumns} names them.
     */
    public record ColumnsDecision(Decision decision, Set<String> deniedColumns)
    {
        public ColumnsDecision
        {
            requireNonNull(decision, "decision is null");
            deniedColumns = ImmutableSet.copyOf(deniedColumns);
        }

        static ColumnsDecision table(Decision decision)
        {
            return new ColumnsDecision(decision, ImmutableSet.of());
        }
    }
}
