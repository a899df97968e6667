package dev.lakehouse.benchmarks;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableMap;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static java.util.Objects.requireNonNull;

/**
 * One case of the run: its SQL as run, the rows it returned (a query) or changed (a DML statement),
 * each catalog's measurements, and why it failed, if it did (an error on either catalog, or
 * different rows or tables).
 *
 * @param rows the rows a query returned; the rows a DML statement changed (its update count)
 * @param candidate absent when the query failed on a catalog before it was measured
 * @param explainAnalyze the text of {@code EXPLAIN ANALYZE} of the query, by catalog name; empty unless asked for
 */
public record QueryReport(
        String name,
        BenchmarkQuery.Kind kind,
        String description,
        String sql,
        long rows,
        Optional<Measurements> candidate,
        Optional<Measurements> baseline,
        Optional<String> failure,
        Map<String, String> explainAnalyze)
{
    public QueryReport
    {
        requireNonNull(name, "name is null");
        // null when read from the results of a run made before there were other kinds than queries
        kind = kind == null ? BenchmarkQuery.Kind.QUERY : kind;
        requireNonNull(description, "description is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(candidate, "candidate is null");
        requireNonNull(baseline, "baseline is null");
        requireNonNull(failure, "failure is null");
        // null when read from the results of a run made before plans were saved
        explainAnalyze = explainAnalyze == null ? ImmutableMap.of() : ImmutableMap.copyOf(explainAnalyze);
    }

    /**
     * A case that failed before it ran on either catalog, because what it reads could not be made.
     */
    public static QueryReport notRun(BenchmarkQuery query, String sql, String failure)
    {
        return new QueryReport(query.name(), query.kind(), query.description(), sql, 0, Optional.empty(), Optional.empty(), Optional.of(failure), ImmutableMap.of());
    }

    /**
     * The candidate's median wall time over the baseline's; absent when the query failed.
     */
    @JsonProperty
    public OptionalDouble ratio()
    {
        if (failure.isPresent() || candidate.isEmpty() || baseline.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Statistics.ratio(candidate.get().medianMillis(), baseline.get().medianMillis()));
    }

    /**
     * The candidate's median CPU time over the baseline's; absent when the query failed or used no
     * measurable CPU time on a side.
     */
    @JsonProperty
    public OptionalDouble cpuRatio()
    {
        if (ratio().isEmpty() || candidate.get().medianCpuMillis() <= 0 || baseline.get().medianCpuMillis() <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Statistics.ratio(candidate.get().medianCpuMillis(), baseline.get().medianCpuMillis()));
    }
}
