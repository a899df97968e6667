package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.benchmarks.BenchmarkQuery.Kind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

import static dev.lakehouse.benchmarks.BenchmarkQuery.Kind.QUERY_AFTER_DML;
import static java.lang.String.format;

/**
 * The human-readable and spreadsheet forms of a run: the Markdown report, the CSV tables, and the
 * line printed as each query finishes. Numbers are formatted the same way on every machine.
 */
public final class ReportFormat
{
    /** A query ratio above this is a regression the issue does not accept; the report marks it. */
    public static final double RATIO_LIMIT = 1.10;
    /** The DML issue's limit for a query of the table its statements changed. */
    public static final double QUERY_AFTER_DML_RATIO_LIMIT = 1.05;
    /** The DML issue's limit for a DML statement: at most as slow as the baseline. */
    public static final double DML_RATIO_LIMIT = 1.00;

    private ReportFormat() {}

    public static String progressLine(QueryReport query, CatalogPair catalogs)
    {
        if (query.failure().isPresent()) {
            return format(Locale.ROOT, "  %-20s FAILED: %s", query.name(), query.failure().get());
        }
        return format(Locale.ROOT, "  %-20s %s %,10.1f ms  %s %,10.1f ms  ratio %5.2f",
                query.name(),
                catalogs.candidate().name(), query.candidate().orElseThrow().medianMillis(),
                catalogs.baseline().name(), query.baseline().orElseThrow().medianMillis(),
                query.ratio().orElseThrow());
    }

