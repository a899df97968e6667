package dev.lakehouse.benchmarks;

import dev.lakehouse.benchmarks.BenchmarkOptions.LoadThrough;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * {@code bin/benchmark}: the lakehouse connector against Trino's Iceberg connector on the same data
 * in one stock Trino server. Exits with 0 when every query returned the same rows on both catalogs
 * and every DML statement made the same changes, 1 when the run failed, 2 for invalid flags.
 */
@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 120,
        description = {
                "Compares two catalogs over the same Iceberg tables in one stock Trino server: by default our lakehouse connector (the candidate) against Trino's own iceberg connector (the baseline).",
                "Loads TPC-H from the tpch catalog once, times CREATE TABLE AS on both, runs the 22 TPC-H queries, the lakehouse cases and the DML cases on both (alternating, after warm-ups; each DML statement on a fresh copy of lineitem), checks that both return the same rows and make the same changes, and writes report.md, results.json, CSV files and PNG charts into a new folder of the results folder.",
                ""})
public final class BenchmarkCommand
        implements Callable<Integer>
{
    @Option(names = "--scale-factor", defaultValue = "1", paramLabel = "N",
            description = "TPC-H scale factor of the data: 1 (default) takes about 15 minutes on 2 cores; 0.01 is TPC-H's tiny, for a smoke test")
    private BigDecimal scaleFactor;

    @Option(names = "--repetitions", defaultValue = "4", paramLabel = "N", description = "Measured runs of each query on each catalog (default: ${DEFAULT-VALUE}; an even number lets each catalog run first equally often)")
    private int repetitions;

    @Option(names = "--warmups", defaultValue = "1", paramLabel = "N", description = "Unmeasured runs of each query on each catalog first (default: ${DEFAULT-VALUE})")
    private int warmups;

    @Option(names = "--queries", split = ",", paramLabel = "NAME", description = "Only these queries, comma-separated (default: all but those over the table of 100,000 files; --list-queries lists them)")
    private List<String> queries = new ArrayList<>();

    @Option(names = "--candidate", defaultValue = "lakehouse", paramLabel = "CONNECTOR", description = "Connector of the catalog measured: lakehouse (default) or iceberg")
    private String candidate;

    @Option(names = "--baseline", defaultValue = "iceberg", paramLabel = "CONNECTOR", description = "Connector of the catalog it is measured against: iceberg (default) or lakehouse")
    private String baseline;

    @Option(names = "--load-through", defaultValue = "baseline", paramLabel = "SIDE", description = "Which catalog writes the data both read: baseline (default) or candidate")
    private String loadThrough;

    @Option(names = "--no-ctas", description = "Do not time CREATE TABLE AS of each table on both catalogs")
    private boolean skipCreateTableAs;

    @Option(names = "--load-repetitions", defaultValue = "1", paramLabel = "N", description = "Timed CREATE TABLE AS of each table on each catalog (default: ${DEFAULT-VALUE})")
    private int loadRepetitions;

    @Option(names = "--candidate-property", paramLabel = "NAME=VALUE", description = "A catalog property of the candidate, added or replacing a default (repeatable)")
    private Map<String, String> candidateProperties = new LinkedHashMap<>();

    @Option(names = "--baseline-property", paramLabel = "NAME=VALUE", description = "A catalog property of the baseline, added or replacing a default (repeatable)")
    private Map<String, String> baselineProperties = new LinkedHashMap<>();

    @Option(names = "--explain-analyze", description = "Also save EXPLAIN ANALYZE of every query (not of the DML statements) on both catalogs, run after its measured runs")
    private boolean explainAnalyze;

    @Option(names = "--results-dir", paramLabel = "DIR", description = "Where each run's folder goes (default: var/benchmarks in the repository)")
    private Path resultsDirectory;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the server's folder and the warehouse go (default: trino-lakehouse-benchmarks/target/benchmark-work)")
    private Path workDirectory;

    @Option(names = "--heap-size", defaultValue = "4G", paramLabel = "SIZE", description = "Heap of the Trino server (default: ${DEFAULT-VALUE}, enough up to scale factor 2; about 2G per unit of scale factor above)")
    private String heapSize;

    @Option(names = "--many-files", defaultValue = "100000", paramLabel = "N",
            description = "Data files of the table the queries many_files_* read, generated in SQL (default: ${DEFAULT-VALUE}; a multiple of 10000)")
    private int manyFiles;

    @Option(names = "--list-queries", description = "List the queries and what each exercises, then exit")
    private boolean listQueries;

    private final PrintStream out;
    private final PrintStream err;

    BenchmarkCommand(PrintStream out, PrintStream err)
    {
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
    }

    public static void main(String[] args)
    {
        CommandLine commandLine = new CommandLine(new BenchmarkCommand(new PrintStream(System.out, true, UTF_8), new PrintStream(System.err, true, UTF_8)))
                .setExecutionExceptionHandler((exception, line, parseResult) -> {
                    line.getErr().println("error: " + exception.getMessage());
                    if (!(exception instanceof IllegalStateException)) {
                        // not one of the harness's own failures, whose message says it all
                        exception.printStackTrace(line.getErr());
                    }
                    return 1;
                });
        System.exit(commandLine.execute(args));
    }

    /**
     * The options the flags set, with the defaults that depend on where the repository is.
     *
     * @throws IllegalArgumentException naming the invalid flag value
     */
    BenchmarkOptions options(Path repository)
    {
        return new BenchmarkOptions(
                scaleFactor,
                warmups,
                repetitions,
                queries,
                BenchmarkConnector.fromName(candidate),
                BenchmarkConnector.fromName(baseline),
                switch (loadThrough) {
                    case "candidate" -> LoadThrough.CANDIDATE;
                    case "baseline" -> LoadThrough.BASELINE;
                    default -> throw new IllegalArgumentException("--load-through is candidate or baseline, not '%s'".formatted(loadThrough));
                },
                !skipCreateTableAs,
                loadRepetitions,
                explainAnalyze,
                candidateProperties,
                baselineProperties,
                Optional.ofNullable(resultsDirectory).orElse(repository.resolve("var/benchmarks")).toAbsolutePath(),
                Optional.ofNullable(workDirectory).orElse(repository.resolve("trino-lakehouse-benchmarks/target/benchmark-work")).toAbsolutePath(),
                heapSize,
                manyFiles);
    }

    @Override
    public Integer call()
    {
        if (listQueries) {
            for (BenchmarkQuery query : QuerySet.all()) {
                out.printf("%-22s %s%s%n", query.name(), QuerySet.isOnRequest(query) ? "(only when named) " : "", query.description());
            }
            return 0;
        }
        BuildLayout build = BuildLayout.fromBuild();
        BenchmarkOptions options;
        try {
            options = options(build.repository());
            QuerySet.select(options.queries());
        }
        catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        RunReport run = new Benchmark(options, build.distribution(), build.trinoVersion(), out).run();

        ResultsDirectory results = new ResultsDirectory(options.resultsDirectory());
        Optional<RunReport> previous = results.lastComparableRun(run);
        Path folder = results.write(run, previous);
        out.println();
        out.print(ReportFormat.markdown(run, previous));
        out.println();
        out.printf("Results: %s%n", folder);
        if (!run.passed()) {
            out.printf("FAILED: %s%n", String.join("\n", run.failures()));
            return 1;
        }
        return 0;
    }
}
