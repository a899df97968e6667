package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.testing.QueryFailedException;
import org.intellij.lang.annotations.Language;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static dev.lakehouse.benchmarks.BenchmarkQuery.Kind.DML;
import static dev.lakehouse.benchmarks.BenchmarkQuery.Kind.QUERY_AFTER_DML;
import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

/**
 * The tables of the DML cases, made untimed from the loaded {@code lineitem}:
 *
 * <ul>
 * <li>{@value #CHANGE_SET} in the benchmark's schema: what the MERGE statement merges, made once so
 * that both catalogs merge the same rows. 1% of {@code lineitem}'s rows: half of them rows of
 * {@code lineitem} with new values (they match the existing rows' keys), half of them new rows
 * (their order keys shifted past the largest one);</li>
 * <li>for each catalog, a schema of its own, {@code dml_<catalog>}, in which each run of a DML
 * statement changes a fresh copy of {@code lineitem}, written before the run and dropped after it;</li>
 * <li>for each catalog, a schema {@code after_dml_<catalog>} with a copy of {@code lineitem} that the
 * three DML statements changed, one after the other, each run by that catalog: what the queries
 * after DML read, each catalog its own table, with its own delete files.</li>
 * </ul>
 *
 * <p>Every table is written through the load catalog, like the data, so that both catalogs'
 * statements start from the same writer's files and the comparison isolates the statements. The
 * copies are Iceberg format version {@value #FORMAT_VERSION} tables (row-level deletes, which both
 * connectors write) and have the name of the table they copy, so that the cases' SQL reads as TPC-H's.
 */
public final class LineitemChanges
{
    /** The table the copies copy, and their name in each catalog's own schemas. */
    public static final String TABLE = "lineitem";
    public static final String CHANGE_SET = "lineitem_changes";
    public static final int FORMAT_VERSION = 2;

    // (l_orderkey + l_linenumber) % 200 is 2 for 0.5% of the rows, updated, and 102 for another 0.5%, inserted again
    // as new rows. The DELETE statement deletes the rows where it is 0 or 100, the UPDATE statement updates 1 and 101:
    // after both, the change set still matches the rows it matched before
    @Language("SQL")
    private static final String CHANGE_SET_QUERY = """
            SELECT l_orderkey, l_partkey, l_suppkey, l_linenumber, l_quantity, l_extendedprice, l_discount, l_tax,
                'R' AS l_returnflag, 'F' AS l_linestatus, l_shipdate, l_commitdate, l_receiptdate, l_shipinstruct, l_shipmode,
                'updated by the benchmark''s MERGE' AS l_comment
            FROM lineitem
            WHERE (l_orderkey + l_linenumber) % 200 = 2
            UNION ALL
            SELECT l_orderkey + (SELECT max(l_orderkey) FROM lineitem), l_partkey, l_suppkey, l_linenumber, l_quantity, l_extendedprice, l_discount, l_tax,
                l_returnflag, l_linestatus, l_shipdate, l_commitdate, l_receiptdate, l_shipinstruct, l_shipmode,
                'inserted by the benchmark''s MERGE'
            FROM lineitem
            WHERE (l_orderkey + l_linenumber) % 200 = 102""";

    private final BenchmarkCluster cluster;
    private final CatalogPair catalogs;
    private final BenchmarkCatalog loadCatalog;
    private final String schema;
    private final long lineitemRows;
    private final PrintStream progress;

