package dev.lakehouse.benchmarks;

import com.google.common.base.Stopwatch;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.testing.QueryFailedException;
import dev.lakehouse.testing.QueryResult;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

/**
 * The data the queries read: the TPC-H tables copied from the {@code tpch} catalog at the run's scale
 * factor, a copy of {@code lineitem} partitioned by ship date (about 2,500 partitions, so at least as
 * many data files), and a copy of {@code orders} sorted by customer. All are written once, through
 * the load catalog, into one schema that both catalogs see through the shared JDBC catalog, so both
 * read the very same data files. Only the tables that the run's queries read are loaded.
 *
 * <p>Each table's CREATE TABLE AS is then also timed on both catalogs, into a scratch schema of each
 * and dropped again: the same statement, from the same {@code tpch} source. A table with bloom filter
 * columns is also timed on the candidate without them, when the candidate writes a bloom index, to
 * show what writing the index costs.
 */
public final class BenchmarkData
{
    /** The table partitioned finely enough to have many data files. */
    public static final String PARTITIONED_TABLE = "lineitem_daily";
    /** The fewest data files the partitioned table must have. */
    public static final int MINIMUM_PARTITIONED_TABLE_FILES = 1000;

    public static final List<Table> TABLES = ImmutableList.of(
            new Table("region", "region", ""),
            new Table("nation", "nation", ""),
            new Table("supplier", "supplier", ""),
            new Table("customer", "customer", ""),
            new Table("part", "part", ""),
            new Table("partsupp", "partsupp", ""),
            new Table("orders", "orders", ""),
            new Table("lineitem", "lineitem", ""),
            // Trino's Iceberg connector refuses bloom filters on bounded varchar columns: l_comment is read as varchar.
            // An fpp of 0.1% rather than the default 1%: an IN list of 10 values probes each filter 10 times
            new Table(PARTITIONED_TABLE, "lineitem", "partitioning = ARRAY['l_shipdate']", ImmutableList.of("l_orderkey", "l_comment"), OptionalDouble.of(0.001),
                    "l_orderkey, l_partkey, l_suppkey, l_linenumber, l_quantity, l_extendedprice, l_discount, l_tax, l_returnflag, l_linestatus, " +
                            "l_shipdate, l_commitdate, l_receiptdate, l_shipinstruct, l_shipmode, CAST(l_comment AS varchar) AS l_comment"),
            new Table("orders_sorted", "orders", "sorted_by = ARRAY['o_custkey']"));

    // writers are not scaled with the load of the moment, so the number of files does not depend on timing
    static final List<String> WRITE_SESSION = ImmutableList.of(
            "SET SESSION scale_writers = false",
            "SET SESSION task_scale_writers_enabled = false");

    private final BenchmarkCluster cluster;
    private final CatalogPair catalogs;
    private final BenchmarkCatalog loadCatalog;
    private final String tpchSchema;
    private final String schema;
    private final BigDecimal scaleFactor;
    private final List<Table> tables;
    private final Optional<ManyFilesTable> manyFiles;
    private final PrintStream progress;

    /**
     * A table of the benchmark schema: a copy of a {@code tpch} table with table properties.
     *
     * @param properties the WITH clause's content common to both connectors, or empty
     * @param bloomFilterColumns the columns with bloom filters, declared with each connector's own property
     * @param bloomFilterFpp the false-positive probability of the filters, declared where the connector has a property for it
     * @param selectList what is selected from the source table
     */
    public record Table(String name, String source, String properties, List<String> bloomFilterColumns, OptionalDouble bloomFilterFpp, String selectList)
    {
        public Table
        {
            requireNonNull(name, "name is null");
            requireNonNull(source, "source is null");
            requireNonNull(properties, "properties is null");
            bloomFilterColumns = ImmutableList.copyOf(requireNonNull(bloomFilterColumns, "bloomFilterColumns is null"));
            requireNonNull(bloomFilterFpp, "bloomFilterFpp is null");
            requireNonNull(selectList, "selectList is null");
        }

        /**
         * The same table without bloom filter columns.
         */
        public Table withoutBloomFilterColumns()
        {
            return new Table(name, source, properties, ImmutableList.of(), OptionalDouble.empty(), selectList);
        }

        /**
         * Whether the query's SQL, its comments aside, names this table.
         */
        public boolean isReadBy(BenchmarkQuery query)
        {
            return query.names(name);
        }

        public Table(String name, String source, String properties)
        {
            this(name, source, properties, ImmutableList.of(), OptionalDouble.empty(), "*");
        }

