package dev.lakehouse.cost.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import com.google.inject.Inject;
import dev.lakehouse.cost.ledger.LedgerRecord.TableUsage;
import io.airlift.log.Logger;
import jakarta.annotation.PreDestroy;
import org.intellij.lang.annotations.Language;

import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * The ledger: every metered query, the tables it read, and the budget events already announced, in
 * a SQLite file or a PostgreSQL database. Writing a record is idempotent (a query id is stored
 * once), so a record delivered twice, for example when the spool is replayed after a crash, is
 * counted once.
 *
 * <p>Costs are stored in millionths of the currency unit, times in milliseconds since the epoch.
 * One instance keeps one connection, reopened after a failure; its methods are serialized.
 */
public final class Ledger
        implements AutoCloseable
{
    public static final int SCHEMA_VERSION = 1;

    public static final String QUERIES_TABLE = "cost_queries";
    public static final String QUERY_TABLES_TABLE = "cost_query_tables";
    public static final String BUDGET_EVENTS_TABLE = "cost_budget_events";
    public static final String SCHEMA_VERSION_TABLE = "cost_schema_version";

    private static final Logger log = Logger.get(Ledger.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    @Language("SQL")
    private static final String INSERT_QUERY = """
            INSERT INTO cost_queries (
                query_id, state, error_code, query_type, user_name, team, resource_group, source, client_tags,
                create_time, end_time, queued_time_ms, elapsed_time_ms, cpu_time_ms,
                physical_input_bytes, physical_input_rows, written_bytes, written_rows, cumulative_memory, peak_memory_bytes,
                physical_input_cost, cpu_cost, memory_cost, written_cost, cost)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (query_id) DO NOTHING
            """;

    @Language("SQL")
    private static final String INSERT_TABLE = """
            INSERT INTO cost_query_tables (query_id, catalog_name, schema_name, table_name, physical_input_bytes, physical_input_rows)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (query_id, catalog_name, schema_name, table_name) DO NOTHING
            """;

    private final LedgerConnectionFactory connectionFactory;

    @GuardedBy("this")
    private Connection connection;
    @GuardedBy("this")
    private boolean initialized;

    @Inject
    public Ledger(LedgerConnectionFactory connectionFactory)
    {
        this.connectionFactory = requireNonNull(connectionFactory, "connectionFactory is null");
    }

    public String identity()
    {
        return connectionFactory.identity();
    }

    /**
     * A new connection, for readers that run their own statements (the {@code cost} catalog).
     * The caller closes it.
     */
    public Connection openConnection()
            throws SQLException
    {
        return connectionFactory.openConnection();
    }

    /**
     * Creates the ledger's tables when they do not exist yet, and checks that an existing ledger has
     * a layout this version knows.
     *
     * @throws IllegalStateException when the ledger cannot be reached or was written by a newer version
     */
    public synchronized void initialize()
    {
        if (initialized) {
            return;
        }
        try {
            Connection connection = connection();
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (String sql : schemaStatements()) {
                    statement.execute(sql);
                }
                int version = 0;
                try (ResultSet resultSet = statement.executeQuery("SELECT max(version) FROM " + SCHEMA_VERSION_TABLE)) {
                    if (resultSet.next()) {
                        version = resultSet.getInt(1);
                    }
                }
                if (version == 0) {
                    statement.execute("INSERT INTO " + SCHEMA_VERSION_TABLE + " (version) VALUES (" + SCHEMA_VERSION + ")");
                }
                else if (version > SCHEMA_VERSION) {
                    throw new IllegalStateException("The ledger %s has layout version %s, newer than the version %s this plugin knows; upgrade the plugin".formatted(identity(), version, SCHEMA_VERSION));
                }
                connection.commit();
                initialized = true;
            }
            catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            finally {
                connection.setAutoCommit(autoCommit);
            }
        }
        catch (SQLException e) {
            discardConnection();
            throw new IllegalStateException("Cannot create or open the ledger %s: %s".formatted(identity(), e.getMessage()), e);
        }
    }

    private List<String> schemaStatements()
    {
        return ImmutableList.of(
                """
                CREATE TABLE IF NOT EXISTS cost_queries (
                    %s,
                    query_id VARCHAR(128) NOT NULL UNIQUE,
                    state VARCHAR(32) NOT NULL,
                    error_code VARCHAR(256),
                    query_type VARCHAR(32),
                    user_name VARCHAR(1024) NOT NULL,
                    team VARCHAR(1024),
                    resource_group VARCHAR(4096),
                    source VARCHAR(4096),
                    client_tags TEXT NOT NULL,
                    create_time BIGINT NOT NULL,
                    end_time BIGINT NOT NULL,
                    queued_time_ms BIGINT NOT NULL,
                    elapsed_time_ms BIGINT NOT NULL,
                    cpu_time_ms BIGINT NOT NULL,
                    physical_input_bytes BIGINT NOT NULL,
                    physical_input_rows BIGINT NOT NULL,
                    written_bytes BIGINT NOT NULL,
                    written_rows BIGINT NOT NULL,
                    cumulative_memory DOUBLE PRECISION NOT NULL,
                    peak_memory_bytes BIGINT NOT NULL,
                    physical_input_cost BIGINT NOT NULL,
                    cpu_cost BIGINT NOT NULL,
                    memory_cost BIGINT NOT NULL,
                    written_cost BIGINT NOT NULL,
                    cost BIGINT NOT NULL)
                """.formatted(connectionFactory.sequenceColumnDefinition()),
                "CREATE INDEX IF NOT EXISTS cost_queries_end_time ON cost_queries (end_time)",
                "CREATE INDEX IF NOT EXISTS cost_queries_team_end_time ON cost_queries (team, end_time)",
                """
                CREATE TABLE IF NOT EXISTS cost_query_tables (
                    query_id VARCHAR(128) NOT NULL,
                    catalog_name VARCHAR(1024) NOT NULL,
                    schema_name VARCHAR(1024) NOT NULL,
                    table_name VARCHAR(1024) NOT NULL,
                    physical_input_bytes BIGINT,
                    physical_input_rows BIGINT,
                    PRIMARY KEY (query_id, catalog_name, schema_name, table_name))
                """,
                """
                CREATE TABLE IF NOT EXISTS cost_budget_events (
                    team VARCHAR(1024) NOT NULL,
                    period_start BIGINT NOT NULL,
                    threshold_percent VARCHAR(32) NOT NULL,
                    action VARCHAR(32) NOT NULL,
                    spent BIGINT NOT NULL,
                    budget BIGINT NOT NULL,
                    event_time BIGINT NOT NULL,
                    PRIMARY KEY (team, period_start, threshold_percent, action))
                """,
                "CREATE TABLE IF NOT EXISTS cost_schema_version (version INTEGER NOT NULL)");
    }

    /**
     * Writes the records in one transaction: all of them are in the ledger when this returns, none
     * when it throws. A record whose query id is already in the ledger is left as it is.
     *
     * @return how many of the records were new
     */
    public synchronized int append(List<LedgerRecord> records)
            throws SQLException
    {
        if (records.isEmpty()) {
            return 0;
        }
        Connection connection = connection();
        try {
            connection.setAutoCommit(false);
            int added = 0;
            try (PreparedStatement insertQuery = connection.prepareStatement(INSERT_QUERY);
                    PreparedStatement insertTable = connection.prepareStatement(INSERT_TABLE)) {
                for (LedgerRecord record : records) {
                    bindQuery(insertQuery, record);
                    insertQuery.addBatch();
                    for (TableUsage table : record.tables()) {
                        insertTable.setString(1, record.queryId());
                        insertTable.setString(2, table.catalog());
                        insertTable.setString(3, table.schema());
                        insertTable.setString(4, table.table());
                        setOptionalLong(insertTable, 5, table.physicalInputBytes());
                        setOptionalLong(insertTable, 6, table.physicalInputRows());
                        insertTable.addBatch();
                    }
                }
                for (int count : insertQuery.executeBatch()) {
                    // drivers may report SUCCESS_NO_INFO (-2); only SQLite and PostgreSQL are used, and both count
                    added += Math.max(count, 0);
                }
                insertTable.executeBatch();
            }
            connection.commit();
            connection.setAutoCommit(true);
            return added;
        }
        catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection, e);
            discardConnection();
            throw e;
        }
    }

    private static void bindQuery(PreparedStatement statement, LedgerRecord record)
            throws SQLException
    {
        int index = 1;
        statement.setString(index++, record.queryId());
        statement.setString(index++, record.state());
        setOptionalString(statement, index++, record.errorCode());
        setOptionalString(statement, index++, record.queryType());
        statement.setString(index++, record.user());
        setOptionalString(statement, index++, record.team());
        setOptionalString(statement, index++, record.resourceGroup());
        setOptionalString(statement, index++, record.source());
        statement.setString(index++, encodeTags(record.clientTags()));
        statement.setLong(index++, record.createTime());
        statement.setLong(index++, record.endTime());
        statement.setLong(index++, record.queuedTimeMillis());
        statement.setLong(index++, record.elapsedTimeMillis());
        statement.setLong(index++, record.cpuTimeMillis());
        statement.setLong(index++, record.physicalInputBytes());
        statement.setLong(index++, record.physicalInputRows());
        statement.setLong(index++, record.writtenBytes());
        statement.setLong(index++, record.writtenRows());
        statement.setDouble(index++, record.cumulativeMemory());
        statement.setLong(index++, record.peakMemoryBytes());
        statement.setLong(index++, record.cost().physicalInputMicros());
        statement.setLong(index++, record.cost().cpuMicros());
        statement.setLong(index++, record.cost().memoryMicros());
        statement.setLong(index++, record.cost().writtenMicros());
        statement.setLong(index, record.cost().totalMicros());
    }

    /**
     * The highest record sequence in the ledger, 0 when it is empty. Records written later have
     * higher sequences.
     */
    public synchronized long maxSequence()
            throws SQLException
    {
        try (Statement statement = connection().createStatement();
                ResultSet resultSet = statement.executeQuery("SELECT coalesce(max(seq), 0) FROM " + QUERIES_TABLE)) {
            resultSet.next();
            return resultSet.getLong(1);
        }
        catch (SQLException e) {
            discardConnection();
            throw e;
        }
    }

    /**
     * The spend of each team, in micros, over the queries that ended in {@code [from, to)} and
     * have a sequence of at most {@code maxSequence}.
     */
    public synchronized Map<String, Long> spendByTeam(long from, long to, long maxSequence)
            throws SQLException
    {
        checkArgument(from <= to, "from is after to");
        @Language("SQL")
        String sql = "SELECT team, sum(cost) FROM cost_queries WHERE team IS NOT NULL AND end_time >= ? AND end_time < ? AND seq <= ? GROUP BY team";
        try (PreparedStatement statement = connection().prepareStatement(sql)) {
            statement.setLong(1, from);
            statement.setLong(2, to);
            statement.setLong(3, maxSequence);
            Map<String, Long> spend = new HashMap<>();
            try (ResultSet resultSet = statement.executeQuery()) {
                while (resultSet.next()) {
                    spend.put(resultSet.getString(1), resultSet.getLong(2));
                }
            }
            return ImmutableMap.copyOf(spend);
        }
        catch (SQLException e) {
            discardConnection();
            throw e;
        }
    }

    /**
     * The records written after {@code sequence}, in sequence order, at most {@code limit}.
     */
    public synchronized List<SpendEntry> spendAfter(long sequence, int limit)
            throws SQLException
    {
        @Language("SQL")
        String sql = "SELECT seq, team, end_time, cost FROM cost_queries WHERE seq > ? ORDER BY seq LIMIT ?";
        try (PreparedStatement statement = connection().prepareStatement(sql)) {
            statement.setLong(1, sequence);
            statement.setInt(2, limit);
            ImmutableList.Builder<SpendEntry> entries = ImmutableList.builder();
            try (ResultSet resultSet = statement.executeQuery()) {
                while (resultSet.next()) {
                    entries.add(new SpendEntry(resultSet.getLong(1), Optional.ofNullable(resultSet.getString(2)), resultSet.getLong(3), resultSet.getLong(4)));
                }
            }
            return entries.build();
        }
        catch (SQLException e) {
            discardConnection();
            throw e;
        }
    }

    /**
     * Records that a team crossed a budget threshold in a period.
     *
     * @return true when the event is new, false when it was recorded before (by this or another
     * coordinator, before a restart), so that each crossing is announced once
     */
    public synchronized boolean recordBudgetEvent(BudgetEvent event)
            throws SQLException
    {
        @Language("SQL")
        String sql = """
                INSERT INTO cost_budget_events (team, period_start, threshold_percent, action, spent, budget, event_time)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (team, period_start, threshold_percent, action) DO NOTHING
                """;
        try (PreparedStatement statement = connection().prepareStatement(sql)) {
            statement.setString(1, event.team());
            statement.setLong(2, event.periodStart());
            statement.setString(3, event.thresholdPercent());
            statement.setString(4, event.action());
            statement.setLong(5, event.spentMicros());
            statement.setLong(6, event.budgetMicros());
            statement.setLong(7, event.eventTime());
            return statement.executeUpdate() > 0;
        }
        catch (SQLException e) {
            discardConnection();
            throw e;
        }
    }

    @PreDestroy
    @Override
    public synchronized void close()
    {
        discardConnection();
    }

    public static String encodeTags(List<String> tags)
    {
        try {
            return JSON.writeValueAsString(tags);
        }
        catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> decodeTags(String json)
    {
        try {
            return JSON.readValue(json, STRING_LIST);
        }
        catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GuardedBy("this")
    private Connection connection()
            throws SQLException
    {
        if (connection == null) {
            connection = connectionFactory.openConnection();
        }
        return connection;
    }

    @GuardedBy("this")
    private void discardConnection()
    {
        if (connection != null) {
            try {
                connection.close();
            }
            catch (SQLException e) {
                log.debug(e, "Closing a connection to the ledger %s failed", identity());
            }
            connection = null;
        }
    }

    private static void rollbackQuietly(Connection connection, Exception failure)
    {
        try {
            connection.rollback();
        }
        catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void setOptionalString(PreparedStatement statement, int index, Optional<String> value)
            throws SQLException
    {
        if (value.isPresent()) {
            statement.setString(index, value.get());
        }
        else {
            statement.setNull(index, Types.VARCHAR);
        }
    }

    private static void setOptionalLong(PreparedStatement statement, int index, Optional<Long> value)
            throws SQLException
    {
        if (value.isPresent()) {
            statement.setLong(index, value.get());
        }
        else {
            statement.setNull(index, Types.BIGINT);
        }
    }

    /**
     * A record's contribution to its team's spend.
     */
    public record SpendEntry(long sequence, Optional<String> team, long endTime, long costMicros)
    {
        public SpendEntry
        {
            requireNonNull(team, "team is null");
        }
    }

    /**
     * A team crossing one of its budget's thresholds in a period.
     */
    public record BudgetEvent(String team, long periodStart, String thresholdPercent, String action, long spentMicros, long budgetMicros, long eventTime)
    {
        public BudgetEvent
        {
            requireNonNull(team, "team is null");
            requireNonNull(thresholdPercent, "thresholdPercent is null");
            requireNonNull(action, "action is null");
        }
    }
}
