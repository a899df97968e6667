package dev.lakehouse.access.rules;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.trino.spi.connector.CatalogSchemaRoutineName;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.function.SchemaFunctionName;
import io.trino.spi.security.TrinoPrincipal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.lakehouse.access.rules.CatalogAccessMode.ALL;
import static dev.lakehouse.access.rules.CatalogAccessMode.OWNER;
import static dev.lakehouse.access.rules.CatalogAccessMode.READ_ONLY;
import static dev.lakehouse.access.rules.Policy.noMatch;
import static java.util.Objects.requireNonNull;

/**
 * Every decision of a {@link Policy} for one user with their groups and roles. Trino's sections keep
 * their meaning (the first matching rule decides); our {@code rules} add to it as
 * {@link TableAccess} describes.
 */
public final class SubjectPolicy
{
    private final Policy policy;
    private final Subject subject;
    private final List<CatalogRule> catalogRules;
    private final List<SchemaRule> schemaRules;
    private final List<TableRule> tableRules;
    private final List<AccessRule> accessRules;
    private final List<Visibility> visibility;

    SubjectPolicy(Policy policy, Subject subject)
    {
        this.policy = requireNonNull(policy, "policy is null");
        this.subject = requireNonNull(subject, "subject is null");
        this.catalogRules = policy.catalogRules().stream().filter(rule -> rule.subject().matches(subject)).collect(toImmutableList());
        this.schemaRules = policy.schemaRules().stream().filter(rule -> rule.subject().matches(subject)).collect(toImmutableList());
        this.tableRules = policy.tableRules().stream().filter(rule -> rule.subject().matches(subject)).collect(toImmutableList());
        this.accessRules = policy.accessRules().stream().filter(rule -> rule.appliesTo(subject)).collect(toImmutableList());

        // Which catalogs and schemas the user may see at all: those where some rule gives them
        // something, as Trino computes it, plus those where our allow rules grant privileges
        ImmutableList.Builder<Visibility> visibility = ImmutableList.builder();
        for (SchemaRule rule : schemaRules) {
            if (rule.owner()) {
                visibility.add(new Visibility(rule.reference(), rule::matchesCatalog, (catalog, schema) -> rule.matchesSchema(schema)));
            }
        }
        for (TableRule rule : tableRules) {
            if (!rule.privileges().isEmpty()) {
                visibility.add(new Visibility(rule.reference(), rule::matchesCatalog, (catalog, schema) -> rule.matchesSchema(schema)));
            }
        }
        for (SessionPropertyRule rule : policy.catalogSessionPropertyRules()) {
            if (rule.allow() && rule.subject().matches(subject)) {
                visibility.add(new Visibility(rule.reference(), rule::matchesCatalog, null));
            }
        }
        for (RoutineRule rule : ImmutableList.<RoutineRule>builder().addAll(policy.functionRules()).addAll(policy.procedureRules()).build()) {
            if (rule.hasAnyPrivilege() && rule.subject().matches(subject)) {
                visibility.add(new Visibility(rule.reference(), rule::matchesCatalog, (catalog, schema) -> rule.matchesSchema(schema)));
            }
        }
        Tags tags = policy.tags();
        for (AccessRule rule : accessRules) {
            if (rule.effect() == AccessRule.Effect.ALLOW) {
                Optional<String> tag = rule.tag();
                visibility.add(new Visibility(
                        rule.reference(),
                        catalog -> rule.matchesCatalog(catalog) && (tag.isEmpty() || tags.mayTagTablesIn(tag.get(), catalog)),
                        (catalog, schema) -> rule.matchesSchema(schema) && (tag.isEmpty() || tags.mayTagTablesIn(tag.get(), catalog, schema))));
            }
        }
        this.visibility = visibility.build();
    }

    public Subject subject()
    {
        return subject;
    }

    Policy policy()
    {
        return policy;
    }

    List<TableRule> tableRules()
    {
        return tableRules;
    }

    List<AccessRule> accessRules()
    {
        return accessRules;
    }

    // queries, impersonation, system information, system session properties

    public boolean queriesUnrestricted()
    {
        return policy.queryRules().isEmpty();
    }

    public Decision executeQuery()
    {
        return queryAccess(Optional.empty(), QueryRule.Access.EXECUTE);
    }

