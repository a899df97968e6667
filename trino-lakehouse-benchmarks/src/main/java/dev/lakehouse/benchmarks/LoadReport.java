package dev.lakehouse.benchmarks;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static java.util.Objects.requireNonNull;

/**
 * One table of the run: how it was defined and loaded, and the CREATE TABLE AS times of the same
 * statement on each catalog.
 *
 * @param definition the statement that loaded the table, as run on the load catalog
 * @param dataFiles the data files of the loaded table
 * @param candidateMillis the candidate's CREATE TABLE AS times; empty when not compared
 */
public record LoadReport(
        String table,
        String definition,
        long rows,
        long dataFiles,
        List<Double> candidateMillis,
        List<Double> baselineMillis,
        Optional<String> failure)
{
    public LoadReport
    {
        requireNonNull(table, "table is null");
        requireNonNull(definition, "definition is null");
        candidateMillis = ImmutableList.copyOf(candidateMillis);
        baselineMillis = ImmutableList.copyOf(baselineMillis);
        requireNonNull(failure, "failure is null");
    }

    @JsonProperty
    public OptionalDouble candidateMedianMillis()
    {
        return candidateMillis.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Statistics.median(candidateMillis));
    }

    @JsonProperty
    public OptionalDouble baselineMedianMillis()
    {
        return baselineMillis.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Statistics.median(baselineMillis));
    }

    /**
     * The candidate's median CREATE TABLE AS time over the baseline's; absent when not compared or failed.
     */
    @JsonProperty
    public OptionalDouble ratio()
    {
        if (failure.isPresent() || candidateMillis.isEmpty() || baselineMillis.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Statistics.ratio(Statistics.median(candidateMillis), Statistics.median(baselineMillis)));
    }
}
