package dev.lakehouse.benchmarks;

import dev.lakehouse.testing.QueryFailedException;
import dev.lakehouse.testing.QueryResult;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.lakehouse.benchmarks.BenchmarkQuery.Kind.DML;
import static java.util.Objects.requireNonNull;

/**
 * Runs each query on both catalogs, alternating between them: the warm-ups, then the measured
 * repetitions, each round starting with the other catalog than the round before. Running second
 * helps a little (the other catalog's run just warmed the machine for the same work), so with an
 * even number of repetitions each catalog runs first equally often; with an odd number, the catalog
 * that runs first once more than the other changes from one query to the next. The rows of each
 * catalog's first run are compared; every measured run records its wall time and statistics.
 * Each catalog runs a query in the benchmark's schema, and a query after DML in its own schema of
 * the tables after DML ({@link LineitemChanges#afterDmlSchema}), with the same SQL text.
 */
public final class QueryRunner
{
    private final BenchmarkCluster cluster;
    private final CatalogPair catalogs;
    private final String schema;
    private final int warmups;
    private final int repetitions;
    private final boolean explainAnalyze;
    private final PrintStream progress;
    private int queriesRun;

    /**
     * @param explainAnalyze whether to run {@code EXPLAIN ANALYZE} of each query on both catalogs after its measured runs
     */
    public QueryRunner(BenchmarkCluster cluster, CatalogPair catalogs, String schema, int warmups, int repetitions, boolean explainAnalyze, PrintStream progress)
    {
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.catalogs = requireNonNull(catalogs, "catalogs is null");
        this.schema = requireNonNull(schema, "schema is null");
        checkArgument(warmups >= 0, "warmups is negative");
        checkArgument(repetitions >= 1, "repetitions must be at least 1");
        this.warmups = warmups;
        this.repetitions = repetitions;
        this.explainAnalyze = explainAnalyze;
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * Runs one query (not a DML statement); a failure on either catalog or a difference in rows is
     * reported in the result, not thrown.
     */
    public QueryReport run(BenchmarkQuery query, Map<String, String> parameters)
    {
        checkArgument(query.kind() != DML, "%s is a DML statement, which the DML runner runs", query.name());
        String sql = query.sql(parameters);
        int firstRound = queriesRun++;
        Map<BenchmarkCatalog, List<List<Object>>> firstRows = new HashMap<>();
        Map<BenchmarkCatalog, List<Execution>> executions = new HashMap<>();
        catalogs.both().forEach(catalog -> executions.put(catalog, new ArrayList<>()));
        Optional<String> failure = Optional.empty();
        Map<String, String> plans = new LinkedHashMap<>();
        try (Connection candidate = cluster.connect(catalogs.candidate().name(), schema(query, catalogs.candidate()));
                Connection baseline = cluster.connect(catalogs.baseline().name(), schema(query, catalogs.baseline()))) {
            for (int round = 0; round < warmups + repetitions; round++) {
                for (BenchmarkCatalog catalog : catalogs.inRound(firstRound + round)) {
                    Connection connection = catalog.equals(catalogs.candidate()) ? candidate : baseline;
                    long start = System.nanoTime();
                    QueryResult result;
                    try {
                        result = BenchmarkCluster.execute(connection, sql);
                    }
                    catch (QueryFailedException e) {
                        throw new QueryFailure("Query %s failed on %s: %s".formatted(query.name(), catalog.name(), e.trinoMessage()), e);
                    }
                    double wallMillis = (System.nanoTime() - start) / 1e6;
                    firstRows.putIfAbsent(catalog, result.rows());
                    if (round >= warmups) {
                        executions.get(catalog).add(execution(query, catalog, result, wallMillis));
                    }
                }
                if (round == 0) {
                    failure = ResultComparison.difference(
                            query.name(),
                            catalogs.candidate().name(), firstRows.get(catalogs.candidate()),
                            catalogs.baseline().name(), firstRows.get(catalogs.baseline()));
                    if (failure.isPresent()) {
                        // timings of different results compare nothing
                        break;
                    }
                }
            }
            // also when the rows differ: the plans and their metrics are what tells why
            if (explainAnalyze) {
                plans.put(catalogs.candidate().name(), explainAnalyze(query, catalogs.candidate(), candidate, sql));
                plans.put(catalogs.baseline().name(), explainAnalyze(query, catalogs.baseline(), baseline, sql));
            }
        }
        catch (QueryFailure e) {
            failure = Optional.of(e.getMessage());
        }
        catch (SQLException e) {
            failure = Optional.of("Cannot connect to run %s: %s".formatted(query.name(), e.getMessage()));
        }

        List<List<Object>> rows = firstRows.getOrDefault(catalogs.candidate(), firstRows.getOrDefault(catalogs.baseline(), List.of()));
        QueryReport report = new QueryReport(
                query.name(),
                query.kind(),
                query.description(),
                sql,
                rows.size(),
                measurements(executions.get(catalogs.candidate())),
                measurements(executions.get(catalogs.baseline())),
                failure,
                plans);
        progress.println(ReportFormat.progressLine(report, catalogs));
        return report;
    }

    private String schema(BenchmarkQuery query, BenchmarkCatalog catalog)
    {
        return switch (query.kind()) {
            case QUERY -> schema;
            case QUERY_AFTER_DML -> LineitemChanges.afterDmlSchema(catalog);
            case DML -> throw new IllegalArgumentException("Not a query: " + query.name());
        };
    }

    private static String explainAnalyze(BenchmarkQuery query, BenchmarkCatalog catalog, Connection connection, String sql)
    {
        try {
            return BenchmarkCluster.explainAnalyze(connection, sql);
        }
        catch (QueryFailedException e) {
            throw new QueryFailure("EXPLAIN ANALYZE of %s failed on %s: %s".formatted(query.name(), catalog.name(), e.trinoMessage()), e);
        }
    }

    private Execution execution(BenchmarkQuery query, BenchmarkCatalog catalog, QueryResult result, double wallMillis)
    {
        try {
            return cluster.execution(result, wallMillis);
        }
        catch (RuntimeException e) {
            throw new QueryFailure("Cannot read the coordinator's record of %s (query %s) on %s: %s".formatted(query.name(), result.queryId(), catalog.name(), e.getMessage()), e);
        }
    }

    private static Optional<Measurements> measurements(List<Execution> executions)
    {
        return executions.isEmpty() ? Optional.empty() : Optional.of(new Measurements(executions));
    }

    private static final class QueryFailure
            extends RuntimeException
    {
        QueryFailure(String message, Throwable cause)
        {
            super(message, cause);
        }
    }
}
