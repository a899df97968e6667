package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableMap;
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
 * Runs each DML statement on both catalogs, alternating between them as the queries do: the
 * warm-ups, then the measured repetitions, each round starting with the other catalog than the
 * round before. Every run, warm-ups too, changes a fresh copy of {@code lineitem} in the catalog's
 * own schema ({@link LineitemChanges#dmlSchema}): the copy is written before the run and dropped
 * after it, both untimed, so that only the statement is timed and every run starts from the same
 * table.
 *
 * <p>After each run the changed copy is read through both catalogs, and must read the same through
 * both; and every run, on either catalog, must change as many rows and leave the same table as the
 * first run did. A statement that fails, or a run that differs, fails the case, reported in the
 * result, not thrown.
 *
 * <p>There is no {@code EXPLAIN ANALYZE} of a statement: Trino reports {@code EXPLAIN ANALYZE} of a
 * DML statement as an update, and its JDBC driver then drops the rows of the plan.
 */
public final class DmlRunner
{
    private final BenchmarkCluster cluster;
    private final CatalogPair catalogs;
    private final LineitemChanges changes;
    private final int warmups;
    private final int repetitions;
    private final PrintStream progress;
    private int statementsRun;

    public DmlRunner(BenchmarkCluster cluster, CatalogPair catalogs, LineitemChanges changes, int warmups, int repetitions, PrintStream progress)
    {
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.catalogs = requireNonNull(catalogs, "catalogs is null");
        this.changes = requireNonNull(changes, "changes is null");
        checkArgument(warmups >= 0, "warmups is negative");
        checkArgument(repetitions >= 1, "repetitions must be at least 1");
        this.warmups = warmups;
        this.repetitions = repetitions;
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * Runs one DML statement; a failure on either catalog, or a run that changed other rows or
     * left another table than the first, is reported in the result, not thrown.
     */
    public QueryReport run(BenchmarkQuery statement, Map<String, String> parameters)
    {
        checkArgument(statement.kind() == DML, "Not a DML statement: %s", statement.name());
        String sql = statement.sql(parameters);
        int firstRound = statementsRun++;
        Map<BenchmarkCatalog, List<Execution>> executions = new HashMap<>();
        Map<BenchmarkCatalog, Integer> runs = new HashMap<>();
        catalogs.both().forEach(catalog -> executions.put(catalog, new ArrayList<>()));
        Optional<DmlOutcome> firstOutcome = Optional.empty();
        String firstRun = "";
        Optional<String> failure = Optional.empty();
        try (Connection copies = changes.connect();
                Connection candidate = cluster.connect(catalogs.candidate().name(), LineitemChanges.dmlSchema(catalogs.candidate()));
                Connection baseline = cluster.connect(catalogs.baseline().name(), LineitemChanges.dmlSchema(catalogs.baseline()))) {
            for (int round = 0; round < warmups + repetitions; round++) {
                for (BenchmarkCatalog catalog : catalogs.inRound(firstRound + round)) {
                    Connection session = catalog.equals(catalogs.candidate()) ? candidate : baseline;
                    Run run = runOnce(statement, sql, catalog, session, copies);
                    if (round >= warmups) {
                        executions.get(catalog).add(run.execution());
                    }
                    String label = "%s (run %s)".formatted(catalog.name(), runs.merge(catalog, 1, Integer::sum));
                    if (firstOutcome.isEmpty()) {
                        firstOutcome = Optional.of(run.outcome());
                        firstRun = label;
                        continue;
                    }
                    Optional<String> difference = DmlOutcome.difference(statement.name(), firstRun, firstOutcome.get(), label, run.outcome());
                    if (difference.isPresent()) {
                        // timings of different changes compare nothing
                        throw new CaseFailure(difference.get());
                    }
                }
            }
        }
        catch (CaseFailure e) {
            failure = Optional.of(e.getMessage());
        }
        catch (SQLException e) {
            failure = Optional.of("Cannot connect to run %s: %s".formatted(statement.name(), e.getMessage()));
        }

        QueryReport report = new QueryReport(
                statement.name(),
                statement.kind(),
                statement.description(),
                sql,
                firstOutcome.map(DmlOutcome::changedRows).orElse(0L),
                measurements(executions.get(catalogs.candidate())),
                measurements(executions.get(catalogs.baseline())),
                failure,
                ImmutableMap.of());
        progress.println(ReportFormat.progressLine(report, catalogs));
        return report;
    }

    // one run on a fresh copy: the copy is written, changed by the timed statement, read through both catalogs, dropped
    private Run runOnce(BenchmarkQuery statement, String sql, BenchmarkCatalog catalog, Connection session, Connection copies)
    {
        String schema = LineitemChanges.dmlSchema(catalog);
        copy(statement, catalog, copies);
        Run run;
        try {
            long start = System.nanoTime();
            QueryResult result;
            try {
                result = BenchmarkCluster.execute(session, sql);
            }
            catch (QueryFailedException e) {
                throw new CaseFailure("Statement %s failed on %s: %s".formatted(statement.name(), catalog.name(), e.trinoMessage()), e);
            }
            double wallMillis = (System.nanoTime() - start) / 1e6;
            Execution execution;
            try {
                execution = cluster.execution(result, wallMillis);
            }
            catch (RuntimeException e) {
                throw new CaseFailure("Cannot read the coordinator's record of %s (query %s) on %s: %s".formatted(statement.name(), result.queryId(), catalog.name(), e.getMessage()), e);
            }
            Map<String, LineitemFingerprint> readings;
            try {
                readings = changes.readings(copies, schema);
            }
            catch (QueryFailedException e) {
                throw new CaseFailure("Cannot read the table that %s changed by %s: %s".formatted(catalog.name(), statement.name(), e.trinoMessage()), e);
            }
            Map<String, LineitemFingerprint> byReader = new LinkedHashMap<>();
            readings.forEach((reader, fingerprint) -> byReader.put("through " + reader, fingerprint));
            Optional<String> difference = LineitemFingerprint.difference("The table that %s changed by %s".formatted(catalog.name(), statement.name()), byReader);
            if (difference.isPresent()) {
                throw new CaseFailure(difference.get());
            }
            run = new Run(new DmlOutcome(result.updateCount(), readings.get(catalog.name())), execution);
        }
        catch (CaseFailure e) {
            dropAfter(e, catalog, copies);
            throw e;
        }
        drop(statement, catalog, copies);
        return run;
    }

    private void copy(BenchmarkQuery statement, BenchmarkCatalog catalog, Connection copies)
    {
        try {
            changes.copy(copies, LineitemChanges.dmlSchema(catalog));
        }
        catch (QueryFailedException | IllegalStateException e) {
            String message = e instanceof QueryFailedException failed ? failed.trinoMessage() : e.getMessage();
            throw new CaseFailure("Cannot write the copy of %s that %s changes on %s: %s".formatted(LineitemChanges.TABLE, statement.name(), catalog.name(), message), e);
        }
    }

    private void drop(BenchmarkQuery statement, BenchmarkCatalog catalog, Connection copies)
    {
        try {
            changes.drop(copies, catalog, LineitemChanges.dmlSchema(catalog));
        }
        catch (QueryFailedException e) {
            throw new CaseFailure("Cannot drop the copy of %s that %s changed on %s: %s".formatted(LineitemChanges.TABLE, statement.name(), catalog.name(), e.trinoMessage()), e);
        }
    }

    // after a failure, which is what the case reports, a copy that cannot be dropped is only part of the story
    private void dropAfter(CaseFailure failure, BenchmarkCatalog catalog, Connection copies)
    {
        try {
            changes.drop(copies, catalog, LineitemChanges.dmlSchema(catalog));
        }
        catch (QueryFailedException e) {
            failure.addSuppressed(e);
        }
    }

    private static Optional<Measurements> measurements(List<Execution> executions)
    {
        return executions.isEmpty() ? Optional.empty() : Optional.of(new Measurements(executions));
    }

    private record Run(DmlOutcome outcome, Execution execution) {}

    private static final class CaseFailure
            extends RuntimeException
    {
        CaseFailure(String message)
        {
            super(message);
        }

        CaseFailure(String message, Throwable cause)
        {
            super(message, cause);
        }
    }
}
