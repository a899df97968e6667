package dev.lakehouse.cost.connector;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.cost.connector.CostColumn.Kind;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Type;

import java.util.List;
import java.util.Optional;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Locale.ENGLISH;

/**
 * The tables of the {@code cost} catalog, all in schema {@code ledger}.
 */
enum CostTable
{
    QUERIES(
            "Every metered query: who ran it, for which team, what it consumed and what it cost",
            Optional.of("cost_queries"),
            ImmutableList.of(
                    ledger("query_id", VARCHAR, Kind.STRING, "query_id", "Trino's query id"),
                    ledger("state", VARCHAR, Kind.STRING, "state", "FINISHED or FAILED"),
                    ledger("error_code", VARCHAR, Kind.STRING, "error_code", "Error of a failed query, such as USER_CANCELED or BUDGET_EXCEEDED"),
                    ledger("query_type", VARCHAR, Kind.STRING, "query_type", "SELECT, INSERT, ..."),
                    ledger("user", VARCHAR, Kind.STRING, "user_name", "User the query ran as"),
                    ledger("team", VARCHAR, Kind.STRING, "team", "Team the query is attributed to"),
                    ledger("resource_group", VARCHAR, Kind.STRING, "resource_group", "Resource group the query ran in"),
                    ledger("source", VARCHAR, Kind.STRING, "source", "Client source, such as trino-cli"),
                    ledger("client_tags", new ArrayType(VARCHAR), Kind.STRING_ARRAY, "client_tags", "Client tags"),
                    ledger("create_time", TIMESTAMP_TZ_MILLIS, Kind.EPOCH_MILLIS, "create_time", "When the query was submitted"),
                    ledger("end_time", TIMESTAMP_TZ_MILLIS, Kind.EPOCH_MILLIS, "end_time", "When the query completed; it counts for the budget period holding this time"),
                    ledger("queued_time_ms", BIGINT, Kind.LONG, "queued_time_ms", "Time queued, milliseconds"),
                    ledger("elapsed_time_ms", BIGINT, Kind.LONG, "elapsed_time_ms", "Time from submission to completion, milliseconds"),
                    ledger("cpu_time_ms", BIGINT, Kind.LONG, "cpu_time_ms", "CPU time on all nodes, milliseconds"),
                    ledger("physical_input_bytes", BIGINT, Kind.LONG, "physical_input_bytes", "Bytes read from storage"),
                    ledger("physical_input_rows", BIGINT, Kind.LONG, "physical_input_rows", "Rows read from storage"),
                    ledger("written_bytes", BIGINT, Kind.LONG, "written_bytes", "Bytes written"),
                    ledger("written_rows", BIGINT, Kind.LONG, "written_rows", "Rows written"),
                    ledger("memory_gib_hours", DOUBLE, Kind.BYTE_MILLIS_AS_GIB_HOURS, "cumulative_memory", "Memory held over time, GiB-hours"),
                    ledger("peak_memory_bytes", BIGINT, Kind.LONG, "peak_memory_bytes", "Peak user memory, bytes"),
                    ledger("physical_input_cost", money(), Kind.MICROS, "physical_input_cost", "Price of the bytes read"),
                    ledger("cpu_cost", money(), Kind.MICROS, "cpu_cost", "Price of the CPU time"),
                    ledger("memory_cost", money(), Kind.MICROS, "memory_cost", "Price of the memory"),
                    ledger("written_cost", money(), Kind.MICROS, "written_cost", "Price of the bytes written"),
                    ledger("cost", money(), Kind.MICROS, "cost", "Price of the query: the sum of the four parts"))),
    QUERY_TABLES(
            "The tables each metered query read, with the bytes Trino reports for each",
            Optional.of("cost_query_tables"),
            ImmutableList.of(
                    ledger("query_id", VARCHAR, Kind.STRING, "query_id", "Trino's query id"),
                    ledger("catalog_name", VARCHAR, Kind.STRING, "catalog_name", "Catalog of the table"),
                    ledger("schema_name", VARCHAR, Kind.STRING, "schema_name", "Schema of the table"),
                    ledger("table_name", VARCHAR, Kind.STRING, "table_name", "Table"),
                    ledger("physical_input_bytes", BIGINT, Kind.LONG, "physical_input_bytes", "Bytes read from the table, when its connector reports them"),
                    ledger("physical_input_rows", BIGINT, Kind.LONG, "physical_input_rows", "Rows read from the table, when its connector reports them"))),
    BUDGETS(
            "Each team's budget in its current period: spent, remaining and state",
            Optional.empty(),
            ImmutableList.of(
                    computed("team", VARCHAR, Kind.STRING, "Team"),
                    computed("period", VARCHAR, Kind.STRING, "day, week or month"),
                    computed("time_zone", VARCHAR, Kind.STRING, "Time zone of the period"),
                    computed("period_start", TIMESTAMP_TZ_MILLIS, Kind.EPOCH_MILLIS, "Start of the current period"),
                    computed("period_end", TIMESTAMP_TZ_MILLIS, Kind.EPOCH_MILLIS, "End of the current period, when the budget resets"),
                    computed("currency", VARCHAR, Kind.STRING, "Currency of the amounts"),
                    computed("budget", money(), Kind.MICROS, "Budget of the period"),
                    computed("spent", money(), Kind.MICROS, "Spent in the period so far"),
                    computed("remaining", money(), Kind.MICROS, "Budget minus spent; negative when over budget"),
                    computed("percent_used", DOUBLE, Kind.DOUBLE, "Spent as a percentage of the budget"),
                    computed("state", VARCHAR, Kind.STRING, "OK, NOTIFIED, THROTTLED or BLOCKED: the strongest action among the thresholds reached"),
                    computed("thresholds_reached", new ArrayType(VARCHAR), Kind.STRING_ARRAY, "The thresholds reached, such as '80% notify'")));

