package dev.lakehouse.access;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import dev.lakehouse.access.audit.AuditEvent;
import dev.lakehouse.access.audit.AuditLog;
import dev.lakehouse.access.rules.ColumnMask;
import dev.lakehouse.access.rules.Decision;
import dev.lakehouse.access.rules.Policy;
import dev.lakehouse.access.rules.RowFilter;
import dev.lakehouse.access.rules.SubjectPolicy;
import dev.lakehouse.access.rules.TableAccess;
import dev.lakehouse.access.rules.TableAccess.ColumnsDecision;
import dev.lakehouse.access.rules.TablePrivilege;
import io.airlift.bootstrap.LifeCycleManager;
import io.trino.spi.QueryId;
import io.trino.spi.connector.CatalogSchemaName;
import io.trino.spi.connector.CatalogSchemaRoutineName;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.connector.EntityKindAndName;
import io.trino.spi.connector.EntityPrivilege;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.function.SchemaFunctionName;
import io.trino.spi.security.Identity;
import io.trino.spi.security.Privilege;
import io.trino.spi.security.SystemAccessControl;
import io.trino.spi.security.SystemSecurityContext;
import io.trino.spi.security.TrinoPrincipal;
import io.trino.spi.security.ViewExpression;
import io.trino.spi.type.Type;

import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.lakehouse.access.rules.CatalogAccessMode.ALL;
import static dev.lakehouse.access.rules.CatalogAccessMode.OWNER;
import static dev.lakehouse.access.rules.CatalogAccessMode.READ_ONLY;
import static dev.lakehouse.access.rules.TablePrivilege.DELETE;
import static dev.lakehouse.access.rules.TablePrivilege.INSERT;
import static dev.lakehouse.access.rules.TablePrivilege.OWNERSHIP;
import static dev.lakehouse.access.rules.TablePrivilege.UPDATE;
import static io.trino.spi.security.AccessDeniedException.denyAddColumn;
import static io.trino.spi.security.AccessDeniedException.denyAlterColumn;
import static io.trino.spi.security.AccessDeniedException.denyCommentColumn;
import static io.trino.spi.security.AccessDeniedException.denyCommentTable;
import static io.trino.spi.security.AccessDeniedException.denyCommentView;
import static io.trino.spi.security.AccessDeniedException.denyCreateCatalog;
import static io.trino.spi.security.AccessDeniedException.denyCreateFunction;
import static io.trino.spi.security.AccessDeniedException.denyCreateMaterializedView;
import static io.trino.spi.security.AccessDeniedException.denyCreateRole;
import static io.trino.spi.security.AccessDeniedException.denyCreateSchema;
import static io.trino.spi.security.AccessDeniedException.denyCreateTable;
import static io.trino.spi.security.AccessDeniedException.denyCreateView;
import static io.trino.spi.security.AccessDeniedException.denyCreateViewWithSelect;
import static io.trino.spi.security.AccessDeniedException.denyDeleteTable;
import static io.trino.spi.security.AccessDeniedException.denyDenyEntityPrivilege;
import static io.trino.spi.security.AccessDeniedException.denyDenySchemaPrivilege;
import static io.trino.spi.security.AccessDeniedException.denyDenyTablePrivilege;
import static io.trino.spi.security.AccessDeniedException.denyDropCatalog;
import static io.trino.spi.security.AccessDeniedException.denyDropColumn;
import static io.trino.spi.security.AccessDeniedException.denyDropFunction;
import static io.trino.spi.security.AccessDeniedException.denyDropMaterializedView;
import static io.trino.spi.security.AccessDeniedException.denyDropRole;
import static io.trino.spi.security.AccessDeniedException.denyDropSchema;
import static io.trino.spi.security.AccessDeniedException.denyDropTable;
import static io.trino.spi.security.AccessDeniedException.denyDropView;
import static io.trino.spi.security.AccessDeniedException.denyExecuteProcedure;
import static io.trino.spi.security.AccessDeniedException.denyExecuteQuery;
import static io.trino.spi.security.AccessDeniedException.denyExecuteTableProcedure;
import static io.trino.spi.security.AccessDeniedException.denyGrantEntityPrivilege;
import static io.trino.spi.security.AccessDeniedException.denyGrantRoles;
import static io.trino.spi.security.AccessDeniedException.denyGrantSchemaPrivilege;
import static io.trino.spi.security.AccessDeniedException.denyGrantTablePrivilege;
import static io.trino.spi.security.AccessDeniedException.denyImpersonateUser;
import static io.trino.spi.security.AccessDeniedException.denyInsertTable;
import static io.trino.spi.security.AccessDeniedException.denyKillQuery;
import static io.trino.spi.security.AccessDeniedException.denyReadSystemInformationAccess;
import static io.trino.spi.security.AccessDeniedException.denyRefreshMaterializedView;
import static io.trino.spi.security.AccessDeniedException.denyRenameColumn;
import static io.trino.spi.security.AccessDeniedException.denyRenameMaterializedView;
import static io.trino.spi.security.AccessDeniedException.denyRenameSchema;
import static io.trino.spi.security.AccessDeniedException.denyRenameTable;
import static io.trino.spi.security.AccessDeniedException.denyRenameView;
import static io.trino.spi.security.AccessDeniedException.denyRevokeEntityPrivilege;
import static io.trino.spi.security.AccessDeniedException.denyRevokeRoles;
import static io.trino.spi.security.AccessDeniedException.denyRevokeSchemaPrivilege;
import static io.trino.spi.security.AccessDeniedException.denyRevokeTablePrivilege;
import static io.trino.spi.security.AccessDeniedException.denySelectColumns;
import static io.trino.spi.security.AccessDeniedException.denySelectTable;
import static io.trino.spi.security.AccessDeniedException.denySetCatalogSessionProperty;
import static io.trino.spi.security.AccessDeniedException.denySetEntityAuthorization;
import static io.trino.spi.security.AccessDeniedException.denySetMaterializedViewProperties;
import static io.trino.spi.security.AccessDeniedException.denySetSystemSessionProperty;
import static io.trino.spi.security.AccessDeniedException.denySetTableProperties;
import static io.trino.spi.security.AccessDeniedException.denySetUser;
import static io.trino.spi.security.AccessDeniedException.denyShowColumns;
import static io.trino.spi.security.AccessDeniedException.denyShowCreateFunction;
import static io.trino.spi.security.AccessDeniedException.denyShowCreateSchema;
import static io.trino.spi.security.AccessDeniedException.denyShowCreateTable;
import static io.trino.spi.security.AccessDeniedException.denyShowFunctions;
import static io.trino.spi.security.AccessDeniedException.denyShowSchemas;
import static io.trino.spi.security.AccessDeniedException.denyShowTables;
import static io.trino.spi.security.AccessDeniedException.denyTruncateTable;
import static io.trino.spi.security.AccessDeniedException.denyUpdateTableColumns;
import static io.trino.spi.security.AccessDeniedException.denyViewQuery;
import static io.trino.spi.security.AccessDeniedException.denyWriteSystemInformationAccess;
import static java.util.Objects.requireNonNull;

