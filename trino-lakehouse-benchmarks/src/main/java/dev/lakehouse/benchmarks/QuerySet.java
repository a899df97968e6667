package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableList;
import com.google.common.io.Resources;
import dev.lakehouse.benchmarks.BenchmarkQuery.Kind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.lakehouse.benchmarks.BenchmarkQuery.Kind.DML;
import static dev.lakehouse.benchmarks.BenchmarkQuery.Kind.QUERY;
import static dev.lakehouse.benchmarks.BenchmarkQuery.Kind.QUERY_AFTER_DML;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The cases the benchmark runs on both catalogs: the 22 TPC-H queries (with the specification's
 * validation parameters) on the TPC-H tables, the cases that exercise a lakehouse's skipping on
 * the daily-partitioned and the sorted table, then the DML statements on copies of
 * {@code lineitem} and TPC-H queries of {@code lineitem} after them (see {@link LineitemChanges}).
 * Each is a resource that starts with a comment saying what it exercises. The cases over the table
 * of 100,000 files run only when named: loading that table takes minutes, and reading it through a
 * catalog that opens every file takes minutes per run.
 */
public final class QuerySet
{
    private static final List<String> LAKEHOUSE_QUERIES = ImmutableList.of(
            "partition_filter",
            "sorted_range",
            "dynamic_filter_join",
            "needle_hit",
            "needle_miss",
            "needle_in_list",
            "needle_join",
            "full_scan");

    // in the order the tables after DML apply them
    private static final List<String> DML_STATEMENTS = ImmutableList.of(
            "dml_delete",
            "dml_update",
            "dml_merge");

    private static final List<String> QUERIES_AFTER_DML = ImmutableList.of(
            "q01_after_dml",
            "q06_after_dml",
            "q12_after_dml");

    private static final List<String> ON_REQUEST_QUERIES = ImmutableList.of(
            "many_files_needle_hit",
            "many_files_needle_miss");

    private QuerySet() {}

    /**
     * Every query, TPC-H first, those that run only when named last.
     */
    public static List<BenchmarkQuery> all()
    {
        return ImmutableList.<BenchmarkQuery>builder()
                .addAll(defaults())
                .addAll(ON_REQUEST_QUERIES.stream().map(name -> load(name, QUERY, "queries/" + name + ".sql")).toList())
                .build();
    }

    /**
     * The queries a run without {@code --queries} runs: all but those that run only when named.
     */
    public static List<BenchmarkQuery> defaults()
    {
        ImmutableList.Builder<BenchmarkQuery> queries = ImmutableList.builder();
        IntStream.rangeClosed(1, 22)
                .mapToObj("q%02d"::formatted)
                .forEach(name -> queries.add(load(name, QUERY, "tpch/" + name + ".sql")));
        LAKEHOUSE_QUERIES.forEach(name -> queries.add(load(name, QUERY, "queries/" + name + ".sql")));
        queries.addAll(dmlStatements());
        QUERIES_AFTER_DML.forEach(name -> queries.add(load(name, QUERY_AFTER_DML, "dml/" + name + ".sql")));
        return queries.build();
    }

    /**
     * The DML statements, in the order that the tables the queries after DML read apply them.
     */
    public static List<BenchmarkQuery> dmlStatements()
    {
        return DML_STATEMENTS.stream()
                .map(name -> load(name, DML, "dml/" + name + ".sql"))
                .collect(toImmutableList());
    }

    /**
     * Whether the query runs only when named.
     */
    public static boolean isOnRequest(BenchmarkQuery query)
    {
        return ON_REQUEST_QUERIES.contains(query.name());
    }

    /**
     * The queries of the given names, in the set's order; the {@linkplain #defaults() defaults} for an empty list.
     *
     * @throws IllegalArgumentException naming the unknown names and the known ones
     */
    public static List<BenchmarkQuery> select(List<String> names)
    {
        if (names.isEmpty()) {
            return defaults();
        }
        List<BenchmarkQuery> all = all();
        Map<String, BenchmarkQuery> byName = new LinkedHashMap<>();
        all.forEach(query -> byName.put(query.name(), query));
        List<String> unknown = names.stream().filter(name -> !byName.containsKey(name)).toList();
        checkArgument(unknown.isEmpty(), "Unknown queries %s; the queries are: %s", unknown, String.join(", ", byName.keySet()));
        return all.stream()
                .filter(query -> names.contains(query.name()))
                .collect(toImmutableList());
    }

    private static BenchmarkQuery load(String name, Kind kind, String resource)
    {
        URL url = Resources.getResource(QuerySet.class, resource);
        String text;
        try {
            text = Resources.toString(url, UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read query " + resource, e);
        }
        checkArgument(text.startsWith("-- "), "Query %s does not start with a comment saying what it exercises", resource);
        List<String> comment = text.lines()
                .takeWhile(line -> line.startsWith("-- "))
                .map(line -> line.substring(3).strip())
                .toList();
        return new BenchmarkQuery(name, kind, String.join(" ", comment), text.strip());
    }
}
