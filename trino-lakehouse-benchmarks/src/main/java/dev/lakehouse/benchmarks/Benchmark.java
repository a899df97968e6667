package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableList;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.lakehouse.testing.TrinoDistribution;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.lakehouse.benchmarks.BenchmarkQuery.Kind.QUERY_AFTER_DML;
import static java.util.Objects.requireNonNull;

/**
 * One benchmark run: starts the servers, loads the data, runs the queries on both catalogs and
 * returns what it measured. The servers stop when it returns or fails; their folder (warehouse and
 * logs) is deleted after a run that passed and kept after one that failed.
 */
public final class Benchmark
{
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final BenchmarkOptions options;
    private final TrinoDistribution distribution;
    private final String trinoVersion;
    private final PrintStream progress;

    public Benchmark(BenchmarkOptions options, TrinoDistribution distribution, String trinoVersion, PrintStream progress)
    {
        this.options = requireNonNull(options, "options is null");
        this.distribution = requireNonNull(distribution, "distribution is null");
        this.trinoVersion = requireNonNull(trinoVersion, "trinoVersion is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * The folder name of a run: its start time (UTC, so names sort in time order), the catalogs and the scale factor.
     */
    public static String runId(Instant start, CatalogPair catalogs, BigDecimal scaleFactor)
    {
        return "%s-%s-vs-%s-%s".formatted(RUN_TIME.format(start), catalogs.candidate().name(), catalogs.baseline().name(), BenchmarkData.tpchSchema(scaleFactor));
    }

    public RunReport run()
    {
        // unknown query names fail before anything starts
        List<BenchmarkQuery> queries = QuerySet.select(options.queries());
        CatalogPair catalogs = options.catalogs();
        Instant start = Instant.now();
        Machine machine = Machine.current();
        progress.printf("Benchmark %s vs %s on TPC-H %s: starting PostgreSQL and Trino %s%n",
                catalogs.candidate().name(), catalogs.baseline().name(), BenchmarkData.tpchSchema(options.scaleFactor()), trinoVersion);

        Path serverDirectory = null;
        boolean passed = false;
        try (BenchmarkCluster cluster = BenchmarkCluster.start(distribution, catalogs, options.catalogProperties(), options.workDirectory(), options.heapSize())) {
            serverDirectory = cluster.directory();
            progress.printf("Trino runs in %s (log: %s)%n", cluster.directory(), cluster.serverLog());

            Optional<ManyFilesTable> manyFiles = queries.stream().anyMatch(ManyFilesTable::isReadBy) ? Optional.of(new ManyFilesTable(options.manyFiles())) : Optional.empty();
            BenchmarkData data = new BenchmarkData(cluster, catalogs, options.loadCatalog(), options.scaleFactor(), BenchmarkData.tablesReadBy(queries), manyFiles, progress);
            List<LoadReport> loads = data.load(options.compareCreateTableAs(), options.loadRepetitions());
            Map<String, String> parameters = data.queryParameters();
            Optional<LineitemChanges> changes = Optional.empty();
            Optional<String> afterDmlFailure = Optional.empty();
            if (LineitemChanges.isNeededBy(queries)) {
                long lineitemRows = loads.stream()
                        .filter(load -> load.table().equals(LineitemChanges.TABLE))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("The DML statements copy %s, which is not loaded".formatted(LineitemChanges.TABLE)))
                        .rows();
                changes = Optional.of(new LineitemChanges(cluster, catalogs, options.loadCatalog(), data.schema(), lineitemRows, progress));
                changes.get().create();
                if (queries.stream().anyMatch(query -> query.kind() == QUERY_AFTER_DML)) {
                    afterDmlFailure = changes.get().createAfterDmlTables(QuerySet.dmlStatements(), parameters);
                }
            }

            progress.printf("Running %s queries on %s and %s, %s warm-up(s) and %s measured run(s) each%n",
                    queries.size(), catalogs.candidate().name(), catalogs.baseline().name(), options.warmups(), options.repetitions());
            QueryRunner queryRunner = new QueryRunner(cluster, catalogs, data.schema(), options.warmups(), options.repetitions(), options.explainAnalyze(), progress);
            Optional<DmlRunner> dmlRunner = changes.map(tables -> new DmlRunner(cluster, catalogs, tables, options.warmups(), options.repetitions(), progress));
            ImmutableList.Builder<QueryReport> reports = ImmutableList.builder();
            for (BenchmarkQuery query : queries) {
                reports.add(switch (query.kind()) {
                    case QUERY -> queryRunner.run(query, parameters);
                    case QUERY_AFTER_DML -> afterDmlFailure.isPresent() ? notRun(query, parameters, afterDmlFailure.get()) : queryRunner.run(query, parameters);
                    case DML -> dmlRunner.orElseThrow().run(query, parameters);
                });
            }

            ImmutableList.Builder<String> failures = ImmutableList.builder();
            loads.forEach(load -> load.failure().ifPresent(failures::add));
            List<QueryReport> queryReports = reports.build();
            queryReports.forEach(report -> report.failure().ifPresent(failures::add));
            RunReport run = new RunReport(
                    runId(start, catalogs, options.scaleFactor()),
                    start.truncatedTo(ChronoUnit.SECONDS).toString(),
                    (Instant.now().toEpochMilli() - start.toEpochMilli()) / 1000.0,
                    trinoVersion,
                    options.scaleFactor(),
                    options.warmups(),
                    options.repetitions(),
                    options.compareCreateTableAs() ? options.loadRepetitions() : 0,
                    catalogs.candidate(),
                    catalogs.baseline(),
                    options.loadCatalog().name(),
                    machine.withLoadAverageAfter(),
                    loads,
                    queryReports,
                    // the queries after DML fail alike when their tables could not be made
                    failures.build().stream().distinct().toList());
            passed = run.passed();
            return run;
        }
        finally {
            if (serverDirectory != null) {
                if (passed) {
                    deleteServerDirectory(serverDirectory);
                }
                else {
                    progress.printf("Kept the server's folder, with its log and the data: %s%n", serverDirectory);
                }
            }
        }
    }

    private QueryReport notRun(BenchmarkQuery query, Map<String, String> parameters, String failure)
    {
        QueryReport report = QueryReport.notRun(query, query.sql(parameters), failure);
        progress.println(ReportFormat.progressLine(report, options.catalogs()));
        return report;
    }

    private void deleteServerDirectory(Path directory)
    {
        try {
            MoreFiles.deleteRecursively(directory, RecursiveDeleteOption.ALLOW_INSECURE);
        }
        catch (IOException e) {
            progress.printf("Could not delete the server's folder %s: %s%n", directory, e);
        }
    }
}