    /**
     * The report of a run, with the ratios of the previous comparable run next to this run's.
     */
    public static String markdown(RunReport run, Optional<RunReport> previous)
    {
        String candidate = run.candidate().name();
        String baseline = run.baseline().name();
        StringBuilder markdown = new StringBuilder();
        markdown.append(format(Locale.ROOT, "# %s vs %s, TPC-H scale factor %s\n\n", candidate, baseline, run.scaleFactor().toPlainString()));
        markdown.append(format(Locale.ROOT, "Run `%s`, started %s, took %.1f minutes on Trino %s (one server, coordinator and worker).\n",
                run.runId(), run.startedAt(), run.durationSeconds() / 60, run.trinoVersion()));
        markdown.append(format(Locale.ROOT, "Data written once through `%s`; both catalogs read the same files. Each query ran %s on each catalog, alternating, and the median is reported.\n",
                run.loadCatalog(), runs(run.warmups(), run.repetitions())));
        Machine machine = run.machine();
        markdown.append(format(Locale.ROOT, "Machine: %s processors, %.1f GiB, %s, Java %s; load average %.1f before and %.1f after the run%s.\n\n",
                machine.processors(), machine.memoryBytes() / (1024.0 * 1024 * 1024), machine.operatingSystem(), machine.javaVersion(),
                machine.loadAverageBefore(), machine.loadAverageAfter(),
                Math.max(machine.loadAverageBefore(), machine.loadAverageAfter()) > machine.processors() ? " (more than the processors: the machine was shared, timings are noisy)" : ""));

        if (run.passed()) {
            markdown.append(run.dmlStatements().isEmpty()
                    ? "**Passed**: every query returned the same rows on both catalogs.\n\n"
                    : "**Passed**: every query returned the same rows on both catalogs, and every DML statement changed as many rows and left the same table on both.\n\n");
        }
        else {
            markdown.append(format("**Failed**: %s (see Failures below).\n\n", run.failures().size() == 1 ? "1 failure" : run.failures().size() + " failures"));
        }

        Optional<RunReport> comparable = previous.filter(run::comparableWith);
        markdown.append(format(Locale.ROOT, "Geometric mean of the query ratios%s %s / %s: **%s**",
                run.dmlStatements().isEmpty() ? "" : " (DML statements aside)", candidate, baseline, ratio(run.geometricMeanRatio())));
        comparable.ifPresent(last -> markdown.append(format(Locale.ROOT, " (last run `%s`: %s)", last.runId(), ratio(last.geometricMeanRatio()))));
        markdown.append(format(Locale.ROOT, "; of their CPU time ratios: %s", ratio(run.geometricMeanCpuRatio())));
        comparable.ifPresent(last -> markdown.append(format(Locale.ROOT, " (last run: %s)", ratio(last.geometricMeanCpuRatio()))));
        markdown.append("\n\n");
        if (previous.isPresent() && comparable.isEmpty()) {
            markdown.append("No earlier run compared the same connectors at the same scale factor.\n\n");
        }

        Map<String, OptionalDouble> lastQueryRatios = new HashMap<>();
        Map<String, OptionalDouble> lastLoadRatios = new HashMap<>();
        comparable.ifPresent(last -> {
            last.queries().forEach(query -> lastQueryRatios.put(query.name(), query.ratio()));
            last.loads().forEach(load -> lastLoadRatios.put(load.table(), load.ratio()));
        });

        boolean withLastRun = comparable.isPresent();
        List<QueryReport> readQueries = run.readQueries();
        boolean withQueriesAfterDml = readQueries.stream().anyMatch(query -> query.kind() == QUERY_AFTER_DML);
        markdown.append("## Queries\n\n");
        markdown.append(format(Locale.ROOT, "Wall time: median ms as the client saw it. Ratio: %s / %s, in bold above %.2f%s. CPU ratio: the same for the median CPU time of the query's tasks, "
                        + "less disturbed by other work on the machine. Splits: read by table scans. Input: physical input bytes. "
                        + "Planning: median ms of the coordinator's planning (splits are enumerated later, while the query runs, and count in its wall time).\n\n",
                candidate, baseline, RATIO_LIMIT,
                withQueriesAfterDml ? format(Locale.ROOT, " (above %.2f for the queries after DML)", QUERY_AFTER_DML_RATIO_LIMIT) : ""));
        appendCases(markdown, readQueries, "query", "rows", candidate, baseline, withLastRun, lastQueryRatios);

        List<QueryReport> dmlStatements = run.dmlStatements();
        if (!dmlStatements.isEmpty()) {
            markdown.append("## DML statements\n\n");
            markdown.append(format(Locale.ROOT, "Each run of a statement changed a fresh copy of `lineitem` in each catalog's own schema, written untimed through `%s` before the run "
                            + "and dropped after it: the wall time is the statement's alone. After each run both catalogs read the changed table, which must hold the same rows on both. "
                            + "Ratio: %s / %s, in bold above %.2f; other columns as for the queries. Rows changed: the statement's update count, the same on both.\n\n",
                    run.loadCatalog(), candidate, baseline, DML_RATIO_LIMIT));
            appendCases(markdown, dmlStatements, "statement", "rows changed", candidate, baseline, withLastRun, lastQueryRatios);
        }

        markdown.append("## Loads\n\n");
        markdown.append("Each table written by CREATE TABLE AS from the `tpch` catalog; times are the median seconds of the same statement on each catalog.\n\n");
        markdown.append(tableHeader(lastRunColumn(withLastRun, 6, "last run", "table", "rows", "data files", candidate + " s", baseline + " s", "ratio"), 1));
        for (LoadReport load : run.loads()) {
            markdown.append(row(lastRunColumn(withLastRun, 6,
                    ratio(lastLoadRatios.getOrDefault(load.table(), OptionalDouble.empty())),
                    load.table(),
                    format(Locale.ROOT, "%,d", load.rows()),
                    format(Locale.ROOT, "%,d", load.dataFiles()),
                    seconds(load.candidateMedianMillis()),
                    seconds(load.baselineMedianMillis()),
                    load.failure().isPresent() ? "failed" : markedRatio(load.ratio(), RATIO_LIMIT))));
        }
        markdown.append("\n");

        List<LoadReport> indexed = run.loads().stream().filter(load -> load.bloomIndex().isPresent()).toList();
        if (!indexed.isEmpty()) {
            markdown.append("## Bloom index\n\n");
            markdown.append(format("The filters of the tables with bloom filter columns, as `$bloom_index` lists them, against the size of their data files; "
                    + "and %s's CREATE TABLE AS of each with and without its bloom filter columns (median seconds; overhead: with over without, minus one).\n\n", candidate));
            markdown.append(tableHeader(ImmutableList.of("table", "columns", "data files", "indexed files", "data MB", "index MB", "index / data",
                    candidate + " s", candidate + " s without index", "overhead"), 2));
            for (LoadReport load : indexed) {
                LoadReport.BloomIndexSize index = load.bloomIndex().orElseThrow();
                markdown.append(row(
                        load.table(),
                        String.join(", ", index.columns()),
                        format(Locale.ROOT, "%,d", load.dataFiles()),
                        format(Locale.ROOT, "%,d", index.indexedFiles()),
                        format(Locale.ROOT, "%,.1f", load.dataBytes() / 1e6),
                        format(Locale.ROOT, "%,.1f", index.filterBytes() / 1e6),
                        percent(load.bloomIndexFraction()),
                        seconds(load.candidateMedianMillis()),
                        seconds(load.candidateMedianMillisWithoutBloomIndex()),
                        percent(load.bloomIndexOverhead())));
            }
            markdown.append("\n");
        }

        if (!run.failures().isEmpty()) {
            markdown.append("## Failures\n\n");
            for (String failure : run.failures()) {
                markdown.append(format("```\n%s\n```\n\n", failure));
            }
        }

        markdown.append("## The queries\n\n");
        markdown.append(tableHeader(ImmutableList.of("query", "what it exercises"), 2));
        for (QueryReport query : run.queries()) {
            markdown.append(row(query.name(), query.description()));
        }
        return markdown.toString();
    }

