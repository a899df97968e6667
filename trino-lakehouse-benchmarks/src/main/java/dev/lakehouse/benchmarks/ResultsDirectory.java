package dev.lakehouse.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableMap;
import io.airlift.json.ObjectMapperProvider;
import io.airlift.log.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The folder that keeps every run's results, one folder per run named by its run id (which starts
 * with its start time, so names sort in time order):
 *
 * <ul>
 * <li>{@code report.md}: the Markdown report, with the last comparable run's ratios next to this run's;</li>
 * <li>{@code results.json}: everything measured, each execution's query id included (read back to compare the next run);</li>
 * <li>{@code queries.csv}, {@code loads.csv}: the tables, for spreadsheets;</li>
 * <li>{@code query-ratios.png}, {@code load-ratios.png}: the ratio charts of the queries (DML statements aside) and of the loads;</li>
 * <li>{@code explain-analyze/<query>-<catalog>.txt}: the plans, when they were asked for.</li>
 * </ul>
 */
public final class ResultsDirectory
{
    private static final Logger log = Logger.get(ResultsDirectory.class);

    public static final String REPORT = "report.md";
    public static final String RESULTS = "results.json";
    public static final String QUERIES_CSV = "queries.csv";
    public static final String LOADS_CSV = "loads.csv";
    public static final String QUERY_CHART = "query-ratios.png";
    public static final String LOAD_CHART = "load-ratios.png";
    public static final String EXPLAIN_ANALYZE = "explain-analyze";

    private static final ObjectMapper JSON = new ObjectMapperProvider().get();

    private final Path root;

    public ResultsDirectory(Path root)
    {
        this.root = requireNonNull(root, "root is null");
    }

    public Path root()
    {
        return root;
    }

    /**
     * The most recent earlier run that compared the same connectors at the same scale factor.
     * Folders without a readable {@code results.json} are skipped with a warning.
     */
    public Optional<RunReport> lastComparableRun(RunReport run)
    {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        List<Path> folders;
        try (Stream<Path> children = Files.list(root)) {
            folders = children
                    .filter(folder -> Files.isRegularFile(folder.resolve(RESULTS)))
                    .filter(folder -> !folder.getFileName().toString().equals(run.runId()))
                    .sorted(Comparator.comparing((Path folder) -> folder.getFileName().toString()).reversed())
                    .toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot list earlier runs in " + root, e);
        }
        for (Path folder : folders) {
            try {
                RunReport earlier = read(folder.resolve(RESULTS));
                if (run.comparableWith(earlier)) {
                    return Optional.of(earlier);
                }
            }
            catch (IOException | RuntimeException e) {
                log.warn("Skipping the earlier run in %s, whose %s cannot be read: %s", folder, RESULTS, e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * Writes the run's files into a new folder named by its run id, and returns that folder.
     *
     * @param previous the run to compare with, as {@link #lastComparableRun} found it
     */
    public Path write(RunReport run, Optional<RunReport> previous)
    {
        Path folder = root.resolve(run.runId());
        try {
            Files.createDirectories(root);
            Files.createDirectory(folder);
            Files.writeString(folder.resolve(RESULTS), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(run) + "\n", UTF_8);
            Files.writeString(folder.resolve(REPORT), ReportFormat.markdown(run, previous), UTF_8);
            Files.writeString(folder.resolve(QUERIES_CSV), ReportFormat.queriesCsv(run), UTF_8);
            Files.writeString(folder.resolve(LOADS_CSV), ReportFormat.loadsCsv(run), UTF_8);
            for (QueryReport query : run.queries()) {
                for (Map.Entry<String, String> plan : query.explainAnalyze().entrySet()) {
                    Path file = folder.resolve(EXPLAIN_ANALYZE).resolve(query.name() + "-" + plan.getKey() + ".txt");
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, plan.getValue(), UTF_8);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write the results into " + folder, e);
        }
        String comparison = "%s / %s".formatted(run.candidate().name(), run.baseline().name());
        String scale = "TPC-H scale factor " + run.scaleFactor().toPlainString();

        Map<String, Double> queryRatios = new LinkedHashMap<>();
        run.readQueries().forEach(query -> query.ratio().ifPresent(ratio -> queryRatios.put(query.name(), ratio)));
        if (!queryRatios.isEmpty()) {
            OptionalDouble mean = run.geometricMeanRatio();
            RatioChart.write(folder.resolve(QUERY_CHART),
                    String.format(Locale.ROOT, "Median wall time %s per query, %s: geometric mean %.2f", comparison, scale, mean.orElseThrow()),
                    comparison + " median wall time",
                    queryRatios);
        }
        Map<String, Double> loadRatios = new LinkedHashMap<>();
        run.loads().forEach(load -> load.ratio().ifPresent(ratio -> loadRatios.put(load.table(), ratio)));
        if (!loadRatios.isEmpty()) {
            RatioChart.write(folder.resolve(LOAD_CHART),
                    "CREATE TABLE AS time %s per table, %s".formatted(comparison, scale),
                    comparison + " CREATE TABLE AS time",
                    ImmutableMap.copyOf(loadRatios));
        }
        return folder;
    }

    /**
     * A run as its {@code results.json} holds it.
     */
    public static RunReport read(Path resultsFile)
            throws IOException
    {
        return JSON.readValue(Files.readString(resultsFile, UTF_8), RunReport.class);
    }
}
