package dev.lakehouse.access.rules;

import com.google.common.collect.ImmutableList;

import java.util.List;

import static dev.lakehouse.access.rules.CatalogAccessMode.ALL;
import static dev.lakehouse.access.rules.CatalogAccessMode.READ_ONLY;
import static java.util.Objects.requireNonNull;

/**
 * The rules of one user that can apply to the tables of one schema, narrowed once so that deciding
 * on each of many tables (listing 100,000 tables) only matches table names.
 */
final class SchemaScope
{
    private final SubjectPolicy user;
    private final String catalog;
    private final String schema;
    private final List<TableRule> tableRules;
    private final List<AccessRule> tablePrivilegeRules;
    private final List<AccessRule> columnRules;
    private final List<AccessRule> filterRules;
    private final Tags.SchemaTags tags;
    private Decision catalogReadOnly;
    private Decision catalogAll;
    private Decision schemaOwner;

    SchemaScope(SubjectPolicy user, String catalog, String schema)
    {
        this.user = requireNonNull(user, "user is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.schema = requireNonNull(schema, "schema is null");

        ImmutableList.Builder<TableRule> tableRules = ImmutableList.builder();
        for (TableRule rule : user.tableRules()) {
            if (rule.matchesCatalog(catalog) && rule.matchesSchema(schema)) {
                tableRules.add(rule);
            }
        }
        this.tableRules = tableRules.build();

        ImmutableList.Builder<AccessRule> tablePrivilegeRules = ImmutableList.builder();
        ImmutableList.Builder<AccessRule> columnRules = ImmutableList.builder();
        ImmutableList.Builder<AccessRule> filterRules = ImmutableList.builder();
        for (AccessRule rule : user.accessRules()) {
            if (rule.matchesCatalog(catalog) && rule.matchesSchema(schema)) {
                if (rule.decidesTablePrivileges()) {
                    tablePrivilegeRules.add(rule);
                }
                if (rule.governsColumns()) {
                    columnRules.add(rule);
                }
                if (rule.effect() == AccessRule.Effect.FILTER) {
                    filterRules.add(rule);
                }
            }
        }
        this.tablePrivilegeRules = tablePrivilegeRules.build();
        this.columnRules = columnRules.build();
        this.filterRules = filterRules.build();
        this.tags = user.policy().tags().forSchema(catalog, schema);
    }

    TableAccess table(String table)
    {
        return new TableAccess(this, table);
    }

    SubjectPolicy user()
    {
        return user;
    }

    String catalog()
    {
        return catalog;
    }

    String schema()
    {
        return schema;
    }

    List<TableRule> tableRules()
    {
        return tableRules;
    }

    /**
     * Our allow rules, and our deny rules that name no column, in file order.
     */
    List<AccessRule> tablePrivilegeRules()
    {
        return tablePrivilegeRules;
    }

    List<AccessRule> columnRules()
    {
        return columnRules;
    }

    List<AccessRule> filterRules()
    {
        return filterRules;
    }

    Tags.SchemaTags tags()
    {
        return tags;
    }

    Decision catalogReadOnly()
    {
        if (catalogReadOnly == null) {
            catalogReadOnly = user.catalogAccess(catalog, READ_ONLY);
        }
        return catalogReadOnly;
    }

    Decision catalogAll()
    {
        if (catalogAll == null) {
            catalogAll = user.catalogAccess(catalog, ALL);
        }
        return catalogAll;
    }

    Decision schemaOwner()
    {
        if (schemaOwner == null) {
            schemaOwner = user.schemaOwner(catalog, schema);
        }
        return schemaOwner;
    }
}