    /**
     * The ratio above which a case's ratio is a regression its issue does not accept: 1.10 for a
     * query, 1.05 for a query after DML, 1.00 for a DML statement.
     */
    public static double ratioLimit(Kind kind)
    {
        return switch (kind) {
            case QUERY -> RATIO_LIMIT;
            case QUERY_AFTER_DML -> QUERY_AFTER_DML_RATIO_LIMIT;
            case DML -> DML_RATIO_LIMIT;
        };
    }

    private static void appendCases(StringBuilder markdown, List<QueryReport> cases, String caseColumn, String rowsColumn, String candidate, String baseline,
            boolean withLastRun, Map<String, OptionalDouble> lastRatios)
    {
        markdown.append(tableHeader(lastRunColumn(withLastRun, 4, "last run", caseColumn, candidate + " ms", baseline + " ms", "ratio", "CPU ratio",
                candidate + " splits", baseline + " splits", candidate + " input bytes", baseline + " input bytes", candidate + " planning ms", baseline + " planning ms", rowsColumn), 1));
        for (QueryReport query : cases) {
            markdown.append(row(lastRunColumn(withLastRun, 4,
                    ratio(lastRatios.getOrDefault(query.name(), OptionalDouble.empty())),
                    query.name(),
                    millis(query.candidate(), Measurements::medianMillis),
                    millis(query.baseline(), Measurements::medianMillis),
                    query.failure().isPresent() ? "failed" : markedRatio(query.ratio(), ratioLimit(query.kind())),
                    ratio(query.cpuRatio()),
                    count(query.candidate(), Measurements::medianScanSplits),
                    count(query.baseline(), Measurements::medianScanSplits),
                    count(query.candidate(), Measurements::medianPhysicalInputBytes),
                    count(query.baseline(), Measurements::medianPhysicalInputBytes),
                    millis(query.candidate(), Measurements::medianPlanningMillis),
                    millis(query.baseline(), Measurements::medianPlanningMillis),
                    format(Locale.ROOT, "%,d", query.rows()))));
        }
        markdown.append("\n");
    }

    public static String queriesCsv(RunReport run)
    {
        StringBuilder csv = new StringBuilder();
        csv.append(csvRow("query", "kind", "candidate_catalog", "baseline_catalog",
                "candidate_median_ms", "baseline_median_ms", "ratio",
                "candidate_median_cpu_ms", "baseline_median_cpu_ms", "cpu_ratio",
                "candidate_scan_splits", "baseline_scan_splits",
                "candidate_total_splits", "baseline_total_splits",
                "candidate_physical_input_bytes", "baseline_physical_input_bytes",
                "candidate_median_planning_ms", "baseline_median_planning_ms",
                "rows", "failure"));
        for (QueryReport query : run.queries()) {
            csv.append(csvRow(
                    query.name(), query.kind().name().toLowerCase(Locale.ROOT), run.candidate().name(), run.baseline().name(),
                    plain(query.candidate().map(Measurements::medianMillis)), plain(query.baseline().map(Measurements::medianMillis)), plain(query.ratio()),
                    plain(query.candidate().map(Measurements::medianCpuMillis)), plain(query.baseline().map(Measurements::medianCpuMillis)), plain(query.cpuRatio()),
                    plain(query.candidate().map(Measurements::medianScanSplits)), plain(query.baseline().map(Measurements::medianScanSplits)),
                    plain(query.candidate().map(Measurements::medianTotalSplits)), plain(query.baseline().map(Measurements::medianTotalSplits)),
                    plain(query.candidate().map(Measurements::medianPhysicalInputBytes)), plain(query.baseline().map(Measurements::medianPhysicalInputBytes)),
                    plain(query.candidate().map(Measurements::medianPlanningMillis)), plain(query.baseline().map(Measurements::medianPlanningMillis)),
                    Long.toString(query.rows()), query.failure().orElse("")));
        }
        return csv.toString();
    }

