package dev.lakehouse.access.explain;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.CreationException;
import com.google.inject.Injector;
import dev.lakehouse.access.LakehouseAccessControlFactory;
import dev.lakehouse.access.LakehouseAccessControlModule;
import dev.lakehouse.access.LakehouseSystemAccessControl;
import dev.lakehouse.access.audit.AuditEvent;
import dev.lakehouse.access.audit.AuditLog;
import io.airlift.bootstrap.Bootstrap;
import io.trino.spi.QueryId;
import io.trino.spi.connector.CatalogSchemaName;
import io.trino.spi.connector.CatalogSchemaRoutineName;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.security.AccessDeniedException;
import io.trino.spi.security.Identity;
import io.trino.spi.security.SystemSecurityContext;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static java.util.Objects.requireNonNull;

/**
 * Answers "may user U do action A on object O, and which rule decides?" without running a query:
 * it asks the very access control the server runs, built from the policy file, and reports the
 * decisions it makes (with masks and row filters for SELECT).
 */
public final class PolicyExplainer
        implements AutoCloseable
{
    /**
     * The actions that can be explained, with the object each one names.
     */
    public enum Action
    {
        SELECT("table"),
        INSERT("table"),
        DELETE("table"),
        UPDATE("table"),
        TRUNCATE("table"),
        SHOW_COLUMNS("table"),
        CREATE_TABLE("table"),
        DROP_TABLE("table"),
        ALTER_TABLE("table"),
        SHOW_CREATE_TABLE("table"),
        CREATE_VIEW("table"),
        DROP_VIEW("table"),
        CREATE_VIEW_WITH_SELECT("table"),
        EXECUTE_TABLE_PROCEDURE("table"),
        SHOW_TABLES("schema"),
        CREATE_SCHEMA("schema"),
        DROP_SCHEMA("schema"),
        ACCESS_CATALOG("catalog"),
        SHOW_SCHEMAS("catalog"),
        EXECUTE_FUNCTION("routine"),
        EXECUTE_PROCEDURE("routine"),
        SET_SESSION_PROPERTY("property"),
        IMPERSONATE_USER("user"),
        VIEW_QUERY("user"),
        KILL_QUERY("user"),
        EXECUTE_QUERY("none"),
        READ_SYSTEM_INFORMATION("none"),
        WRITE_SYSTEM_INFORMATION("none");

        private final String objectKind;

        Action(String objectKind)
        {
            this.objectKind = objectKind;
        }

        public String objectKind()
        {
            return objectKind;
        }

        public String cliName()
        {
            return name().toLowerCase(Locale.ENGLISH).replace('_', '-');
        }

        public static Optional<Action> fromCliName(String name)
        {
            for (Action action : values()) {
                if (action.cliName().equals(name) || action.name().equalsIgnoreCase(name)) {
                    return Optional.of(action);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The answer: allowed or not, the denial message a user would see, and every decision taken
     * on the way, each with its rule.
     */
    public record Explanation(boolean allowed, Optional<String> denial, List<AuditEvent> decisions)
    {
        public Explanation
        {
            requireNonNull(denial, "denial is null");
            decisions = ImmutableList.copyOf(decisions);
        }
    }

    private final RecordingAuditLog audit = new RecordingAuditLog();
    private final LakehouseSystemAccessControl accessControl;

    public PolicyExplainer(Path policy, String jsonPointer)
    {
        Injector injector;
        try {
            injector = new Bootstrap(new LakehouseAccessControlModule(audit))
                    .doNotInitializeLogging()
                    .quiet()
                    .setRequiredConfigurationProperties(ImmutableMap.of(
                            "security.config-file", policy.toString(),
                            "security.json-pointer", jsonPointer,
                            "audit.enabled", "false"))
                    .initialize();
        }
        catch (CreationException e) {
            throw LakehouseAccessControlFactory.startupError(e);
        }
        this.accessControl = injector.getInstance(LakehouseSystemAccessControl.class);
    }

    /**
     * @param object {@code catalog.schema.table}, {@code catalog.schema}, {@code catalog},
     * {@code catalog.schema.routine}, a property ({@code name} or {@code catalog.name}), or a user,
     * as {@link Action#objectKind} says
     * @param columns for SELECT and UPDATE: the columns, with their types (masks depend on the type)
     */
    public synchronized Explanation explain(Identity identity, Action action, String object, List<ColumnSchema> columns)
    {
        audit.events.clear();
        SystemSecurityContext context = new SystemSecurityContext(identity, new QueryId("explain"), Instant.now());
        try {
            boolean allowed = run(context, action, object, columns);
            return new Explanation(allowed, Optional.empty(), audit.events);
        }
        catch (AccessDeniedException e) {
            return new Explanation(false, Optional.of(e.getMessage()), audit.events);
        }
    }

    private boolean run(SystemSecurityContext context, Action action, String object, List<ColumnSchema> columns)
    {
        Identity identity = context.getIdentity();
        Set<String> columnNames = columns.stream().map(ColumnSchema::getName).collect(toImmutableSet());
        switch (action) {
            case SELECT -> {
                CatalogSchemaTableName table = table(object);
                accessControl.checkCanSelectFromColumns(context, table, columnNames);
                accessControl.getColumnMasks(context, table, columns);
                accessControl.getRowFilters(context, table);
            }
            case INSERT -> accessControl.checkCanInsertIntoTable(context, table(object));
            case DELETE -> accessControl.checkCanDeleteFromTable(context, table(object));
            case UPDATE -> accessControl.checkCanUpdateTableColumns(context, table(object), columnNames);
            case TRUNCATE -> accessControl.checkCanTruncateTable(context, table(object));
            case SHOW_COLUMNS -> {
                CatalogSchemaTableName table = table(object);
                accessControl.checkCanShowColumns(context, table);
                if (!columnNames.isEmpty()) {
                    accessControl.filterColumns(context, table, columnNames);
                }
            }
            case CREATE_TABLE -> accessControl.checkCanCreateTable(context, table(object), Map.of());
            case DROP_TABLE -> accessControl.checkCanDropTable(context, table(object));
            case ALTER_TABLE -> accessControl.checkCanAddColumn(context, table(object));
            case SHOW_CREATE_TABLE -> accessControl.checkCanShowCreateTable(context, table(object));
            case CREATE_VIEW -> accessControl.checkCanCreateView(context, table(object));
            case DROP_VIEW -> accessControl.checkCanDropView(context, table(object));
            case CREATE_VIEW_WITH_SELECT -> accessControl.checkCanCreateViewWithSelectFromColumns(context, table(object), columnNames);
            case EXECUTE_TABLE_PROCEDURE -> accessControl.checkCanExecuteTableProcedure(context, table(object), "optimize");
            case SHOW_TABLES -> accessControl.checkCanShowTables(context, schema(object));
            case CREATE_SCHEMA -> accessControl.checkCanCreateSchema(context, schema(object), Map.of());
            case DROP_SCHEMA -> accessControl.checkCanDropSchema(context, schema(object));
            case ACCESS_CATALOG -> {
                return accessControl.canAccessCatalog(context, name(object, 1, "catalog").getFirst());
            }
            case SHOW_SCHEMAS -> accessControl.checkCanShowSchemas(context, name(object, 1, "catalog").getFirst());
            case EXECUTE_FUNCTION -> {
                List<String> name = name(object, 3, "catalog.schema.function");
                return accessControl.canExecuteFunction(context, new CatalogSchemaRoutineName(name.get(0), name.get(1), name.get(2)));
            }
            case EXECUTE_PROCEDURE -> {
                List<String> name = name(object, 3, "catalog.schema.procedure");
                accessControl.checkCanExecuteProcedure(context, new CatalogSchemaRoutineName(name.get(0), name.get(1), name.get(2)));
            }
            case SET_SESSION_PROPERTY -> {
                List<String> name = List.of(object.split("\\.", 2));
                if (name.size() == 1) {
                    accessControl.checkCanSetSystemSessionProperty(identity, new QueryId("explain"), name.getFirst());
                }
                else {
                    accessControl.checkCanSetCatalogSessionProperty(context, name.get(0), name.get(1));
                }
            }
            case IMPERSONATE_USER -> accessControl.checkCanImpersonateUser(identity, object);
            case VIEW_QUERY -> accessControl.checkCanViewQueryOwnedBy(identity, Identity.ofUser(object));
            case KILL_QUERY -> accessControl.checkCanKillQueryOwnedBy(identity, Identity.ofUser(object));
            case EXECUTE_QUERY -> accessControl.checkCanExecuteQuery(identity, new QueryId("explain"));
            case READ_SYSTEM_INFORMATION -> accessControl.checkCanReadSystemInformation(identity);
            case WRITE_SYSTEM_INFORMATION -> accessControl.checkCanWriteSystemInformation(identity);
        }
        return true;
    }

    private static CatalogSchemaTableName table(String object)
    {
        List<String> name = name(object, 3, "catalog.schema.table");
        return new CatalogSchemaTableName(name.get(0), name.get(1), name.get(2));
    }

    private static CatalogSchemaName schema(String object)
    {
        List<String> name = name(object, 2, "catalog.schema");
        return new CatalogSchemaName(name.get(0), name.get(1));
    }

    private static List<String> name(String object, int parts, String expected)
    {
        List<String> name = List.of(object.split("\\.", -1));
        if (name.size() != parts || name.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("'%s' is not a name of the form %s".formatted(object, expected));
        }
        return name;
    }

    @Override
    public void close()
    {
        accessControl.shutdown();
    }

    private static final class RecordingAuditLog
            implements AuditLog
    {
        private final List<AuditEvent> events = new ArrayList<>();

        @Override
        public boolean recordsAllowed()
        {
            return true;
        }

        @Override
        public synchronized void record(AuditEvent event)
        {
            if (!event.event().startsWith("policy_")) {
                events.add(event);
            }
        }
    }
}