/**
 * The access control Trino calls: it asks the policy in force for a decision, writes the decision to
 * the audit log (denials always, allows when configured, masks and filters always), and throws
 * Trino's usual "Access Denied" errors. Which checks need which privilege follows Trino's file-based
 * access control, so files written for it mean the same here; see {@link TableAccess} for how our
 * rules combine with Trino's.
 */
public final class LakehouseSystemAccessControl
        implements SystemAccessControl
{
    private final PolicyManager policies;
    private final AuditLog audit;
    private final LifeCycleManager lifeCycleManager;

    @Inject
    public LakehouseSystemAccessControl(PolicyManager policies, AuditLog audit, LifeCycleManager lifeCycleManager)
    {
        this.policies = requireNonNull(policies, "policies is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.lifeCycleManager = requireNonNull(lifeCycleManager, "lifeCycleManager is null");
    }

    public Policy policy()
    {
        return policies.current();
    }

    // users and queries

    @Override
    public void checkCanImpersonateUser(Identity identity, String userName)
    {
        SubjectPolicy user = user(identity);
        if (!audited(identity, Optional.empty(), user, "impersonate_user", "user", userName, user.impersonate(userName))) {
            denyImpersonateUser(identity.getUser(), userName);
        }
    }

    @Override
    public void checkCanSetUser(Optional<Principal> principal, String userName)
    {
        Decision decision = policy().setUser(principal, userName);
        if (decision.denied() || audit.recordsAllowed()) {
            audit.record(AuditEvent.builder(AuditEvent.ACCESS)
                    .action("set_user")
                    .object("user", userName)
                    .decision(decision.allowed() ? "allow" : "deny", decision.rule())
                    .detail("principal " + principal.map(Principal::getName).orElse("(none)"))
                    .build());
        }
        if (decision.denied()) {
            denySetUser(principal, userName);
        }
    }

    @Override
    public void checkCanExecuteQuery(Identity identity, QueryId queryId)
    {
        SubjectPolicy user = user(identity);
        if (!audited(identity, Optional.of(queryId), user, "execute_query", "query", queryId.getId(), user.executeQuery())) {
            denyExecuteQuery();
        }
    }

    @Override
    public void checkCanViewQueryOwnedBy(Identity identity, Identity queryOwner)
    {
        SubjectPolicy user = user(identity);
        if (!audited(identity, Optional.empty(), user, "view_query", "query_owner", queryOwner.getUser(), user.viewQueryOwnedBy(queryOwner.getUser()))) {
            denyViewQuery();
        }
    }

    @Override
    public Collection<Identity> filterViewQueryOwnedBy(Identity identity, Collection<Identity> queryOwners)
    {
        SubjectPolicy user = user(identity);
        if (user.queriesUnrestricted()) {
            return queryOwners;
        }
        ImmutableSet.Builder<Identity> visible = ImmutableSet.builder();
        for (Identity owner : queryOwners) {
            if (user.viewQueryOwnedBy(owner.getUser()).allowed()) {
                visible.add(owner);
            }
        }
        return visible.build();
    }

    @Override
    public void checkCanKillQueryOwnedBy(Identity identity, Identity queryOwner)
    {
        SubjectPolicy user = user(identity);
        if (!audited(identity, Optional.empty(), user, "kill_query", "query_owner", queryOwner.getUser(), user.killQueryOwnedBy(queryOwner.getUser()))) {
            denyKillQuery();
        }
    }

    @Override
    public void checkCanReadSystemInformation(Identity identity)
    {
        SubjectPolicy user = user(identity);
        if (!audited(identity, Optional.empty(), user, "read_system_information", "system", "information", user.readSystemInformation())) {
            denyReadSystemInformationAccess();
        }
    }

    @Override
    public void checkCanWriteSystemInformation(Identity identity)
    {
        SubjectPolicy user = user(identity);
        if (!audited(identity, Optional.empty(), user, "write_system_information", "system", "information", user.writeSystemInformation())) {
            denyWriteSystemInformationAccess();
        }
    }

    @Override
    public void checkCanSetSystemSessionProperty(Identity identity, QueryId queryId, String propertyName)
    {
        SubjectPolicy user = user(identity);
        if (!audited(identity, Optional.of(queryId), user, "set_session_property", "system_session_property", propertyName, user.setSystemSessionProperty(propertyName))) {
            denySetSystemSessionProperty(propertyName);
        }
    }

    // catalogs

    @Override
    public boolean canAccessCatalog(SystemSecurityContext context, String catalogName)
    {
        SubjectPolicy user = user(context);
        return audited(context, user, "access_catalog", "catalog", catalogName, user.catalogAccess(catalogName, READ_ONLY));
    }

    @Override
    public void checkCanCreateCatalog(SystemSecurityContext context, String catalogName)
    {
        SubjectPolicy user = user(context);
        if (!audited(context, user, "create_catalog", "catalog", catalogName, user.catalogAccess(catalogName, OWNER))) {
            denyCreateCatalog(catalogName);
        }
    }

    @Override
    public void checkCanDropCatalog(SystemSecurityContext context, String catalogName)
    {
        SubjectPolicy user = user(context);
        if (!audited(context, user, "drop_catalog", "catalog", catalogName, user.catalogAccess(catalogName, OWNER))) {
            denyDropCatalog(catalogName);
        }
    }

    @Override
    public Set<String> filterCatalogs(SystemSecurityContext context, Set<String> catalogs)
    {
        SubjectPolicy user = user(context);
        ImmutableSet.Builder<String> visible = ImmutableSet.builder();
        for (String catalog : catalogs) {
            if (user.anyCatalogAccess(catalog).allowed()) {
                visible.add(catalog);
            }
        }
        return filtered(context, user, "filter_catalogs", "catalogs", "*", catalogs.size(), visible.build());
    }

    @Override
    public void checkCanSetCatalogSessionProperty(SystemSecurityContext context, String catalogName, String propertyName)
    {
        SubjectPolicy user = user(context);
        if (!audited(context, user, "set_session_property", "catalog_session_property", catalogName + "." + propertyName, user.setCatalogSessionProperty(catalogName, propertyName))) {
            denySetCatalogSessionProperty(propertyName);
        }
    }

    // schemas

    @Override
    public void checkCanCreateSchema(SystemSecurityContext context, CatalogSchemaName schema, Map<String, Object> properties)
    {
        if (!schemaOwner(context, "create_schema", schema)) {
            denyCreateSchema(schema.toString());
        }
    }

    @Override
    public void checkCanDropSchema(SystemSecurityContext context, CatalogSchemaName schema)
    {
        if (!schemaOwner(context, "drop_schema", schema)) {
            denyDropSchema(schema.toString());
        }
    }

    @Override
    public void checkCanRenameSchema(SystemSecurityContext context, CatalogSchemaName schema, String newSchemaName)
    {
        if (!schemaOwner(context, "rename_schema", schema) || !schemaOwner(context, "rename_schema", new CatalogSchemaName(schema.getCatalogName(), newSchemaName))) {
            denyRenameSchema(schema.toString(), newSchemaName);
        }
    }

    @Override
    public void checkCanSetSchemaAuthorization(SystemSecurityContext context, CatalogSchemaName schema, TrinoPrincipal principal)
    {
        checkCanSetEntityAuthorization(context, new EntityKindAndName("SCHEMA", List.of(schema.getCatalogName(), schema.getSchemaName())), principal);
    }

    @Override
    public void checkCanShowSchemas(SystemSecurityContext context, String catalogName)
    {
        SubjectPolicy user = user(context);
        if (!audited(context, user, "show_schemas", "catalog", catalogName, user.anyCatalogAccess(catalogName))) {
            denyShowSchemas();
        }
    }

    @Override
    public Set<String> filterSchemas(SystemSecurityContext context, String catalogName, Set<String> schemaNames)
    {
        SubjectPolicy user = user(context);
        ImmutableSet.Builder<String> visible = ImmutableSet.builder();
        for (String schema : schemaNames) {
            if (user.anySchemaAccess(catalogName, schema).allowed()) {
                visible.add(schema);
            }
        }
        return filtered(context, user, "filter_schemas", "catalog", catalogName, schemaNames.size(), visible.build());
    }

    @Override
    public void checkCanShowCreateSchema(SystemSecurityContext context, CatalogSchemaName schemaName)
    {
        if (!schemaOwner(context, "show_create_schema", schemaName)) {
            denyShowCreateSchema(schemaName.toString());
        }
    }

    @Override
    public void checkCanGrantSchemaPrivilege(SystemSecurityContext context, Privilege privilege, CatalogSchemaName schema, TrinoPrincipal grantee, boolean grantOption)
    {
        if (!schemaOwner(context, "grant_schema_privilege", schema)) {
            denyGrantSchemaPrivilege(privilege.name(), schema.toString());
        }
    }

    @Override
    public void checkCanDenySchemaPrivilege(SystemSecurityContext context, Privilege privilege, CatalogSchemaName schema, TrinoPrincipal grantee)
    {
        if (!schemaOwner(context, "deny_schema_privilege", schema)) {
            denyDenySchemaPrivilege(privilege.name(), schema.toString());
        }
    }

    @Override
    public void checkCanRevokeSchemaPrivilege(SystemSecurityContext context, Privilege privilege, CatalogSchemaName schema, TrinoPrincipal revokee, boolean grantOption)
    {
        if (!schemaOwner(context, "revoke_schema_privilege", schema)) {
            denyRevokeSchemaPrivilege(privilege.name(), schema.toString());
        }
    }

    private boolean schemaOwner(SystemSecurityContext context, String action, CatalogSchemaName schema)
    {
        SubjectPolicy user = user(context);
        return audited(context, user, action, "schema", schema.toString(), user.schemaOwner(schema.getCatalogName(), schema.getSchemaName()));
    }

    // tables and views

    @Override
    public void checkCanShowTables(SystemSecurityContext context, CatalogSchemaName schema)
    {
        SubjectPolicy user = user(context);
        if (!audited(context, user, "show_tables", "schema", schema.toString(), user.anySchemaAccess(schema.getCatalogName(), schema.getSchemaName()))) {
            denyShowTables(schema.toString());
        }
    }

    @Override
    public Set<SchemaTableName> filterTables(SystemSecurityContext context, String catalogName, Set<SchemaTableName> tableNames)
    {
        SubjectPolicy user = user(context);
        return filtered(context, user, "filter_tables", "catalog", catalogName, tableNames.size(), user.filterTables(catalogName, tableNames));
    }

    @Override
    public void checkCanShowColumns(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        SubjectPolicy user = user(context);
        if (!audited(context, user, "show_columns", "table", table.toString(), user.table(table).anyPrivilege())) {
            denyShowColumns(table.toString());
        }
    }

    @Override
    public Set<String> filterColumns(SystemSecurityContext context, CatalogSchemaTableName table, Set<String> columns)
    {
        SubjectPolicy user = user(context);
        return filtered(context, user, "filter_columns", "table", table.toString(), columns.size(), user.table(table).filterColumns(columns));
    }

    @Override
    public Map<SchemaTableName, Set<String>> filterColumns(SystemSecurityContext context, String catalogName, Map<SchemaTableName, Set<String>> tableColumns)
    {
        ImmutableMap.Builder<SchemaTableName, Set<String>> visible = ImmutableMap.builder();
        tableColumns.forEach((table, columns) -> visible.put(table, filterColumns(context, new CatalogSchemaTableName(catalogName, table), columns)));
        return visible.buildOrThrow();
    }

    @Override
    public void checkCanShowCreateTable(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        if (!tablePrivilege(context, "show_create_table", table, OWNERSHIP)) {
            denyShowCreateTable(table.toString());
        }
    }

    @Override
    public void checkCanCreateTable(SystemSecurityContext context, CatalogSchemaTableName table, Map<String, Object> properties)
    {
        // the creator becomes the owner, so they must be allowed to own it
        if (!tablePrivilege(context, "create_table", table, OWNERSHIP)) {
            denyCreateTable(table.toString());
        }
    }

    @Override
    public void checkCanDropTable(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        if (!tablePrivilege(context, "drop_table", table, OWNERSHIP)) {
            denyDropTable(table.toString());
        }
    }

    @Override
    public void checkCanRenameTable(SystemSecurityContext context, CatalogSchemaTableName table, CatalogSchemaTableName newTable)
    {
        if (!tablePrivilege(context, "rename_table", table, OWNERSHIP) || !tablePrivilege(context, "rename_table", newTable, OWNERSHIP)) {
            denyRenameTable(table.toString(), newTable.toString());
        }
    }

    @Override
    public void checkCanSetTableProperties(SystemSecurityContext context, CatalogSchemaTableName table, Map<String, Optional<Object>> properties)
    {
        if (!tablePrivilege(context, "set_table_properties", table, OWNERSHIP)) {
            denySetTableProperties(table.toString());
        }
    }

    @Override
    public void checkCanSetTableComment(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        if (!tablePrivilege(context, "comment_table", table, OWNERSHIP)) {
            denyCommentTable(table.toString());
        }
    }

    @Override
    public void checkCanSetViewComment(SystemSecurityContext context, CatalogSchemaTableName view)
    {
        if (!tablePrivilege(context, "comment_view", view, OWNERSHIP)) {
            denyCommentView(view.toString());
        }
    }

    @Override
    public void checkCanSetColumnComment(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        if (!tablePrivilege(context, "comment_column", table, OWNERSHIP)) {
            denyCommentColumn(table.toString());
        }
    }

    @Override
    public void checkCanAddColumn(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        if (!tablePrivilege(context, "add_column", table, OWNERSHIP)) {
            denyAddColumn(table.toString());
        }
    }

    @Override
    public void checkCanAlterColumn(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        if (!tablePrivilege(context, "alter_column", table, OWNERSHIP)) {
            denyAlterColumn(table.toString());
        }
    }

    @Override
    public void checkCanDropColumn(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        if (!tablePrivilege(context, "drop_column", table, OWNERSHIP)) {
            denyDropColumn(table.toString());
        }
    }

    @Override
    public void checkCanRenameColumn(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        if (!tablePrivilege(context, "rename_column", table, OWNERSHIP)) {
            denyRenameColumn(table.toString());
        }
    }

    @Override
    public void checkCanSetTableAuthorization(SystemSecurityContext context, CatalogSchemaTableName table, TrinoPrincipal principal)
    {
        checkCanSetEntityAuthorization(context, new EntityKindAndName("TABLE", tableName(table)), principal);
    }

    @Override
    public void checkCanSelectFromColumns(SystemSecurityContext context, CatalogSchemaTableName table, Set<String> columns)
    {
        SubjectPolicy user = user(context);
        ColumnsDecision decision = user.table(table).selectColumns(columns, READ_ONLY);
        if (!auditedColumns(context, user, "select", table, columns, decision.decision())) {
            denySelect(table, decision);
        }
    }

    @Override
    public void checkCanInsertIntoTable(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        if (!tablePrivilege(context, "insert", table, INSERT)) {
            denyInsertTable(table.toString());
        }
    }

    @Override
    public void checkCanDeleteFromTable(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        if (!tablePrivilege(context, "delete", table, DELETE)) {
            denyDeleteTable(table.toString());
        }
    }

    @Override
    public void checkCanTruncateTable(SystemSecurityContext context, CatalogSchemaTableName table)
    {
        if (!tablePrivilege(context, "truncate", table, DELETE)) {
            denyTruncateTable(table.toString());
        }
    }

    @Override
    public void checkCanUpdateTableColumns(SystemSecurityContext context, CatalogSchemaTableName table, Set<String> updatedColumnNames)
    {
        SubjectPolicy user = user(context);
        ColumnsDecision decision = user.table(table).updateColumns(updatedColumnNames);
        if (!auditedColumns(context, user, "update", table, updatedColumnNames, decision.decision())) {
            denyUpdateTableColumns(table.toString(), decision.deniedColumns().isEmpty() ? updatedColumnNames : decision.deniedColumns());
        }
    }

    @Override
    public void checkCanCreateView(SystemSecurityContext context, CatalogSchemaTableName view)
    {
        if (!tablePrivilege(context, "create_view", view, OWNERSHIP)) {
            denyCreateView(view.toString());
        }
    }

    @Override
    public void checkCanRenameView(SystemSecurityContext context, CatalogSchemaTableName view, CatalogSchemaTableName newView)
    {
        if (!tablePrivilege(context, "rename_view", view, OWNERSHIP) || !tablePrivilege(context, "rename_view", newView, OWNERSHIP)) {
            denyRenameView(view.toString(), newView.toString());
        }
    }

    @Override
    public void checkCanSetViewAuthorization(SystemSecurityContext context, CatalogSchemaTableName view, TrinoPrincipal principal)
    {
        checkCanSetEntityAuthorization(context, new EntityKindAndName("VIEW", tableName(view)), principal);
    }

    @Override
    public void checkCanDropView(SystemSecurityContext context, CatalogSchemaTableName view)
    {
        if (!tablePrivilege(context, "drop_view", view, OWNERSHIP)) {
            denyDropView(view.toString());
        }
    }

    /**
     * Called for the owner of a view when others query it: the owner must be allowed to select the
     * columns and to grant that access (GRANT_SELECT).
     */
    @Override
    public void checkCanCreateViewWithSelectFromColumns(SystemSecurityContext context, CatalogSchemaTableName table, Set<String> columns)
    {
        SubjectPolicy user = user(context);
        TableAccess access = user.table(table);
        ColumnsDecision select = access.selectColumns(columns, ALL);
        if (!auditedColumns(context, user, "create_view_with_select", table, columns, select.decision())) {
            denySelect(table, select);
        }
        ColumnsDecision grant = access.grantSelectColumns(columns);
        if (!auditedColumns(context, user, "create_view_with_select", table, columns, grant.decision())) {
            denyCreateViewWithSelect(table.toString(), context.getIdentity());
        }
    }

    @Override
    public void checkCanCreateMaterializedView(SystemSecurityContext context, CatalogSchemaTableName materializedView, Map<String, Object> properties)
    {
        if (!tablePrivilege(context, "create_materialized_view", materializedView, OWNERSHIP)) {
            denyCreateMaterializedView(materializedView.toString());
        }
    }

    @Override
    public void checkCanRefreshMaterializedView(SystemSecurityContext context, CatalogSchemaTableName materializedView)
    {
        if (!tablePrivilege(context, "refresh_materialized_view", materializedView, UPDATE)) {
            denyRefreshMaterializedView(materializedView.toString());
        }
    }

    @Override
    public void checkCanSetMaterializedViewProperties(SystemSecurityContext context, CatalogSchemaTableName materializedView, Map<String, Optional<Object>> properties)
    {
        if (!tablePrivilege(context, "set_materialized_view_properties", materializedView, OWNERSHIP)) {
            denySetMaterializedViewProperties(materializedView.toString());
        }
    }

    @Override
    public void checkCanDropMaterializedView(SystemSecurityContext context, CatalogSchemaTableName materializedView)
    {
        if (!tablePrivilege(context, "drop_materialized_view", materializedView, OWNERSHIP)) {
            denyDropMaterializedView(materializedView.toString());
        }
    }

    @Override
    public void checkCanRenameMaterializedView(SystemSecurityContext context, CatalogSchemaTableName view, CatalogSchemaTableName newView)
    {
        if (!tablePrivilege(context, "rename_materialized_view", view, OWNERSHIP) || !tablePrivilege(context, "rename_materialized_view", newView, OWNERSHIP)) {
            denyRenameMaterializedView(view.toString(), newView.toString());
        }
    }

    @Override
    public void checkCanGrantTablePrivilege(SystemSecurityContext context, Privilege privilege, CatalogSchemaTableName table, TrinoPrincipal grantee, boolean grantOption)
    {
        if (!tablePrivilege(context, "grant_table_privilege", table, OWNERSHIP)) {
            denyGrantTablePrivilege(privilege.name(), table.toString());
        }
    }

    @Override
    public void checkCanDenyTablePrivilege(SystemSecurityContext context, Privilege privilege, CatalogSchemaTableName table, TrinoPrincipal grantee)
    {
        if (!tablePrivilege(context, "deny_table_privilege", table, OWNERSHIP)) {
            denyDenyTablePrivilege(privilege.name(), table.toString());
        }
    }

    @Override
    public void checkCanRevokeTablePrivilege(SystemSecurityContext context, Privilege privilege, CatalogSchemaTableName table, TrinoPrincipal revokee, boolean grantOption)
    {
        if (!tablePrivilege(context, "revoke_table_privilege", table, OWNERSHIP)) {
            denyRevokeTablePrivilege(privilege.name(), table.toString());
        }
    }

    /**
     * {@code ALTER TABLE ... EXECUTE} (optimize, expire_snapshots, remove_orphan_files, ...) rewrites
     * or deletes the table's files and history, so it needs OWNERSHIP. Trino's file-based access
     * control allows it to everyone; this is a deliberate difference.
     */
    @Override
    public void checkCanExecuteTableProcedure(SystemSecurityContext context, CatalogSchemaTableName table, String procedure)
    {
        if (!tablePrivilege(context, "execute_table_procedure", table, OWNERSHIP)) {
            denyExecuteTableProcedure(table.toString(), procedure);
        }
    }

    private boolean tablePrivilege(SystemSecurityContext context, String action, CatalogSchemaTableName table, TablePrivilege privilege)
    {
        SubjectPolicy user = user(context);
        return audited(context, user, action, "table", table.toString(), user.table(table).privilege(privilege));
    }

    private static void denySelect(CatalogSchemaTableName table, ColumnsDecision decision)
    {
        if (decision.deniedColumns().isEmpty()) {
            denySelectTable(table.toString());
        }
        denySelectColumns(table.toString(), decision.deniedColumns());
    }

    private static List<String> tableName(CatalogSchemaTableName table)
    {
        return List.of(table.getCatalogName(), table.getSchemaTableName().getSchemaName(), table.getSchemaTableName().getTableName());
    }

    // masks and filters

    @Override
    public List<ViewExpression> getRowFilters(SystemSecurityContext context, CatalogSchemaTableName tableName)
    {
        SubjectPolicy user = user(context);
        List<RowFilter> filters = user.table(tableName).rowFilters();
        if (filters.isEmpty()) {
            return ImmutableList.of();
        }
        audit.record(event(context.getIdentity(), Optional.of(context.getQueryId()), user, AuditEvent.ROW_FILTERS, "row_filter")
                .object("table", tableName.toString())
                .decision("filter")
                .filters(filters.stream()
                        .map(filter -> new AuditEvent.Filter(filter.expression().getExpression(), filter.rule()))
                        .toList())
                .build());
        return filters.stream().map(RowFilter::expression).collect(toImmutableList());
    }

    @Override
    @Deprecated
    public Optional<ViewExpression> getColumnMask(SystemSecurityContext context, CatalogSchemaTableName tableName, String columnName, Type type)
    {
        ColumnSchema column = ColumnSchema.builder().setName(columnName).setType(type).build();
        return Optional.ofNullable(getColumnMasks(context, tableName, List.of(column)).get(column));
    }

    @Override
    public Map<ColumnSchema, ViewExpression> getColumnMasks(SystemSecurityContext context, CatalogSchemaTableName tableName, List<ColumnSchema> columns)
    {
        SubjectPolicy user = user(context);
        Map<ColumnSchema, ColumnMask> masks = user.table(tableName).columnMasks(columns);
        if (masks.isEmpty()) {
            return ImmutableMap.of();
        }
        // masks that only hide statistics change no value: they are counted, not listed
        List<ColumnMask> valueMasks = masks.values().stream()
                .filter(mask -> !mask.template().equals(Optional.of(TableAccess.HIDE_STATISTICS)))
                .toList();
        AuditEvent.Builder event = event(context.getIdentity(), Optional.of(context.getQueryId()), user, AuditEvent.COLUMN_MASKS, "column_mask")
                .object("table", tableName.toString())
                .columns(valueMasks.stream().map(ColumnMask::column).toList())
                .decision("mask")
                .masks(valueMasks.stream()
                        .map(mask -> new AuditEvent.Mask(mask.column(), mask.template(), mask.expression().getExpression(), mask.rule()))
                        .toList());
        if (valueMasks.size() < masks.size()) {
            ColumnMask hidden = masks.values().stream().filter(mask -> !valueMasks.contains(mask)).findFirst().orElseThrow();
            event.detail("statistics of %s other columns hidden by %s".formatted(masks.size() - valueMasks.size(), hidden.rule().describe()));
        }
        audit.record(event.build());
        ImmutableMap.Builder<ColumnSchema, ViewExpression> expressions = ImmutableMap.builder();
        masks.forEach((column, mask) -> expressions.put(column, mask.expression()));
        return expressions.buildOrThrow();
    }

    // functions and procedures

    @Override
    public void checkCanExecuteProcedure(SystemSecurityContext context, CatalogSchemaRoutineName procedure)
    {
        SubjectPolicy user = user(context);
        if (!audited(context, user, "execute_procedure", "procedure", procedure.toString(), user.executeProcedure(procedure))) {
            denyExecuteProcedure(procedure.toString());
        }
    }

    @Override
    public boolean canExecuteFunction(SystemSecurityContext context, CatalogSchemaRoutineName functionName)
    {
        SubjectPolicy user = user(context);
        return audited(context, user, "execute_function", "function", functionName.toString(), user.executeFunction(functionName));
    }

    @Override
    public boolean canCreateViewWithExecuteFunction(SystemSecurityContext context, CatalogSchemaRoutineName functionName)
    {
        SubjectPolicy user = user(context);
        return audited(context, user, "create_view_with_execute_function", "function", functionName.toString(), user.grantExecuteFunction(functionName));
    }

    @Override
    public void checkCanShowFunctions(SystemSecurityContext context, CatalogSchemaName schema)
    {
        SubjectPolicy user = user(context);
        if (!audited(context, user, "show_functions", "schema", schema.toString(), user.anySchemaAccess(schema.getCatalogName(), schema.getSchemaName()))) {
            denyShowFunctions(schema.toString());
        }
    }

    @Override
    public Set<SchemaFunctionName> filterFunctions(SystemSecurityContext context, String catalogName, Set<SchemaFunctionName> functionNames)
    {
        SubjectPolicy user = user(context);
        return filtered(context, user, "filter_functions", "catalog", catalogName, functionNames.size(), user.filterFunctions(catalogName, functionNames));
    }

    @Override
    public void checkCanCreateFunction(SystemSecurityContext context, CatalogSchemaRoutineName functionName)
    {
        SubjectPolicy user = user(context);
        if (!audited(context, user, "create_function", "function", functionName.toString(), user.ownFunction(functionName))) {
            denyCreateFunction(functionName.toString());
        }
    }

    @Override
    public void checkCanDropFunction(SystemSecurityContext context, CatalogSchemaRoutineName functionName)
    {
        SubjectPolicy user = user(context);
        if (!audited(context, user, "drop_function", "function", functionName.toString(), user.ownFunction(functionName))) {
            denyDropFunction(functionName.toString());
        }
    }

    @Override
    public void checkCanShowCreateFunction(SystemSecurityContext context, CatalogSchemaRoutineName functionName)
    {
        SubjectPolicy user = user(context);
        if (!audited(context, user, "show_create_function", "function", functionName.toString(), user.ownFunction(functionName))) {
            denyShowCreateFunction(functionName.toString());
        }
    }

    // ownership, privileges on other entities, roles

    @Override
    public void checkCanSetEntityAuthorization(SystemSecurityContext context, EntityKindAndName entityKindAndName, TrinoPrincipal principal)
    {
        SubjectPolicy user = user(context);
        String kind = entityKindAndName.entityKind().toUpperCase(Locale.ENGLISH);
        List<String> name = entityKindAndName.name();
        String objectName = String.join(".", name);
        Decision owner = switch (kind) {
            case "SCHEMA" -> name.size() == 2 ? user.schemaOwner(name.get(0), name.get(1)) : null;
            case "TABLE", "VIEW" -> name.size() == 3 ? user.table(new CatalogSchemaTableName(name.get(0), name.get(1), name.get(2))).privilege(OWNERSHIP) : null;
            default -> null;
        };
        boolean allowed = owner != null && audited(context, user, "set_authorization", kind.toLowerCase(Locale.ENGLISH), objectName, owner) &&
                audited(context, user, "set_authorization", principal.getType().name().toLowerCase(Locale.ENGLISH), principal.getName(), user.setAuthorization(principal));
        if (!allowed) {
            denySetEntityAuthorization(new EntityKindAndName(kind, name), principal);
        }
    }

    @Override
    public void checkCanGrantEntityPrivilege(SystemSecurityContext context, EntityPrivilege privilege, EntityKindAndName entity, TrinoPrincipal grantee, boolean grantOption)
    {
        denyGrantEntityPrivilege(privilege.toString(), entity);
    }

    @Override
    public void checkCanDenyEntityPrivilege(SystemSecurityContext context, EntityPrivilege privilege, EntityKindAndName entity, TrinoPrincipal grantee)
    {
        denyDenyEntityPrivilege(privilege.toString(), entity);
    }

    @Override
    public void checkCanRevokeEntityPrivilege(SystemSecurityContext context, EntityPrivilege privilege, EntityKindAndName entity, TrinoPrincipal revokee, boolean grantOption)
    {
        denyRevokeEntityPrivilege(privilege.toString(), entity);
    }

    @Override
    public void checkCanShowRoles(SystemSecurityContext context)
    {
        // roles come from the policy file, which any user may not read, but listing role names is harmless
    }

    @Override
    public void checkCanCreateRole(SystemSecurityContext context, String role, Optional<TrinoPrincipal> grantor)
    {
        // roles are defined in the policy file, not with SQL
        denyCreateRole(role);
    }

    @Override
    public void checkCanDropRole(SystemSecurityContext context, String role)
    {
        denyDropRole(role);
    }

    @Override
    public void checkCanGrantRoles(SystemSecurityContext context, Set<String> roles, Set<TrinoPrincipal> grantees, boolean adminOption, Optional<TrinoPrincipal> grantor)
    {
        denyGrantRoles(roles, grantees);
    }

    @Override
    public void checkCanRevokeRoles(SystemSecurityContext context, Set<String> roles, Set<TrinoPrincipal> grantees, boolean adminOption, Optional<TrinoPrincipal> grantor)
    {
        denyRevokeRoles(roles, grantees);
    }

    @Override
    public void checkCanShowCurrentRoles(SystemSecurityContext context)
    {
        // users may see their own enabled roles
    }

    @Override
    public void checkCanShowRoleGrants(SystemSecurityContext context)
    {
        // users may see their own role grants
    }

    @Override
    public Iterable<EventListener> getEventListeners()
    {
        return ImmutableSet.of();
    }

    @Override
    public void shutdown()
    {
        lifeCycleManager.stop();
    }

    // decisions and the audit log

    private SubjectPolicy user(SystemSecurityContext context)
    {
        return user(context.getIdentity());
    }

    private SubjectPolicy user(Identity identity)
    {
        return policies.current().forIdentity(identity);
    }

    private boolean audited(SystemSecurityContext context, SubjectPolicy user, String action, String objectType, String object, Decision decision)
    {
        return audited(context.getIdentity(), Optional.of(context.getQueryId()), user, action, objectType, object, decision);
    }

    private boolean audited(Identity identity, Optional<QueryId> queryId, SubjectPolicy user, String action, String objectType, String object, Decision decision)
    {
        if (decision.denied() || audit.recordsAllowed()) {
            audit.record(event(identity, queryId, user, AuditEvent.ACCESS, action)
                    .object(objectType, object)
                    .decision(decision.allowed() ? "allow" : "deny", decision.rule())
                    .build());
        }
        return decision.allowed();
    }

    private boolean auditedColumns(SystemSecurityContext context, SubjectPolicy user, String action, CatalogSchemaTableName table, Set<String> columns, Decision decision)
    {
        if (decision.denied() || audit.recordsAllowed()) {
            audit.record(event(context.getIdentity(), Optional.of(context.getQueryId()), user, AuditEvent.ACCESS, action)
                    .object("table", table.toString())
                    .columns(columns)
                    .decision(decision.allowed() ? "allow" : "deny", decision.rule())
                    .build());
        }
        return decision.allowed();
    }

    /**
     * Records how many objects a listing hid from the user, when it hid any (or always, when allows are logged).
     */
    private <T> Set<T> filtered(SystemSecurityContext context, SubjectPolicy user, String action, String objectType, String object, int requested, Set<T> visible)
    {
        int hidden = requested - visible.size();
        if (hidden > 0 || audit.recordsAllowed()) {
            audit.record(event(context.getIdentity(), Optional.of(context.getQueryId()), user, AuditEvent.ACCESS, action)
                    .object(objectType, object)
                    .decision(hidden > 0 ? "filter" : "allow")
                    .count(hidden)
                    .detail("%s of %s hidden".formatted(hidden, requested))
                    .build());
        }
        return visible;
    }

    private static AuditEvent.Builder event(Identity identity, Optional<QueryId> queryId, SubjectPolicy user, String event, String action)
    {
        return AuditEvent.builder(event)
                .queryId(queryId.map(QueryId::getId))
                .user(identity.getUser(), user.subject().groups(), user.subject().roles())
                .action(action);
    }
}