    public Decision viewQueryOwnedBy(String owner)
    {
        return queryAccess(Optional.of(owner), QueryRule.Access.VIEW);
    }

    public Decision killQueryOwnedBy(String owner)
    {
        return queryAccess(Optional.of(owner), QueryRule.Access.KILL);
    }

    private Decision queryAccess(Optional<String> owner, QueryRule.Access access)
    {
        if (policy.queryRules().isEmpty()) {
            return Decision.allow(RuleReference.implicit("default: no 'queries' section, so every query may be executed, viewed and killed (as in Trino)"));
        }
        for (QueryRule rule : policy.queryRules().get()) {
            if (rule.matches(subject, owner)) {
                return new Decision(rule.allow().contains(access), rule.reference());
            }
        }
        return Decision.deny(noMatch("queries"));
    }

    public Decision impersonate(String user)
    {
        if (policy.impersonationRules().isEmpty()) {
            if (policy.hasPrincipalRules()) {
                return Decision.allow(RuleReference.implicit("default: no 'impersonation' section and 'principals' rules decide who may act as whom (as in Trino)"));
            }
            return Decision.deny(RuleReference.implicit("default: no 'impersonation' section, so nobody may impersonate (as in Trino)"));
        }
        for (ImpersonationRule rule : policy.impersonationRules().get()) {
            Optional<Boolean> allowed = rule.match(subject, user);
            if (allowed.isPresent()) {
                return new Decision(allowed.get(), rule.reference());
            }
        }
        return Decision.deny(noMatch("impersonation"));
    }

    public Decision readSystemInformation()
    {
        return systemInformation(SystemInformationRule.Access.READ);
    }

    public Decision writeSystemInformation()
    {
        return systemInformation(SystemInformationRule.Access.WRITE);
    }

    private Decision systemInformation(SystemInformationRule.Access access)
    {
        for (SystemInformationRule rule : policy.systemInformationRules()) {
            if (rule.matches(subject)) {
                return new Decision(rule.allow().contains(access), rule.reference());
            }
        }
        return Decision.deny(noMatch("system_information"));
    }

    public Decision setSystemSessionProperty(String property)
    {
        for (SessionPropertyRule rule : policy.systemSessionPropertyRules()) {
            if (rule.subject().matches(subject) && rule.matchesProperty(property)) {
                return new Decision(rule.allow(), rule.reference());
            }
        }
        return Decision.deny(noMatch("system_session_properties"));
    }

    // catalogs and schemas

    public Decision catalogAccess(String catalog, CatalogAccessMode required)
    {
        for (CatalogRule rule : catalogRules) {
            if (rule.matchesCatalog(catalog)) {
                return new Decision(rule.access().implies(required), rule.reference());
            }
        }
        return Decision.deny(noMatch("catalogs"));
    }

    /**
     * Whether the user may see the catalog: they own it, or they may read it and some rule gives
     * them something in it.
     */
    public Decision anyCatalogAccess(String catalog)
    {
        Decision owner = catalogAccess(catalog, OWNER);
        if (owner.allowed()) {
            return owner;
        }
        Decision read = catalogAccess(catalog, READ_ONLY);
        if (read.denied()) {
            return read;
        }
        for (Visibility grant : visibility) {
            if (grant.catalog().test(catalog)) {
                return Decision.allow(grant.rule());
            }
        }
        return Decision.deny(RuleReference.implicit("no rule gives any privilege in catalog '%s'".formatted(catalog)));
    }

    public Decision anySchemaAccess(String catalog, String schema)
    {
        Decision read = catalogAccess(catalog, READ_ONLY);
        if (read.denied()) {
            return read;
        }
        for (Visibility grant : visibility) {
            if (grant.schema() != null && grant.catalog().test(catalog) && grant.schema().test(catalog, schema)) {
                return Decision.allow(grant.rule());
            }
        }
        return Decision.deny(RuleReference.implicit("no rule gives any privilege in schema '%s.%s'".formatted(catalog, schema)));
    }

    public Decision schemaOwner(String catalog, String schema)
    {
        Decision all = catalogAccess(catalog, ALL);
        if (all.denied()) {
            return all;
        }
        for (SchemaRule rule : schemaRules) {
            if (rule.matchesCatalog(catalog) && rule.matchesSchema(schema)) {
                return new Decision(rule.owner(), rule.reference());
            }
        }
        return Decision.deny(noMatch("schemas"));
    }

