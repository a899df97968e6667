package dev.lakehouse.benchmarks;

import com.google.common.base.Stopwatch;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.testing.ClientQueryStatistics;
import dev.lakehouse.testing.QueryDetails;
import dev.lakehouse.testing.QueryFailedException;
import dev.lakehouse.testing.QueryResult;
import dev.lakehouse.testing.TestingPostgreSqlServer;
import dev.lakehouse.testing.TrinoCluster;
import dev.lakehouse.testing.TrinoDistribution;
import org.intellij.lang.annotations.Language;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * What a benchmark run runs on: a real PostgreSQL holding one Iceberg JDBC catalog, and one stock
 * Trino server (a single node that is coordinator and worker) with a catalog for each compared
 * connector over that JDBC catalog and the same warehouse folder, and the {@code tpch} catalog
 * the data comes from (standard column names and decimal prices, as in the TPC-H specification).
 */
public final class BenchmarkCluster
        implements AutoCloseable
{
    /** The user every statement runs as. */
    public static final String USER = "benchmark";
    /** The name both catalogs record their tables under in the shared JDBC catalog. */
    public static final String JDBC_CATALOG_NAME = "benchmark";
    private static final Duration SCHEDULABLE_TIMEOUT = Duration.ofMinutes(1);
    private static final String WAREHOUSE = "file://${ENV:LAKEHOUSE_CLUSTER_DIR}/warehouse";

    private final TestingPostgreSqlServer postgres;
    private final TrinoCluster trino;

    private BenchmarkCluster(TestingPostgreSqlServer postgres, TrinoCluster trino)
    {
        this.postgres = requireNonNull(postgres, "postgres is null");
        this.trino = requireNonNull(trino, "trino is null");
    }

    /**
     * Starts PostgreSQL, creates the Iceberg JDBC catalog's tables in a new database, and starts
     * the Trino server in a new folder under {@code workDirectory}.
     *
     * @param catalogProperties properties that add to or replace the default ones of a catalog, by catalog name
     */
    public static BenchmarkCluster start(
            TrinoDistribution distribution,
            CatalogPair catalogs,
            Map<String, Map<String, String>> catalogProperties,
            Path workDirectory,
            String heapSize)
    {
        TestingPostgreSqlServer postgres = new TestingPostgreSqlServer();
        try {
            String jdbcUrl = postgres.createDatabase("iceberg_catalog");
            try (Connection connection = postgres.connect(jdbcUrl)) {
                IcebergJdbcCatalogTables.create(connection);
            }
            CatalogDatabase database = new CatalogDatabase(jdbcUrl, postgres.user(), postgres.password(), JDBC_CATALOG_NAME);

            TrinoCluster.Builder trino = TrinoCluster.builder()
                    .withDistribution(distribution)
                    .withName("benchmark")
                    .withBaseDirectory(workDirectory)
                    .withWorkers(0)
                    .withHeapSize(heapSize)
                    // one server that plans and runs the queries
                    .withCoordinatorProperty("node-scheduler.include-coordinator", "true")
                    // a query may use most of the heap (Trino's default is 30%): writing the ~2,500 files
                    // of the daily-partitioned table holds them all open, about 1.2 GB per unit of scale factor
                    .withNodeProperty("query.max-memory-per-node", "65%")
                    .withNodeProperty("memory.heap-headroom-per-node", "25%")
                    .withCatalog("tpch", ImmutableMap.of(
                            "connector.name", "tpch",
                            "tpch.column-naming", "STANDARD",
                            "tpch.double-type-mapping", "DECIMAL"));
            for (BenchmarkCatalog catalog : catalogs.both()) {
                catalog.connector().extraPlugin().ifPresent(trino::withExtraPlugin);
                Map<String, String> properties = new LinkedHashMap<>(catalog.connector().catalogProperties(database, WAREHOUSE));
                properties.putAll(catalogProperties.getOrDefault(catalog.name(), ImmutableMap.of()));
                trino.withCatalog(catalog.name(), properties);
            }
            BenchmarkCluster cluster = new BenchmarkCluster(postgres, trino.start());
            cluster.awaitSchedulable();
            return cluster;
        }
        catch (SQLException | RuntimeException e) {
            postgres.close();
            String message = "Cannot start the benchmark's servers: " + startFailure(e.getMessage());
            if (message.contains("Configuration property 'lakehouse.")) {
                message += "\nThe lakehouse connector of this build does not take the catalog properties the benchmark gives it (BenchmarkConnector.LAKEHOUSE): " +
                        "change them with --candidate-property, or compare Trino's Iceberg connector with itself (--candidate iceberg)";
            }
            throw new IllegalStateException(message, e);
        }
    }

    /**
     * The harness's message for a server that did not start ends with the tail of the server's log,
     * mostly the configuration it printed: keep what comes before the log (what failed, and where the
     * log is) and the log from the first error on, where Trino says what is wrong (such as a catalog
     * property the connector does not know).
     */
    static String startFailure(String message)
    {
        int logHeader = message.indexOf("=====");
        int firstError = message.indexOf("\tERROR\t");
        if (logHeader < 0 || firstError < logHeader) {
            return message;
        }
        int endOfLogHeader = message.indexOf('\n', logHeader) + 1;
        int startOfErrorLine = message.lastIndexOf('\n', firstError) + 1;
        if (endOfLogHeader <= 0 || startOfErrorLine <= endOfLogHeader) {
            return message;
        }
        return message.substring(0, endOfLogHeader) + "...\n" + message.substring(startOfErrorLine);
    }

    // The server lists itself as active before its scheduler sees it as a node for the catalogs
    // (that view is refreshed every few seconds): until then a query reading data fails with
    // NO_NODES_AVAILABLE. Wait, with a bound, until a query that reads a table runs.
    private void awaitSchedulable()
    {
        Stopwatch stopwatch = Stopwatch.createStarted();
        while (true) {
            try {
                execute("SELECT count(*) FROM tpch.tiny.region");
                return;
            }
            catch (QueryFailedException e) {
                if (!e.trinoMessage().contains("No nodes available") || stopwatch.elapsed().compareTo(SCHEDULABLE_TIMEOUT) > 0) {
                    throw e;
                }
            }
            try {
                Thread.sleep(500);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the server to schedule queries", e);
            }
        }
    }

    /**
     * A new connection with no session catalog: statements name their tables fully.
     */
    public Connection connect()
            throws SQLException
    {
        return trino.connect(USER);
    }

    /**
     * A new connection whose session has the given catalog and schema.
     */
    public Connection connect(String catalog, String schema)
            throws SQLException
    {
        Connection connection = trino.connect(USER);
        connection.setCatalog(catalog);
        connection.setSchema(schema);
        return connection;
    }

    /**
     * Runs one statement with no session catalog.
     *
     * @throws QueryFailedException with Trino's message when it fails
     */
    public QueryResult execute(@Language("SQL") String sql)
    {
        return trino.execute(USER, sql);
    }

    /**
     * Runs one statement in the connection's session.
     *
     * @throws QueryFailedException with Trino's message when it fails
     */
    public static QueryResult execute(Connection connection, @Language("SQL") String sql)
    {
        try {
            return TrinoCluster.execute(connection, sql);
        }
        catch (SQLException e) {
            throw new QueryFailedException(USER, sql, e);
        }
    }

    /**
     * Runs {@code EXPLAIN ANALYZE} of a statement in the connection's session, and returns the plan's text.
     *
     * @throws QueryFailedException with Trino's message when it fails
     */
    public static String explainAnalyze(Connection connection, String sql)
    {
        StringBuilder plan = new StringBuilder();
        for (List<Object> row : execute(connection, "EXPLAIN ANALYZE " + sql).rows()) {
            plan.append(row.getFirst()).append('\n');
        }
        return plan.toString();
    }

    /**
     * The measured run of a finished statement: the wall time the client saw, the statistics
     * Trino reported to the client, and the splits and planning time of the coordinator's record.
     *
     * @throws RuntimeException when the coordinator's record cannot be read
     */
    public Execution execution(QueryResult result, double wallMillis)
    {
        ClientQueryStatistics statistics = result.statistics();
        QueryDetails details = details(result.queryId());
        long scanSplits = details.tableScanTotal("totalDrivers");
        double planningMillis = details.duration("planningTime").getValue(MILLISECONDS);
        return new Execution(result.queryId(), wallMillis, statistics.cpuTimeMillis(), scanSplits, statistics.totalSplits(), statistics.physicalInputBytes(), statistics.processedRows(), planningMillis);
    }

    /**
     * The coordinator's full record of a finished query.
     */
    public QueryDetails details(String queryId)
    {
        return trino.queryDetails(USER, queryId);
    }

    /**
     * The server's folder: its configuration, log, and the warehouse.
     */
    public Path directory()
    {
        return trino.directory();
    }

    public Path serverLog()
    {
        return trino.coordinator().logFile();
    }

    @Override
    public void close()
    {
        try {
            trino.close();
        }
        finally {
            postgres.close();
        }
    }
}
