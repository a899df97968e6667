package dev.lakehouse.cost.connector;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.CatalogSchemaName;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.ConnectorTableVersion;
import io.trino.spi.connector.ConnectorViewDefinition;
import io.trino.spi.connector.ConnectorViewDefinition.ViewColumn;
import io.trino.spi.connector.Constraint;
import io.trino.spi.connector.ConstraintApplicationResult;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SchemaTablePrefix;
import io.trino.spi.connector.TableColumnsMetadata;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.TypeId;
import org.intellij.lang.annotations.Language;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * The {@code cost} catalog's tables, and the view {@code ledger.daily_usage}: usage by day, team
 * and user, with days in the budgets' time zone. Read-only.
 */
public final class CostMetadata
        implements ConnectorMetadata
{
    public static final String DAILY_USAGE_VIEW = "daily_usage";
    // columns the ledger can filter on; others are filtered by Trino alone
    private static final Set<String> PUSHED_COLUMNS = ImmutableSet.of("query_id", "user", "team", "state", "end_time", "catalog_name", "schema_name", "table_name");

    private final CatalogName catalogName;
    private final BudgetsProvider budgets;

    @Inject
    public CostMetadata(CatalogName catalogName, BudgetsProvider budgets)
    {
        this.catalogName = requireNonNull(catalogName, "catalogName is null");
        this.budgets = requireNonNull(budgets, "budgets is null");
    }

    @Override
    public List<String> listSchemaNames(ConnectorSession session)
    {
        return ImmutableList.of(CostTable.SCHEMA);
    }

    @Override
    public ConnectorTableHandle getTableHandle(ConnectorSession session, SchemaTableName tableName, Optional<ConnectorTableVersion> startVersion, Optional<ConnectorTableVersion> endVersion)
    {
        if (startVersion.isPresent() || endVersion.isPresent()) {
            throw new TrinoException(NOT_SUPPORTED, "The cost catalog has no table versions");
        }
        return CostTable.fromSchemaTableName(tableName)
                .map(table -> new CostTableHandle(table, TupleDomain.all()))
                .orElse(null);
    }

    @Override
    public ConnectorTableMetadata getTableMetadata(ConnectorSession session, ConnectorTableHandle table)
    {
        return ((CostTableHandle) table).table().metadata();
    }

    @Override
    public List<SchemaTableName> listTables(ConnectorSession session, Optional<String> schemaName)
    {
        if (schemaName.isPresent() && !schemaName.get().equals(CostTable.SCHEMA)) {
            return ImmutableList.of();
        }
        // tables and views, as the SPI asks
        ImmutableList.Builder<SchemaTableName> tables = ImmutableList.builder();
        for (CostTable table : CostTable.values()) {
            tables.add(table.schemaTableName());
        }
        tables.add(new SchemaTableName(CostTable.SCHEMA, DAILY_USAGE_VIEW));
        return tables.build();
    }

    @Override
    public Map<String, ColumnHandle> getColumnHandles(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        ImmutableMap.Builder<String, ColumnHandle> handles = ImmutableMap.builder();
        for (CostColumn column : ((CostTableHandle) tableHandle).table().columns()) {
            handles.put(column.name(), new CostColumnHandle(column.name()));
        }
        return handles.buildOrThrow();
    }

    @Override
    public ColumnMetadata getColumnMetadata(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnHandle columnHandle)
    {
        return ((CostTableHandle) tableHandle).table().column(((CostColumnHandle) columnHandle).name()).metadata();
    }

    @Override
    public Iterator<TableColumnsMetadata> streamTableColumns(ConnectorSession session, SchemaTablePrefix prefix)
    {
        ImmutableList.Builder<TableColumnsMetadata> columns = ImmutableList.builder();
        for (CostTable table : CostTable.values()) {
            if (prefix.matches(table.schemaTableName())) {
                columns.add(TableColumnsMetadata.forTable(table.schemaTableName(), table.metadata().getColumns()));
            }
        }
        return columns.build().iterator();
    }

    @Override
    public Optional<ConstraintApplicationResult<ConnectorTableHandle>> applyFilter(ConnectorSession session, ConnectorTableHandle tableHandle, Constraint constraint)
    {
        CostTableHandle handle = (CostTableHandle) tableHandle;
        if (handle.table().ledgerTable().isEmpty()) {
            return Optional.empty();
        }
        Optional<Map<ColumnHandle, Domain>> domains = constraint.getSummary().getDomains();
        if (domains.isEmpty()) {
            // the filter can match nothing; Trino handles that itself
            return Optional.empty();
        }
        Map<String, Domain> pushed = new HashMap<>();
        domains.get().forEach((column, domain) -> {
            String name = ((CostColumnHandle) column).name();
            if (PUSHED_COLUMNS.contains(name) && handle.table().columns().stream().anyMatch(candidate -> candidate.name().equals(name))) {
                pushed.put(name, domain);
            }
        });
        TupleDomain<String> newConstraint = handle.constraint().intersect(TupleDomain.withColumnDomains(pushed));
        if (newConstraint.equals(handle.constraint())) {
            return Optional.empty();
        }
        // Trino applies the whole filter again: the ledger's SQL only narrows what is read
        return Optional.of(new ConstraintApplicationResult<>(new CostTableHandle(handle.table(), newConstraint), constraint.getSummary(), constraint.getExpression(), false));
    }

    @Override
    public List<SchemaTableName> listViews(ConnectorSession session, Optional<String> schemaName)
    {
        if (schemaName.isPresent() && !schemaName.get().equals(CostTable.SCHEMA)) {
            return ImmutableList.of();
        }
        return ImmutableList.of(new SchemaTableName(CostTable.SCHEMA, DAILY_USAGE_VIEW));
    }

    @Override
    public Map<SchemaTableName, ConnectorViewDefinition> getViews(ConnectorSession session, Optional<String> schemaName)
    {
        ImmutableMap.Builder<SchemaTableName, ConnectorViewDefinition> views = ImmutableMap.builder();
        for (SchemaTableName name : listViews(session, schemaName)) {
            getView(session, name).ifPresent(view -> views.put(name, view));
        }
        return views.buildOrThrow();
    }

    @Override
    public Optional<ConnectorViewDefinition> getView(ConnectorSession session, SchemaTableName viewName)
    {
        if (!viewName.equals(new SchemaTableName(CostTable.SCHEMA, DAILY_USAGE_VIEW))) {
            return Optional.empty();
        }
        String timeZone = budgets.policy().timeZone().getId();
        @Language("SQL")
        String sql = """
                SELECT
                    CAST(end_time AT TIME ZONE '%s' AS date) AS day,
                    team,
                    "user",
                    count(*) AS queries,
                    count_if(state = 'FAILED') AS failed_queries,
                    sum(cpu_time_ms) AS cpu_time_ms,
                    sum(physical_input_bytes) AS physical_input_bytes,
                    sum(written_bytes) AS written_bytes,
                    sum(memory_gib_hours) AS memory_gib_hours,
                    sum(cost) AS cost
                FROM "%s".ledger.queries
                GROUP BY 1, 2, 3
                """.formatted(timeZone.replace("'", "''"), catalogName.name().replace("\"", "\"\""));
        return Optional.of(new ConnectorViewDefinition(
                sql,
                Optional.of(catalogName.name()),
                Optional.of(CostTable.SCHEMA),
                ImmutableList.of(
                        new ViewColumn("day", DATE.getTypeId(), Optional.of("Day the queries ended, in the time zone " + timeZone)),
                        new ViewColumn("team", VARCHAR.getTypeId(), Optional.empty()),
                        new ViewColumn("user", VARCHAR.getTypeId(), Optional.empty()),
                        new ViewColumn("queries", BIGINT.getTypeId(), Optional.empty()),
                        new ViewColumn("failed_queries", BIGINT.getTypeId(), Optional.empty()),
                        new ViewColumn("cpu_time_ms", BIGINT.getTypeId(), Optional.empty()),
                        new ViewColumn("physical_input_bytes", BIGINT.getTypeId(), Optional.empty()),
                        new ViewColumn("written_bytes", BIGINT.getTypeId(), Optional.empty()),
                        new ViewColumn("memory_gib_hours", DOUBLE.getTypeId(), Optional.empty()),
                        new ViewColumn("cost", TypeId.of("decimal(38,6)"), Optional.empty())),
                Optional.of("Usage by day, team and user"),
                Optional.empty(),
                true,
                ImmutableList.<CatalogSchemaName>of()));
    }
}