        /**
         * The CREATE TABLE AS statement that writes this table as {@code catalog.schema.name} from
         * the given schema of the {@code tpch} catalog.
         */
        public String createTableAs(BenchmarkCatalog catalog, String schema, String tpchSchema)
        {
            List<String> with = new ArrayList<>();
            if (!properties.isEmpty()) {
                with.add(properties);
            }
            if (!bloomFilterColumns.isEmpty()) {
                with.add(catalog.connector().bloomFilterColumnsProperty() + " = ARRAY[" + String.join(", ", bloomFilterColumns.stream().map(column -> "'" + column + "'").toList()) + "]");
                if (bloomFilterFpp.isPresent()) {
                    catalog.connector().bloomFilterFppProperty().ifPresent(property -> with.add(property + " = " + bloomFilterFpp.getAsDouble()));
                }
            }
            String clause = with.isEmpty() ? "" : " WITH (" + String.join(", ", with) + ")";
            return "CREATE TABLE %s.%s.%s%s AS SELECT %s FROM tpch.\"%s\".%s".formatted(catalog.name(), schema, name, clause, selectList, tpchSchema, source);
        }
    }

    /**
     * The tables that the given queries read, in load order.
     */
    public static List<Table> tablesReadBy(List<BenchmarkQuery> queries)
    {
        return TABLES.stream()
                .filter(table -> queries.stream().anyMatch(table::isReadBy))
                .collect(toImmutableList());
    }

