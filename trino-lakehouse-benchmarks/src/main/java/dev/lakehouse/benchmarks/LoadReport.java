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
 * @param dataBytes the size of the loaded table's data files
 * @param bloomIndex the loaded table's bloom index, for a table with bloom filter columns written by a catalog that writes one
 * @param candidateMillis the candidate's CREATE TABLE AS times; empty when not compared
 * @param candidateMillisWithoutBloomIndex the candidate's CREATE TABLE AS times of the same table without its bloom
 * filter columns; empty when not compared, or when the table has none or the candidate writes no bloom index
 */
public record LoadReport(
        String table,
        String definition,
        long rows,
        long dataFiles,
        long dataBytes,
        Optional<BloomIndexSize> bloomIndex,
        List<Double> candidateMillis,
        List<Double> baselineMillis,
        List<Double> candidateMillisWithoutBloomIndex,
        Optional<String> failure)
{
    public LoadReport
    {
        requireNonNull(table, "table is null");
        requireNonNull(definition, "definition is null");
        // absent from the results of runs made before they were measured
        bloomIndex = bloomIndex == null ? Optional.empty() : bloomIndex;
        candidateMillis = ImmutableList.copyOf(candidateMillis);
        baselineMillis = ImmutableList.copyOf(baselineMillis);
        candidateMillisWithoutBloomIndex = candidateMillisWithoutBloomIndex == null ? ImmutableList.of() : ImmutableList.copyOf(candidateMillisWithoutBloomIndex);
        requireNonNull(failure, "failure is null");
    }

    /**
     * The size of a table's bloom index: the filters of its data files, as the catalog that wrote them lists them.
     *
     * @param columns the columns with filters
     * @param indexedFiles the data files with at least one filter
     * @param filterBytes the size of all filters
     */
    public record BloomIndexSize(List<String> columns, long indexedFiles, long filterBytes)
    {
        public BloomIndexSize
        {
            columns = ImmutableList.copyOf(columns);
        }
    }

    /**
     * The bloom index's size as a fraction of the data files' size.
     */
    @JsonProperty
    public OptionalDouble bloomIndexFraction()
    {
        if (bloomIndex.isEmpty() || dataBytes == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((double) bloomIndex.get().filterBytes() / dataBytes);
    }

    @JsonProperty
    public OptionalDouble candidateMedianMillisWithoutBloomIndex()
    {
        return candidateMillisWithoutBloomIndex.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Statistics.median(candidateMillisWithoutBloomIndex));
    }

    /**
     * What writing the bloom index adds to the candidate's CREATE TABLE AS: its median time with the
     * bloom filter columns over its median time without them, minus one; absent when not measured.
     */
    @JsonProperty
    public OptionalDouble bloomIndexOverhead()
    {
        if (failure.isPresent() || candidateMillis.isEmpty() || candidateMillisWithoutBloomIndex.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Statistics.ratio(Statistics.median(candidateMillis), Statistics.median(candidateMillisWithoutBloomIndex)) - 1);
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
