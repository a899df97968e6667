package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * What a run does, as the command's flags set it.
 *
 * @param queries the names of the queries to run; empty for all
 * @param loadThrough which of the two catalogs writes the data both read
 * @param explainAnalyze whether to save {@code EXPLAIN ANALYZE} of every query on both catalogs
 * @param candidateProperties catalog properties that add to or replace the candidate's defaults
 * @param manyFiles the data files of the table that the queries over many files read
 */
public record BenchmarkOptions(
        BigDecimal scaleFactor,
        int warmups,
        int repetitions,
        List<String> queries,
        BenchmarkConnector candidate,
        BenchmarkConnector baseline,
        LoadThrough loadThrough,
        boolean compareCreateTableAs,
        int loadRepetitions,
        boolean explainAnalyze,
        Map<String, String> candidateProperties,
        Map<String, String> baselineProperties,
        Path resultsDirectory,
        Path workDirectory,
        String heapSize,
        int manyFiles)
{
    public enum LoadThrough
    {
        CANDIDATE,
        BASELINE,
    }

    public BenchmarkOptions
    {
        requireNonNull(scaleFactor, "scaleFactor is null");
        checkArgument(scaleFactor.signum() > 0, "The scale factor must be positive, not %s", scaleFactor);
        checkArgument(warmups >= 0, "The number of warm-ups cannot be negative: %s", warmups);
        checkArgument(repetitions >= 1, "The number of repetitions must be at least 1, not %s", repetitions);
        checkArgument(loadRepetitions >= 1, "The number of load repetitions must be at least 1, not %s", loadRepetitions);
        queries = ImmutableList.copyOf(queries);
        requireNonNull(candidate, "candidate is null");
        requireNonNull(baseline, "baseline is null");
        requireNonNull(loadThrough, "loadThrough is null");
        candidateProperties = ImmutableMap.copyOf(candidateProperties);
        baselineProperties = ImmutableMap.copyOf(baselineProperties);
        requireNonNull(resultsDirectory, "resultsDirectory is null");
        requireNonNull(workDirectory, "workDirectory is null");
        requireNonNull(heapSize, "heapSize is null");
        checkArgument(heapSize.matches("[0-9]+[mMgG]"), "Not a heap size (such as 4G or 6144M): %s", heapSize);
        checkArgument(manyFiles > 0 && manyFiles % ManyFilesTable.FILES_PER_STATEMENT == 0, "--many-files must be a positive multiple of %s (the files one statement writes), not %s",
                ManyFilesTable.FILES_PER_STATEMENT, manyFiles);
        checkArgument(!candidateProperties.containsKey("connector.name") && !baselineProperties.containsKey("connector.name"),
                "connector.name cannot be changed: choose the connectors with --candidate and --baseline");
    }

    public CatalogPair catalogs()
    {
        return CatalogPair.of(candidate, baseline);
    }

    public BenchmarkCatalog loadCatalog()
    {
        CatalogPair catalogs = catalogs();
        return switch (loadThrough) {
            case CANDIDATE -> catalogs.candidate();
            case BASELINE -> catalogs.baseline();
        };
    }

    /**
     * The catalog property overrides, by catalog name.
     */
    public Map<String, Map<String, String>> catalogProperties()
    {
        CatalogPair catalogs = catalogs();
        return ImmutableMap.of(catalogs.candidate().name(), candidateProperties, catalogs.baseline().name(), baselineProperties);
    }
}