    /**
     * @param tables the tables to load, from {@link #TABLES}
     * @param manyFiles the table of many files, when it is to be loaded too
     */
    public BenchmarkData(BenchmarkCluster cluster, CatalogPair catalogs, BenchmarkCatalog loadCatalog, BigDecimal scaleFactor, List<Table> tables, Optional<ManyFilesTable> manyFiles, PrintStream progress)
    {
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.catalogs = requireNonNull(catalogs, "catalogs is null");
        this.loadCatalog = requireNonNull(loadCatalog, "loadCatalog is null");
        checkArgument(catalogs.both().contains(loadCatalog), "The load catalog %s is not one of the compared %s", loadCatalog, catalogs);
        this.scaleFactor = requireNonNull(scaleFactor, "scaleFactor is null");
        this.tables = ImmutableList.copyOf(tables);
        checkArgument(TABLES.containsAll(this.tables), "Not tables of the benchmark: %s", this.tables);
        this.manyFiles = requireNonNull(manyFiles, "manyFiles is null");
        this.tpchSchema = tpchSchema(scaleFactor);
        this.schema = benchmarkSchema(scaleFactor);
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * The {@code tpch} catalog's schema of a scale factor: {@code sf1}, {@code sf0.1}.
     */
    public static String tpchSchema(BigDecimal scaleFactor)
    {
        checkArgument(scaleFactor.signum() > 0, "The scale factor must be positive: %s", scaleFactor);
        return "sf" + scaleFactor.stripTrailingZeros().toPlainString();
    }

    /**
     * The schema the benchmark loads the data into: {@code tpch_sf1}, {@code tpch_sf0_1}.
     */
    public static String benchmarkSchema(BigDecimal scaleFactor)
    {
        return "tpch_" + tpchSchema(scaleFactor).replace('.', '_');
    }

    public String schema()
    {
        return schema;
    }

    /**
     * Loads every table through the load catalog, checks that the other catalog reads the same
     * rows and that the partitioned table has enough data files, then, when asked, times each
     * table's CREATE TABLE AS on both catalogs {@code repetitions} times.
     *
     * @throws IllegalStateException when the data cannot be loaded as the queries need it
     */
    public List<LoadReport> load(boolean compareCreateTableAs, int repetitions)
    {
        checkArgument(repetitions >= 1, "repetitions must be at least 1");
        progress.printf("Loading TPC-H %s through %s into schema %s%n", tpchSchema, loadCatalog.name(), schema);
        List<LoadReport> reports = new ArrayList<>();
        try (Connection connection = cluster.connect()) {
            WRITE_SESSION.forEach(sql -> BenchmarkCluster.execute(connection, sql));
            BenchmarkCluster.execute(connection, "CREATE SCHEMA %s.%s".formatted(loadCatalog.name(), schema));
            for (Table table : tables) {
                BenchmarkCatalog writer = loadCatalog(!table.bloomFilterColumns().isEmpty());
                BenchmarkCatalog reader = writer.equals(catalogs.candidate()) ? catalogs.baseline() : catalogs.candidate();
                String definition = table.createTableAs(writer, schema, tpchSchema);
                Stopwatch stopwatch = Stopwatch.createStarted();
                long rows = BenchmarkCluster.execute(connection, definition).updateCount();
                long seen = count(connection, reader, table.name());
                checkState(seen == rows, "%s wrote %s rows into %s.%s, but %s reads %s rows from it", writer.name(), rows, schema, table.name(), reader.name(), seen);
                double seconds = stopwatch.elapsed(NANOSECONDS) / 1e9;
                List<Object> files = dataFiles(connection, table.name());
                long fileCount = ((Number) files.get(0)).longValue();
                long dataBytes = ((Number) files.get(1)).longValue();
                Optional<LoadReport.BloomIndexSize> bloomIndex = Optional.empty();
                if (!table.bloomFilterColumns().isEmpty() && writer.connector().writesBloomIndex()) {
                    bloomIndex = Optional.of(bloomIndexSize(connection, writer, table.name(), table.bloomFilterColumns()));
                }
                progress.printf("  %-14s %,12d rows %,6d files %,8.1f MB%s  %6.1f s%n", table.name(), rows, fileCount, dataBytes / 1e6,
                        bloomIndex.map(index -> ", bloom index %,.1f MB".formatted(index.filterBytes() / 1e6)).orElse(""), seconds);
                reports.add(new LoadReport(table.name(), definition, rows, fileCount, dataBytes, bloomIndex, ImmutableList.of(), ImmutableList.of(), ImmutableList.of(), Optional.empty()));
            }
            reports.stream()
                    .filter(report -> report.table().equals(PARTITIONED_TABLE))
                    .forEach(partitioned -> checkState(partitioned.dataFiles() >= MINIMUM_PARTITIONED_TABLE_FILES,
                            "The partitioned table %s has %s data files, fewer than the %s the benchmark needs", PARTITIONED_TABLE, partitioned.dataFiles(), MINIMUM_PARTITIONED_TABLE_FILES));
            if (compareCreateTableAs) {
                reports = compareCreateTableAs(connection, reports, repetitions);
            }
            if (manyFiles.isPresent()) {
                reports = ImmutableList.<LoadReport>builder().addAll(reports).add(loadManyFiles(connection, manyFiles.get())).build();
            }
        }
        catch (SQLException | QueryFailedException e) {
            String hint = e.getMessage().contains("Query exceeded per-node memory limit")
                    ? "\nWriting %s holds all its files open, about 1.2 GB per unit of scale factor: give the server more memory (--heap-size, of which a query may use 65%%)".formatted(PARTITIONED_TABLE)
                    : "";
            throw new IllegalStateException("Cannot load the benchmark's data: " + e.getMessage() + hint, e);
        }
        return reports;
    }

    // not timed against the other catalog: Trino's Iceberg connector writes at most a few thousand partitions per writer
    private LoadReport loadManyFiles(Connection connection, ManyFilesTable table)
    {
        BenchmarkCatalog writer = loadCatalog(true);
        BenchmarkCatalog reader = writer.equals(catalogs.candidate()) ? catalogs.baseline() : catalogs.candidate();
        List<String> statements = table.statements(writer, schema);
        Stopwatch stopwatch = Stopwatch.createStarted();
        long rows = 0;
        for (String statement : statements) {
            rows += BenchmarkCluster.execute(connection, statement).updateCount();
        }
        double seconds = stopwatch.elapsed(NANOSECONDS) / 1e9;
        long seen = count(connection, reader, ManyFilesTable.NAME);
        checkState(rows == table.rows() && seen == rows, "%s wrote %s rows into %s.%s, but %s reads %s rows from it, and it should hold %s",
                writer.name(), rows, schema, ManyFilesTable.NAME, reader.name(), seen, table.rows());
        List<Object> files = dataFiles(connection, ManyFilesTable.NAME);
        long fileCount = ((Number) files.get(0)).longValue();
        long dataBytes = ((Number) files.get(1)).longValue();
        checkState(fileCount == table.files(), "%s wrote %s data files into %s.%s instead of %s", writer.name(), fileCount, schema, ManyFilesTable.NAME, table.files());
        Optional<LoadReport.BloomIndexSize> bloomIndex = Optional.empty();
        if (writer.connector().writesBloomIndex()) {
            bloomIndex = Optional.of(bloomIndexSize(connection, writer, ManyFilesTable.NAME, ImmutableList.of(ManyFilesTable.BLOOM_FILTER_COLUMN)));
        }
        progress.printf("  %-14s %,12d rows %,6d files %,8.1f MB%s  %6.1f s (%s statements)%n", ManyFilesTable.NAME, rows, fileCount, dataBytes / 1e6,
                bloomIndex.map(index -> ", bloom index %,.1f MB".formatted(index.filterBytes() / 1e6)).orElse(""), seconds, statements.size());
        return new LoadReport(ManyFilesTable.NAME, String.join(";\n", statements.subList(0, Math.min(2, statements.size()))) + (statements.size() > 2 ? ";\n..." : ""),
                rows, fileCount, dataBytes, bloomIndex, ImmutableList.of(), ImmutableList.of(), ImmutableList.of(), Optional.empty());
    }

    /**
     * The catalog that writes a table: the load catalog, except for a table with bloom filter columns,
     * which the compared catalog that writes a bloom index writes (when there is one), so that both read
     * files with the index and with Parquet's row-group bloom filters.
     */
    private BenchmarkCatalog loadCatalog(boolean withBloomFilterColumns)
    {
        if (!withBloomFilterColumns || loadCatalog.connector().writesBloomIndex()) {
            return loadCatalog;
        }
        return catalogs.both().stream()
                .filter(catalog -> catalog.connector().writesBloomIndex())
                .findFirst()
                .orElse(loadCatalog);
    }

    private List<LoadReport> compareCreateTableAs(Connection connection, List<LoadReport> loaded, int repetitions)
    {
        progress.printf("Timing CREATE TABLE AS on %s and %s (%s each)%n", catalogs.candidate().name(), catalogs.baseline().name(), repetitions == 1 ? "once" : repetitions + " times");
        for (BenchmarkCatalog catalog : catalogs.both()) {
            BenchmarkCluster.execute(connection, "CREATE SCHEMA %s.%s".formatted(catalog.name(), scratchSchema(catalog)));
        }
        List<LoadReport> reports = new ArrayList<>();
        int round = 0;
        for (int index = 0; index < tables.size(); index++) {
            Table table = tables.get(index);
            LoadReport load = loaded.get(index);
            boolean withoutBloomIndex = !table.bloomFilterColumns().isEmpty() && catalogs.candidate().connector().writesBloomIndex();
            List<Double> candidateMillis = new ArrayList<>();
            List<Double> baselineMillis = new ArrayList<>();
            List<Double> candidateMillisWithoutBloomIndex = new ArrayList<>();
            Optional<String> failure = Optional.empty();
            for (int repetition = 0; repetition < repetitions && failure.isEmpty(); repetition++) {
                for (BenchmarkCatalog catalog : catalogs.inRound(round++)) {
                    try {
                        double millis = timeCreateTableAs(connection, catalog, table, load.rows());
                        (catalog.equals(catalogs.candidate()) ? candidateMillis : baselineMillis).add(millis);
                    }
                    catch (QueryFailedException | IllegalStateException e) {
                        failure = Optional.of("CREATE TABLE AS of %s failed on %s: %s".formatted(table.name(), catalog.name(), message(e)));
                        break;
                    }
                }
                if (withoutBloomIndex && failure.isEmpty()) {
                    try {
                        candidateMillisWithoutBloomIndex.add(timeCreateTableAs(connection, catalogs.candidate(), table.withoutBloomFilterColumns(), load.rows()));
                    }
                    catch (QueryFailedException | IllegalStateException e) {
                        failure = Optional.of("CREATE TABLE AS of %s without bloom filter columns failed on %s: %s".formatted(table.name(), catalogs.candidate().name(), message(e)));
                    }
                }
            }
            LoadReport report = new LoadReport(table.name(), load.definition(), load.rows(), load.dataFiles(), load.dataBytes(), load.bloomIndex(),
                    candidateMillis, baselineMillis, candidateMillisWithoutBloomIndex, failure);
            progress.printf("  %-14s %s%n", table.name(), failure.orElseGet(() -> "%s %8.1f s  %s %8.1f s  ratio %.2f%s".formatted(
                    catalogs.candidate().name(), report.candidateMedianMillis().orElseThrow() / 1000,
                    catalogs.baseline().name(), report.baselineMedianMillis().orElseThrow() / 1000,
                    report.ratio().orElseThrow(),
                    report.candidateMedianMillisWithoutBloomIndex().isPresent()
                            ? "  (%s without bloom filter columns %8.1f s)".formatted(catalogs.candidate().name(), report.candidateMedianMillisWithoutBloomIndex().getAsDouble() / 1000)
                            : "")));
            reports.add(report);
        }
        for (BenchmarkCatalog catalog : catalogs.both()) {
            dropScratchSchema(connection, catalog);
        }
        return reports;
    }

    private double timeCreateTableAs(Connection connection, BenchmarkCatalog catalog, Table table, long expectedRows)
    {
        String scratchSchema = scratchSchema(catalog);
        long start = System.nanoTime();
        QueryResult result = BenchmarkCluster.execute(connection, table.createTableAs(catalog, scratchSchema, tpchSchema));
        double millis = (System.nanoTime() - start) / 1e6;
        try {
            checkState(result.updateCount() == expectedRows, "it wrote %s rows instead of %s", result.updateCount(), expectedRows);
        }
        finally {
            BenchmarkCluster.execute(connection, "DROP TABLE %s.%s.%s".formatted(catalog.name(), scratchSchema, table.name()));
        }
        return millis;
    }

    private void dropScratchSchema(Connection connection, BenchmarkCatalog catalog)
    {
        try {
            BenchmarkCluster.execute(connection, "DROP SCHEMA %s.%s CASCADE".formatted(catalog.name(), scratchSchema(catalog)));
        }
        catch (QueryFailedException e) {
            progress.printf("  (could not drop the scratch schema %s.%s: %s)%n", catalog.name(), scratchSchema(catalog), e.trinoMessage());
        }
    }

    /**
     * The values the queries' placeholders take for this data: the benchmark's schema (for the cases
     * that run in a schema of each catalog's own and read loaded tables), the TPC-H Q11 fraction for
     * the scale factor, the customer range of the sorted-range query (1% of the customers, from the
     * middle), and, when the partitioned table is loaded, the needle: the comment of its first line
     * item, as an SQL literal.
     */
    public Map<String, String> queryParameters()
    {
        ImmutableMap.Builder<String, String> parameters = ImmutableMap.builder();
        parameters.put("benchmark_schema", schema);
        parameters.put("q11_fraction", new BigDecimal("0.0001").divide(scaleFactor, MathContext.DECIMAL64).stripTrailingZeros().toPlainString());
        try (Connection connection = cluster.connect()) {
            long customers = ((Number) BenchmarkCluster.execute(connection, "SELECT count(*) FROM tpch.\"%s\".customer".formatted(tpchSchema)).onlyValue()).longValue();
            long low = customers / 2;
            long high = low + Math.max(1, customers / 100) - 1;
            parameters.put("customer_range_low", Long.toString(low));
            parameters.put("customer_range_high", Long.toString(high));
            if (tables.stream().anyMatch(table -> table.name().equals(PARTITIONED_TABLE))) {
                String needle = (String) BenchmarkCluster.execute(connection, "SELECT l_comment FROM %s.%s.%s WHERE l_orderkey = 1 AND l_linenumber = 1"
                        .formatted(loadCatalog.name(), schema, PARTITIONED_TABLE)).onlyValue();
                parameters.put("needle", "'" + needle.replace("'", "''") + "'");
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot look up the parameters of the queries", e);
        }
        return parameters.buildOrThrow();
    }

    private long count(Connection connection, BenchmarkCatalog catalog, String table)
    {
        return ((Number) BenchmarkCluster.execute(connection, "SELECT count(*) FROM %s.%s.%s".formatted(catalog.name(), schema, table)).onlyValue()).longValue();
    }

    // the number and total size of the table's data files, from Trino's Iceberg connector's "$files" table
    private List<Object> dataFiles(Connection connection, String table)
    {
        BenchmarkCatalog catalog = catalogs.both().stream()
                .filter(candidate -> candidate.connector() == BenchmarkConnector.ICEBERG)
                .findFirst()
                .orElse(loadCatalog);
        return BenchmarkCluster.execute(connection, "SELECT count(*), coalesce(sum(file_size_in_bytes), 0) FROM %s.%s.\"%s$files\" WHERE content = 0"
                .formatted(catalog.name(), schema, table)).rows().getFirst();
    }

    // the lakehouse connector lists each data file's filters in the table's "$bloom_index" table
    private LoadReport.BloomIndexSize bloomIndexSize(Connection connection, BenchmarkCatalog writer, String table, List<String> columns)
    {
        List<Object> row = BenchmarkCluster.execute(connection, "SELECT count(DISTINCT file_path), coalesce(sum(filter_size_in_bytes), 0) FROM %s.%s.\"%s$bloom_index\" WHERE indexed"
                .formatted(writer.name(), schema, table)).rows().getFirst();
        return new LoadReport.BloomIndexSize(columns, ((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue());
    }

    private static String scratchSchema(BenchmarkCatalog catalog)
    {
        return "ctas_" + catalog.name();
    }

    private static String message(RuntimeException e)
    {
        return e instanceof QueryFailedException failed ? failed.trinoMessage() : e.getMessage();
    }
}