    public static final String SCHEMA = "ledger";

    private final String comment;
    private final Optional<String> ledgerTable;
    private final List<CostColumn> columns;

    CostTable(String comment, Optional<String> ledgerTable, List<CostColumn> columns)
    {
        this.comment = comment;
        this.ledgerTable = ledgerTable;
        this.columns = columns;
    }

    public String tableName()
    {
        return name().toLowerCase(ENGLISH);
    }

    public SchemaTableName schemaTableName()
    {
        return new SchemaTableName(SCHEMA, tableName());
    }

    /**
     * The ledger table the rows come from; empty for tables computed by the connector.
     */
    public Optional<String> ledgerTable()
    {
        return ledgerTable;
    }

    public List<CostColumn> columns()
    {
        return columns;
    }

    public CostColumn column(String name)
    {
        for (CostColumn column : columns) {
            if (column.name().equals(name)) {
                return column;
            }
        }
        throw new IllegalArgumentException("Table %s has no column %s".formatted(schemaTableName(), name));
    }

    public ConnectorTableMetadata metadata()
    {
        List<ColumnMetadata> columnMetadata = columns.stream().map(CostColumn::metadata).collect(toImmutableList());
        return new ConnectorTableMetadata(schemaTableName(), columnMetadata, ImmutableMap.of(), Optional.of(comment));
    }

    public static Optional<CostTable> fromSchemaTableName(SchemaTableName name)
    {
        if (!name.getSchemaName().equals(SCHEMA)) {
            return Optional.empty();
        }
        for (CostTable table : values()) {
            if (table.tableName().equals(name.getTableName())) {
                return Optional.of(table);
            }
        }
        return Optional.empty();
    }

    static DecimalType money()
    {
        return DecimalType.createDecimalType(18, 6);
    }

    private static CostColumn ledger(String name, Type type, Kind kind, String ledgerColumn, String comment)
    {
        return new CostColumn(name, type, kind, Optional.of(ledgerColumn), comment);
    }

    private static CostColumn computed(String name, Type type, Kind kind, String comment)
    {
        return new CostColumn(name, type, kind, Optional.empty(), comment);
    }
}