    public Decision setCatalogSessionProperty(String catalog, String property)
    {
        Decision read = catalogAccess(catalog, READ_ONLY);
        if (read.denied()) {
            return read;
        }
        for (SessionPropertyRule rule : policy.catalogSessionPropertyRules()) {
            if (rule.subject().matches(subject) && rule.matchesCatalog(catalog) && rule.matchesProperty(property)) {
                return new Decision(rule.allow(), rule.reference());
            }
        }
        return Decision.deny(noMatch("catalog_session_properties"));
    }

    // tables

    public TableAccess table(CatalogSchemaTableName table)
    {
        return new SchemaScope(this, table.getCatalogName(), table.getSchemaTableName().getSchemaName())
                .table(table.getSchemaTableName().getTableName());
    }

    /**
     * The tables the user may see: those of schemas they own, and those they have any privilege on.
     */
    public Set<SchemaTableName> filterTables(String catalog, Set<SchemaTableName> tables)
    {
        Map<String, SchemaScope> scopes = new HashMap<>();
        ImmutableSet.Builder<SchemaTableName> visible = ImmutableSet.builder();
        for (SchemaTableName table : tables) {
            SchemaScope scope = scopes.computeIfAbsent(table.getSchemaName(), schema -> new SchemaScope(this, catalog, schema));
            if (scope.schemaOwner().allowed() || scope.table(table.getTableName()).hasAnyPrivilege()) {
                visible.add(table);
            }
        }
        return visible.build();
    }

    // functions and procedures

    public Decision executeFunction(CatalogSchemaRoutineName function)
    {
        return routine(policy.functionRules(), "functions", function, RoutineRule::canExecute);
    }

    public Decision grantExecuteFunction(CatalogSchemaRoutineName function)
    {
        return routine(policy.functionRules(), "functions", function, RoutineRule::canGrantExecute);
    }

    public Decision ownFunction(CatalogSchemaRoutineName function)
    {
        return routine(policy.functionRules(), "functions", function, RoutineRule::isOwner);
    }

    public Decision executeProcedure(CatalogSchemaRoutineName procedure)
    {
        return routine(policy.procedureRules(), "procedures", procedure, RoutineRule::canExecute);
    }

    public Set<SchemaFunctionName> filterFunctions(String catalog, Set<SchemaFunctionName> functions)
    {
        ImmutableSet.Builder<SchemaFunctionName> visible = ImmutableSet.builder();
        for (SchemaFunctionName function : functions) {
            if (schemaOwner(catalog, function.getSchemaName()).allowed() ||
                    executeFunction(new CatalogSchemaRoutineName(catalog, function.getSchemaName(), function.getFunctionName())).allowed()) {
                visible.add(function);
            }
        }
        return visible.build();
    }

    private Decision routine(List<RoutineRule> rules, String section, CatalogSchemaRoutineName routine, Predicate<RoutineRule> allows)
    {
        Decision read = catalogAccess(routine.getCatalogName(), READ_ONLY);
        if (read.denied()) {
            return read;
        }
        for (RoutineRule rule : rules) {
            if (rule.matches(subject, routine.getCatalogName(), routine.getSchemaName(), routine.getRoutineName())) {
                return new Decision(allows.test(rule), rule.reference());
            }
        }
        return Decision.deny(noMatch(section));
    }

    // ownership transfer

    /**
     * Whether the user may make {@code principal} the owner of something they own ({@code authorization}).
     */
    public Decision setAuthorization(TrinoPrincipal principal)
    {
        for (AuthorizationRule rule : policy.authorizationRules()) {
            Optional<Boolean> allowed = rule.match(subject, principal);
            if (allowed.isPresent()) {
                return new Decision(allowed.get(), rule.reference());
            }
        }
        return Decision.deny(noMatch("authorization"));
    }

    /**
     * A place where the user may see something: a catalog, and unless {@code schema} is null,
     * a schema in it.
     */
    private record Visibility(RuleReference rule, Predicate<String> catalog, SchemaPredicate schema) {}

    @FunctionalInterface
    private interface SchemaPredicate
    {
        boolean test(String catalog, String schema);
    }
}
