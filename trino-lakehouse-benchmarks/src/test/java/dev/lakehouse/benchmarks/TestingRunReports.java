package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Run reports with made-up measurements, for the tests of what is written from them.
 */
final class TestingRunReports
{
    static final CatalogPair CATALOGS = CatalogPair.of(BenchmarkConnector.LAKEHOUSE, BenchmarkConnector.ICEBERG);
    static final Machine MACHINE = new Machine(2, 24L << 30, "Linux 6.1 amd64", "25", 1.5, 1.8);

    private TestingRunReports() {}

    /**
     * A run at scale factor 1 where q01 takes 1.2 / 1.0, q06 0.5 / 1.0 and needle_hit 1.5 / 1.0,
     * multiplied by {@code factor} on the candidate's side.
     */
    static RunReport run(String runId, BigDecimal scaleFactor, double factor)
    {
        return new RunReport(
                runId,
                "2025-11-21T21:00:00Z",
                600.5,
                "476",
                scaleFactor,
                1,
                3,
                1,
                CATALOGS.candidate(),
                CATALOGS.baseline(),
                "iceberg",
                MACHINE,
                ImmutableList.of(
                        new LoadReport("lineitem", "CREATE TABLE iceberg.tpch_sf1.lineitem AS SELECT * FROM tpch.\"sf1\".lineitem", 6_001_215, 4, 180_000_000, Optional.empty(),
                                List.of(30_000.0 * factor), List.of(25_000.0), List.of(), Optional.empty()),
                        new LoadReport("lineitem_daily", "CREATE TABLE ... WITH (partitioning = ARRAY['l_shipdate'])", 6_001_215, 2_526, 154_600_000,
                                Optional.of(new LoadReport.BloomIndexSize(List.of("l_orderkey", "l_comment"), 2_526, 7_730_000)),
                                List.of(40_000.0 * factor), List.of(50_000.0), List.of(36_000.0 * factor), Optional.empty())),
                ImmutableList.of(
                        query("q01", 1200 * factor, 1000, Optional.empty()),
                        query("q06", 500 * factor, 1000, Optional.empty()),
                        query("needle_hit", 1500 * factor, 1000, Optional.empty())),
                ImmutableList.of());
    }

    /**
     * The same run where q06 returned different rows.
     */
    static RunReport failedRun(String runId)
    {
        RunReport run = run(runId, BigDecimal.ONE, 1);
        String difference = "Query q06 returned different rows: lakehouse 1 row, iceberg 1 row.\n  1 row only in lakehouse:\n    (12)\n  1 row only in iceberg:\n    (13)";
        List<QueryReport> queries = ImmutableList.of(
                run.queries().get(0),
                query("q06", 500, 1000, Optional.of(difference)),
                run.queries().get(2));
        return new RunReport(run.runId(), run.startedAt(), run.durationSeconds(), run.trinoVersion(), run.scaleFactor(), run.warmups(), run.repetitions(), run.loadRepetitions(),
                run.candidate(), run.baseline(), run.loadCatalog(), run.machine(), run.loads(), queries, ImmutableList.of(difference));
    }

    /**
     * The same run with a query after DML (q06_after_dml, 1.06 / 1.00 s) and a DML statement (dml_delete,
     * 1.01 / 1.00 s, 6,001 rows changed): each over its own limit, and within the limit of queries.
     */
    static RunReport runWithDml(String runId)
    {
        RunReport run = run(runId, BigDecimal.ONE, 1);
        List<QueryReport> queries = ImmutableList.<QueryReport>builder()
                .addAll(run.queries())
                .add(query("q06_after_dml", BenchmarkQuery.Kind.QUERY_AFTER_DML, 1060, 1000, 1, Optional.empty()))
                .add(query("dml_delete", BenchmarkQuery.Kind.DML, 1010, 1000, 6_001, Optional.empty()))
                .build();
        return new RunReport(run.runId(), run.startedAt(), run.durationSeconds(), run.trinoVersion(), run.scaleFactor(), run.warmups(), run.repetitions(), run.loadRepetitions(),
                run.candidate(), run.baseline(), run.loadCatalog(), run.machine(), run.loads(), queries, run.failures());
    }

    static QueryReport query(String name, double candidateMillis, double baselineMillis, Optional<String> failure)
    {
        return query(name, BenchmarkQuery.Kind.QUERY, candidateMillis, baselineMillis, 4, failure);
    }

    static QueryReport query(String name, BenchmarkQuery.Kind kind, double candidateMillis, double baselineMillis, long rows, Optional<String> failure)
    {
        return new QueryReport(
                name,
                kind,
                "what " + name + " exercises",
                "SELECT 1 -- " + name,
                rows,
                Optional.of(measurements(candidateMillis, candidateMillis * 2, 12, 123_456_789)),
                Optional.of(measurements(baselineMillis, 1600, 10, 123_456_000)),
                failure,
                ImmutableMap.of());
    }

    // three executions around the medians, so that the medians are the given values
    private static Measurements measurements(double medianMillis, double medianCpuMillis, long scanSplits, long physicalInputBytes)
    {
        return new Measurements(ImmutableList.of(
                new Execution("20251121_210000_00001_abcde", medianMillis * 1.5, (long) (medianCpuMillis * 0.9), scanSplits, scanSplits + 3, physicalInputBytes, 1000, medianCpuMillis * 0.9 / 100),
                new Execution("20251121_210000_00002_abcde", medianMillis, (long) medianCpuMillis, scanSplits, scanSplits + 3, physicalInputBytes, 1000, medianCpuMillis / 100),
                new Execution("20251121_210000_00003_abcde", medianMillis * 0.9, (long) (medianCpuMillis * 1.2), scanSplits, scanSplits + 3, physicalInputBytes, 1000, medianCpuMillis * 1.2 / 100)));
    }
}
