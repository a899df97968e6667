package dev.lakehouse.benchmarks;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;

import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalDouble;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.lakehouse.benchmarks.BenchmarkQuery.Kind.DML;
import static java.util.Objects.requireNonNull;

/**
 * Everything a run measured, as written to {@code results.json} and read back to compare the next
 * run with.
 *
 * @param runId the run's folder name: its start time, the catalogs and the scale factor
 * @param loadCatalog the catalog that wrote the data both catalogs read
 * @param queries every case of the run, queries and DML statements, in the order they ran
 * @param failures every reason the run failed: queries that failed or returned different rows, loads that failed
 */
public record RunReport(
        String runId,
        String startedAt,
        double durationSeconds,
        String trinoVersion,
        BigDecimal scaleFactor,
        int warmups,
        int repetitions,
        int loadRepetitions,
        BenchmarkCatalog candidate,
        BenchmarkCatalog baseline,
        String loadCatalog,
        Machine machine,
        List<LoadReport> loads,
        List<QueryReport> queries,
        List<String> failures)
{
    public RunReport
    {
        requireNonNull(runId, "runId is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(trinoVersion, "trinoVersion is null");
        requireNonNull(scaleFactor, "scaleFactor is null");
        requireNonNull(candidate, "candidate is null");
        requireNonNull(baseline, "baseline is null");
        requireNonNull(loadCatalog, "loadCatalog is null");
        requireNonNull(machine, "machine is null");
        loads = ImmutableList.copyOf(loads);
        queries = ImmutableList.copyOf(queries);
        failures = ImmutableList.copyOf(failures);
    }

    /**
     * The geometric mean of the queries' ratios (candidate over baseline), DML statements aside;
     * absent when no query has one.
     */
    @JsonProperty
    public OptionalDouble geometricMeanRatio()
    {
        return geometricMean(readQueries().stream().map(QueryReport::ratio).toList());
    }

    /**
     * The geometric mean of the queries' CPU time ratios, DML statements aside; absent when no query has one.
     */
    @JsonProperty
    public OptionalDouble geometricMeanCpuRatio()
    {
        return geometricMean(readQueries().stream().map(QueryReport::cpuRatio).toList());
    }

    /**
     * The cases that only read: every case but the DML statements.
     */
    public List<QueryReport> readQueries()
    {
        return queries.stream()
                .filter(query -> query.kind() != DML)
                .collect(toImmutableList());
    }

    /**
     * The DML statements.
     */
    public List<QueryReport> dmlStatements()
    {
        return queries.stream()
                .filter(query -> query.kind() == DML)
                .collect(toImmutableList());
    }

    private static OptionalDouble geometricMean(List<OptionalDouble> values)
    {
        List<Double> ratios = values.stream()
                .filter(OptionalDouble::isPresent)
                .map(OptionalDouble::getAsDouble)
                .collect(toImmutableList());
        return ratios.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Statistics.geometricMean(ratios));
    }

    @JsonProperty
    public boolean passed()
    {
        return failures.isEmpty();
    }

    /**
     * Whether a run measured the same thing as this one: the same connectors compared the same
     * way, on the same scale factor, so that its ratios can be set side by side.
     */
    public boolean comparableWith(RunReport other)
    {
        return candidate.connector() == other.candidate.connector()
                && baseline.connector() == other.baseline.connector()
                && scaleFactor.compareTo(other.scaleFactor) == 0;
    }
}