    /**
     * @param schema the benchmark's schema, where {@code lineitem} is loaded
     * @param lineitemRows the rows of the loaded {@code lineitem}, which every copy must have
     */
    public LineitemChanges(BenchmarkCluster cluster, CatalogPair catalogs, BenchmarkCatalog loadCatalog, String schema, long lineitemRows, PrintStream progress)
    {
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.catalogs = requireNonNull(catalogs, "catalogs is null");
        this.loadCatalog = requireNonNull(loadCatalog, "loadCatalog is null");
        checkArgument(catalogs.both().contains(loadCatalog), "The load catalog %s is not one of the compared %s", loadCatalog, catalogs);
        this.schema = requireNonNull(schema, "schema is null");
        checkArgument(lineitemRows > 0, "lineitemRows is not positive: %s", lineitemRows);
        this.lineitemRows = lineitemRows;
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * Whether any of the queries is a DML statement or a query after DML, which need these tables.
     */
    public static boolean isNeededBy(List<BenchmarkQuery> queries)
    {
        return queries.stream().anyMatch(query -> query.kind() == DML || query.kind() == QUERY_AFTER_DML);
    }

    /**
     * The catalog's own schema in which the DML statements change fresh copies of {@code lineitem}.
     */
    public static String dmlSchema(BenchmarkCatalog catalog)
    {
        return "dml_" + catalog.name();
    }

    /**
     * The catalog's own schema holding {@code lineitem} after the DML statements, run by the catalog.
     */
    public static String afterDmlSchema(BenchmarkCatalog catalog)
    {
        return "after_dml_" + catalog.name();
    }

    /**
     * The statement that writes the change set, run in the load catalog's session on the benchmark's schema.
     */
    public static String changeSetDefinition()
    {
        return "CREATE TABLE " + CHANGE_SET + " AS\n" + CHANGE_SET_QUERY;
    }

    /**
     * The statement that writes a fresh copy of {@code lineitem} into another schema, run in the
     * catalog's session on the benchmark's schema.
     */
    public static String copyDefinition(BenchmarkCatalog catalog, String targetSchema)
    {
        return "CREATE TABLE %s.%s WITH (%s = %s) AS SELECT * FROM %s".formatted(targetSchema, TABLE, catalog.connector().formatVersionProperty(), FORMAT_VERSION, TABLE);
    }

    /**
     * A connection whose session is the load catalog's, on the benchmark's schema, with writers
     * not scaled (as for loading the data): what the tables here are written through.
     */
    public Connection connect()
            throws SQLException
    {
        Connection connection = cluster.connect(loadCatalog.name(), schema);
        BenchmarkData.WRITE_SESSION.forEach(sql -> BenchmarkCluster.execute(connection, sql));
        return connection;
    }

    /**
     * Writes the change set, and the schema of each catalog's fresh copies.
     *
     * @throws IllegalStateException when they cannot be written, or the other catalog reads another number of rows from the change set
     */
    public void create()
    {
        progress.printf("Writing the tables of the DML statements through %s%n", loadCatalog.name());
        try (Connection connection = connect()) {
            long rows = BenchmarkCluster.execute(connection, changeSetDefinition()).updateCount();
            for (BenchmarkCatalog catalog : catalogs.both()) {
                long seen = ((Number) BenchmarkCluster.execute(connection, "SELECT count(*) FROM %s.%s.%s".formatted(catalog.name(), schema, CHANGE_SET)).onlyValue()).longValue();
                checkState(seen == rows, "%s wrote %s rows into %s.%s, but %s reads %s rows from it", loadCatalog.name(), rows, schema, CHANGE_SET, catalog.name(), seen);
                BenchmarkCluster.execute(connection, "CREATE SCHEMA " + dmlSchema(catalog));
            }
            progress.printf("  %-16s %,10d rows (%.2f%% of %s): what the MERGE statement merges%n", CHANGE_SET, rows, 100.0 * rows / lineitemRows, TABLE);
        }
        catch (SQLException | QueryFailedException e) {
            throw new IllegalStateException("Cannot write the tables of the DML statements: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a fresh copy of {@code lineitem} into the schema.
     *
     * @param connection a connection from {@link #connect()}
     * @throws QueryFailedException when it cannot be written
     * @throws IllegalStateException when the copy does not have the loaded table's rows
     */
    public void copy(Connection connection, String targetSchema)
    {
        long rows = BenchmarkCluster.execute(connection, copyDefinition(loadCatalog, targetSchema)).updateCount();
        checkState(rows == lineitemRows, "The copy %s.%s has %s rows, not the %s of %s.%s", targetSchema, TABLE, rows, lineitemRows, schema, TABLE);
    }

    /**
     * Drops the copy in the schema, through the catalog that changed it (which knows every file it wrote).
     *
     * @throws QueryFailedException when it cannot be dropped
     */
    public void drop(Connection connection, BenchmarkCatalog catalog, String targetSchema)
    {
        BenchmarkCluster.execute(connection, "DROP TABLE %s.%s.%s".formatted(catalog.name(), targetSchema, TABLE));
    }

    /**
     * The fingerprint of the copy in the schema, read through each catalog, by the catalog's name:
     * one catalog's reading checks that it reads what it wrote, the other's that what it wrote is
     * Iceberg that another reader reads alike.
     *
     * @throws QueryFailedException when a catalog cannot read it
     */
    public Map<String, LineitemFingerprint> readings(Connection connection, String targetSchema)
    {
        Map<String, LineitemFingerprint> readings = new LinkedHashMap<>();
        for (BenchmarkCatalog reader : catalogs.both()) {
            String table = "%s.%s.%s".formatted(reader.name(), targetSchema, TABLE);
            readings.put(reader.name(), LineitemFingerprint.fromRow(BenchmarkCluster.execute(connection, LineitemFingerprint.query(table)).rows().getFirst()));
        }
        return ImmutableMap.copyOf(readings);
    }

    /**
     * Makes each catalog's {@code lineitem} after DML: a fresh copy in the catalog's
     * {@linkplain #afterDmlSchema after-DML schema}, which the statements change one after the
     * other, each run by that catalog. Both catalogs' statements must change as many rows, and both
     * tables must then read the same through either catalog.
     *
     * @param statements the DML statements, in the order to run them
     * @param parameters the values of the statements' placeholders
     * @return why the tables could not be made, or differ; empty when they were made alike
     */
    public Optional<String> createAfterDmlTables(List<BenchmarkQuery> statements, Map<String, String> parameters)
    {
        checkArgument(!statements.isEmpty() && statements.stream().allMatch(statement -> statement.kind() == DML), "Not DML statements: %s", statements);
        progress.printf("Writing each catalog's %s after DML: a copy, changed by %s in turn, each run by that catalog%n",
                TABLE, statements.stream().map(BenchmarkQuery::name).collect(joining(", ")));
        Map<String, List<Long>> changedRows = new LinkedHashMap<>();
        Map<String, LineitemFingerprint> readings = new LinkedHashMap<>();
        try (Connection connection = connect()) {
            for (BenchmarkCatalog catalog : catalogs.both()) {
                String targetSchema = afterDmlSchema(catalog);
                BenchmarkCluster.execute(connection, "CREATE SCHEMA " + targetSchema);
                copy(connection, targetSchema);
                ImmutableList.Builder<Long> changed = ImmutableList.builder();
                try (Connection session = cluster.connect(catalog.name(), targetSchema)) {
                    for (BenchmarkQuery statement : statements) {
                        try {
                            changed.add(BenchmarkCluster.execute(session, statement.sql(parameters)).updateCount());
                        }
                        catch (QueryFailedException e) {
                            return Optional.of("Cannot write %s's %s after DML: statement %s failed on %s: %s".formatted(catalog.name(), TABLE, statement.name(), catalog.name(), e.trinoMessage()));
                        }
                    }
                }
                changedRows.put(catalog.name(), changed.build());
                Map<String, LineitemFingerprint> tableReadings = readings(connection, targetSchema);
                tableReadings.forEach((reader, fingerprint) -> readings.put("%s.%s through %s".formatted(targetSchema, TABLE, reader), fingerprint));
                progress.printf("  %-14s %s: %s.%s holds %,d rows%n", catalog.name(), changedRows(statements, changedRows.get(catalog.name())),
                        targetSchema, TABLE, tableReadings.get(catalog.name()).rows());
            }
        }
        catch (SQLException | QueryFailedException | IllegalStateException e) {
            return Optional.of("Cannot write the tables after DML: " + (e instanceof QueryFailedException failed ? failed.trinoMessage() : e.getMessage()));
        }
        if (changedRows.values().stream().distinct().count() > 1) {
            return Optional.of(changedRows.entrySet().stream()
                    .map(entry -> "\n  on %s: %s".formatted(entry.getKey(), changedRows(statements, entry.getValue())))
                    .collect(joining("", "The DML statements changed different numbers of rows on the way to the tables after DML:", "")));
        }
        return LineitemFingerprint.difference("The tables after DML", readings);
    }

    private static String changedRows(List<BenchmarkQuery> statements, List<Long> rows)
    {
        List<String> changed = new ArrayList<>();
        for (int index = 0; index < statements.size(); index++) {
            changed.add("%s %,d rows".formatted(statements.get(index).name(), rows.get(index)));
        }
        return String.join(", ", changed);
    }
}