    public static String loadsCsv(RunReport run)
    {
        StringBuilder csv = new StringBuilder();
        csv.append(csvRow("table", "candidate_catalog", "baseline_catalog", "rows", "data_files", "data_bytes", "bloom_index_bytes",
                "candidate_median_ms", "baseline_median_ms", "ratio", "candidate_median_ms_without_bloom_index", "failure"));
        for (LoadReport load : run.loads()) {
            csv.append(csvRow(
                    load.table(), run.candidate().name(), run.baseline().name(),
                    Long.toString(load.rows()), Long.toString(load.dataFiles()), Long.toString(load.dataBytes()),
                    load.bloomIndex().map(index -> Long.toString(index.filterBytes())).orElse(""),
                    plain(load.candidateMedianMillis()), plain(load.baselineMedianMillis()), plain(load.ratio()),
                    plain(load.candidateMedianMillisWithoutBloomIndex()),
                    load.failure().orElse("")));
        }
        return csv.toString();
    }

    private static String runs(int warmups, int repetitions)
    {
        String measured = repetitions == 1 ? "once" : repetitions + " times";
        return switch (warmups) {
            case 0 -> measured;
            case 1 -> "once to warm up, then " + measured;
            default -> warmups + " times to warm up, then " + measured;
        };
    }

    // names aligned left, numbers right
    private static String tableHeader(List<String> columns, int leftAlignedColumns)
    {
        StringBuilder header = new StringBuilder(row(columns.toArray(String[]::new)));
        header.append('|');
        for (int column = 0; column < columns.size(); column++) {
            header.append(column < leftAlignedColumns ? "---|" : "--:|");
        }
        return header.append("\n").toString();
    }

    // the column of the last run's ratios, inserted at the given position when there is a last run
    private static List<String> lastRunColumn(boolean withLastRun, int position, String lastRun, String... cells)
    {
        List<String> columns = new ArrayList<>(List.of(cells));
        if (withLastRun) {
            columns.add(position, lastRun);
        }
        return columns;
    }

    private static String row(List<String> cells)
    {
        return row(cells.toArray(String[]::new));
    }

    private static String row(String... cells)
    {
        StringBuilder row = new StringBuilder("|");
        for (String cell : cells) {
            // a pipe or a line break would end the cell
            row.append(' ').append(cell.replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        return row.append("\n").toString();
    }

    private static String millis(Optional<Measurements> measurements, Function<Measurements, Double> value)
    {
        return measurements.map(present -> format(Locale.ROOT, "%,.0f", value.apply(present))).orElse("-");
    }

    private static String count(Optional<Measurements> measurements, Function<Measurements, Double> value)
    {
        return measurements.map(present -> {
            double number = value.apply(present);
            return number == Math.rint(number) ? format(Locale.ROOT, "%,.0f", number) : format(Locale.ROOT, "%,.1f", number);
        }).orElse("-");
    }

    private static String seconds(OptionalDouble millis)
    {
        return millis.isPresent() ? format(Locale.ROOT, "%,.1f", millis.getAsDouble() / 1000) : "-";
    }

    private static String percent(OptionalDouble fraction)
    {
        return fraction.isPresent() ? format(Locale.ROOT, "%.1f%%", fraction.getAsDouble() * 100) : "-";
    }

    private static String ratio(OptionalDouble ratio)
    {
        return ratio.isPresent() ? format(Locale.ROOT, "%.2f", ratio.getAsDouble()) : "-";
    }

    private static String markedRatio(OptionalDouble ratio, double limit)
    {
        String text = ratio(ratio);
        return ratio.isPresent() && ratio.getAsDouble() > limit ? "**" + text + "**" : text;
    }

    private static String plain(Optional<Double> value)
    {
        return value.map(ReportFormat::plain).orElse("");
    }

    private static String plain(OptionalDouble value)
    {
        return value.isPresent() ? plain(value.getAsDouble()) : "";
    }

    private static String plain(double value)
    {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : format(Locale.ROOT, "%.4f", value);
    }

    private static String csvRow(String... values)
    {
        StringBuilder row = new StringBuilder();
        for (int index = 0; index < values.length; index++) {
            if (index > 0) {
                row.append(',');
            }
            String value = values[index];
            if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
                row.append('"').append(value.replace("\"", "\"\"")).append('"');
            }
            else {
                row.append(value);
            }
        }
        // RFC 4180 ends records with CRLF
        return row.append("\r\n").toString();
    }
}
