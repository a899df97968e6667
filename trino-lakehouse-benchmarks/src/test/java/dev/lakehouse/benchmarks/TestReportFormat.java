package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableList;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import static dev.lakehouse.benchmarks.TestingRunReports.CATALOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

final class TestReportFormat
{
    @Test
    void testRatiosAndTheirGeometricMean()
    {
        RunReport run = TestingRunReports.run("run", BigDecimal.ONE, 1);
        assertThat(run.queries()).extracting(query -> query.ratio().orElseThrow()).containsExactly(1.2, 0.5, 1.5);
        // (1.2 * 0.5 * 1.5)^(1/3)
        assertThat(run.geometricMeanRatio().orElseThrow()).isCloseTo(Math.cbrt(0.9), within(1e-12));
        assertThat(run.loads()).extracting(load -> load.ratio().orElseThrow()).containsExactly(1.2, 0.8);
        // CPU time: 2400 / 1600, 1000 / 1600, 3000 / 1600
        assertThat(run.queries()).extracting(query -> query.cpuRatio().orElseThrow()).containsExactly(1.5, 0.625, 1.875);
        assertThat(run.geometricMeanCpuRatio().orElseThrow()).isCloseTo(Math.cbrt(1.5 * 0.625 * 1.875), within(1e-12));
        assertThat(run.passed()).isTrue();
    }

    @Test
    void testFailedQueryHasNoRatio()
    {
        RunReport run = TestingRunReports.failedRun("run");
        assertThat(run.queries().get(1).ratio()).isEmpty();
        assertThat(run.queries().get(1).cpuRatio()).isEmpty();
        assertThat(run.geometricMeanRatio().orElseThrow()).isCloseTo(Math.sqrt(1.2 * 1.5), within(1e-12));
        assertThat(run.passed()).isFalse();
    }

    @Test
    void testMarkdownTables()
    {
        String markdown = ReportFormat.markdown(TestingRunReports.run("20251121-210000-lakehouse-vs-iceberg-sf1", BigDecimal.ONE, 1), Optional.empty());
        assertThat(markdown)
                .startsWith("# lakehouse vs iceberg, TPC-H scale factor 1\n\n")
                .contains("Run `20251121-210000-lakehouse-vs-iceberg-sf1`, started 2025-11-21T21:00:00Z, took 10.0 minutes on Trino 476")
                .contains("Data written once through `iceberg`; both catalogs read the same files. Each query ran once to warm up, then 3 times on each catalog")
                .contains("Machine: 2 processors, 24.0 GiB, Linux 6.1 amd64, Java 25; load average 1.5 before and 1.8 after the run.\n")
                .contains("**Passed**: every query returned the same rows on both catalogs.")
                .contains("Geometric mean of the query ratios lakehouse / iceberg: **0.97**; of their CPU time ratios: 1.21\n")
                .contains("""
                        | query | lakehouse ms | iceberg ms | ratio | CPU ratio | lakehouse splits | iceberg splits | lakehouse input bytes | iceberg input bytes \
                        | lakehouse planning ms | iceberg planning ms | rows |
                        |---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|
                        | q01 | 1,200 | 1,000 | **1.20** | 1.50 | 12 | 10 | 123,456,789 | 123,456,000 | 24 | 16 | 4 |
                        | q06 | 500 | 1,000 | 0.50 | 0.63 | 12 | 10 | 123,456,789 | 123,456,000 | 10 | 16 | 4 |
                        | needle_hit | 1,500 | 1,000 | **1.50** | 1.88 | 12 | 10 | 123,456,789 | 123,456,000 | 30 | 16 | 4 |
                        """)
                .contains("""
                        ## Bloom index

                        The filters of the tables with bloom filter columns, as `$bloom_index` lists them, against the size of their data files; \
                        and lakehouse's CREATE TABLE AS of each with and without its bloom filter columns (median seconds; overhead: with over without, minus one).

                        | table | columns | data files | indexed files | data MB | index MB | index / data | lakehouse s | lakehouse s without index | overhead |
                        |---|---|--:|--:|--:|--:|--:|--:|--:|--:|
                        | lineitem_daily | l_orderkey, l_comment | 2,526 | 2,526 | 154.6 | 7.7 | 5.0% | 40.0 | 36.0 | 11.1% |

                        """)
                .contains("""
                        | table | rows | data files | lakehouse s | iceberg s | ratio |
                        |---|--:|--:|--:|--:|--:|
                        | lineitem | 6,001,215 | 4 | 30.0 | 25.0 | **1.20** |
                        | lineitem_daily | 6,001,215 | 2,526 | 40.0 | 50.0 | 0.80 |
                        """)
                .contains("| q01 | what q01 exercises |")
                .doesNotContain("last run")
                .doesNotContain("Failures");
    }

    @Test
    void testDmlStatementsHaveTheirOwnTableAndEachKindItsLimit()
    {
        RunReport run = TestingRunReports.runWithDml("20251121-210000-lakehouse-vs-iceberg-sf1");
        assertThat(run.readQueries()).extracting(QueryReport::name).containsExactly("q01", "q06", "needle_hit", "q06_after_dml");
        assertThat(run.dmlStatements()).extracting(QueryReport::name).containsExactly("dml_delete");
        // the statements count in no mean of the queries
        assertThat(run.geometricMeanRatio().orElseThrow()).isCloseTo(Math.pow(1.2 * 0.5 * 1.5 * 1.06, 0.25), within(1e-12));

        String markdown = ReportFormat.markdown(run, Optional.empty());
        assertThat(markdown)
                .contains("**Passed**: every query returned the same rows on both catalogs, and every DML statement changed as many rows and left the same table on both.")
                .contains("Geometric mean of the query ratios (DML statements aside) lakehouse / iceberg: **0.99**")
                .contains("Ratio: lakehouse / iceberg, in bold above 1.10 (above 1.05 for the queries after DML).")
                // 1.06 is within the limit of queries, not of queries after DML
                .contains("| q06_after_dml | 1,060 | 1,000 | **1.06** | 1.33 | 12 | 10 | 123,456,789 | 123,456,000 | 21 | 16 | 1 |\n\n## DML statements\n\n")
                .contains("written untimed through `iceberg` before the run and dropped after it")
                .contains("""
                        | statement | lakehouse ms | iceberg ms | ratio | CPU ratio | lakehouse splits | iceberg splits | lakehouse input bytes | iceberg input bytes \
                        | lakehouse planning ms | iceberg planning ms | rows changed |
                        |---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|
                        | dml_delete | 1,010 | 1,000 | **1.01** | 1.26 | 12 | 10 | 123,456,789 | 123,456,000 | 20 | 16 | 6,001 |
                        """)
                .contains("| dml_delete | what dml_delete exercises |");
        assertThat(ReportFormat.ratioLimit(BenchmarkQuery.Kind.QUERY)).isEqualTo(ReportFormat.RATIO_LIMIT);

        assertThat(ReportFormat.queriesCsv(run))
                .contains("\r\nq06_after_dml,query_after_dml,lakehouse,iceberg,1060,1000,")
                .endsWith("\r\ndml_delete,dml,lakehouse,iceberg,1010,1000,1.0100,2020,1600,1.2625,12,10,15,13,123456789,123456000,20.2000,16,6001,\r\n");
    }

    @Test
    void testQueryAfterDmlWhoseTableCouldNotBeMadeDidNotRun()
    {
        BenchmarkQuery q01 = QuerySet.select(List.of("q01_after_dml")).getFirst();
        String failure = "Cannot write lakehouse's lineitem after DML: statement dml_merge failed on lakehouse: Query exceeded per-node memory limit";
        QueryReport report = QueryReport.notRun(q01, "SELECT 1", failure);
        assertThat(report.failure()).hasValue(failure);
        assertThat(report.ratio()).isEmpty();
        assertThat(report.candidate()).isEmpty();
        assertThat(ReportFormat.progressLine(report, CATALOGS)).isEqualTo("  q01_after_dml        FAILED: " + failure);

        RunReport run = TestingRunReports.run("run", BigDecimal.ONE, 1);
        RunReport withFailure = new RunReport(run.runId(), run.startedAt(), run.durationSeconds(), run.trinoVersion(), run.scaleFactor(), run.warmups(), run.repetitions(),
                run.loadRepetitions(), run.candidate(), run.baseline(), run.loadCatalog(), run.machine(), run.loads(),
                ImmutableList.<QueryReport>builder().addAll(run.queries()).add(report).build(), ImmutableList.of(failure));
        assertThat(ReportFormat.markdown(withFailure, Optional.empty()))
                .contains("| q01_after_dml | - | - | failed | - | - | - | - | - | - | - | 0 |");
    }

    @Test
    void testMarkdownShowsTheLastComparableRun()
    {
        RunReport previous = TestingRunReports.run("20251120-090000-lakehouse-vs-iceberg-sf1", BigDecimal.ONE, 2);
        String markdown = ReportFormat.markdown(TestingRunReports.run("20251121-210000-lakehouse-vs-iceberg-sf1", BigDecimal.ONE, 1), Optional.of(previous));
        assertThat(markdown)
                .contains("Geometric mean of the query ratios lakehouse / iceberg: **0.97** (last run `20251120-090000-lakehouse-vs-iceberg-sf1`: 1.93); "
                        + "of their CPU time ratios: 1.21 (last run: 2.41)\n")
                .contains("| query | lakehouse ms | iceberg ms | ratio | last run | CPU ratio | lakehouse splits |")
                .contains("| q01 | 1,200 | 1,000 | **1.20** | 2.40 | 1.50 | 12 |")
                .contains("| lineitem | 6,001,215 | 4 | 30.0 | 25.0 | **1.20** | 2.40 |");

        // another scale factor measures something else
        RunReport otherScale = TestingRunReports.run("20251120-090000-lakehouse-vs-iceberg-sf10", BigDecimal.TEN, 2);
        assertThat(ReportFormat.markdown(TestingRunReports.run("now", BigDecimal.ONE, 1), Optional.of(otherScale)))
                .contains("No earlier run compared the same connectors at the same scale factor.")
                .doesNotContain("last run");
    }

    @Test
    void testMarkdownOfFailedRunShowsTheDifference()
    {
        String markdown = ReportFormat.markdown(TestingRunReports.failedRun("run"), Optional.empty());
        assertThat(markdown)
                .contains("**Failed**: 1 failure (see Failures below).")
                .contains("| q06 | 500 | 1,000 | failed |")
                .contains("""
                        ## Failures

                        ```
                        Query q06 returned different rows: lakehouse 1 row, iceberg 1 row.
                          1 row only in lakehouse:
                            (12)
                          1 row only in iceberg:
                            (13)
                        ```
                        """);
    }

    @Test
    void testNoisyMachineIsSaidSo()
    {
        RunReport quiet = TestingRunReports.run("run", BigDecimal.ONE, 1);
        RunReport noisy = new RunReport(quiet.runId(), quiet.startedAt(), quiet.durationSeconds(), quiet.trinoVersion(), quiet.scaleFactor(), quiet.warmups(), quiet.repetitions(),
                quiet.loadRepetitions(), quiet.candidate(), quiet.baseline(), quiet.loadCatalog(), new Machine(2, 1L << 30, "Linux", "25", 1.0, 7.5),
                quiet.loads(), quiet.queries(), quiet.failures());
        assertThat(ReportFormat.markdown(noisy, Optional.empty()))
                .contains("load average 1.0 before and 7.5 after the run (more than the processors: the machine was shared, timings are noisy).");
    }

    @Test
    void testCsv()
    {
        RunReport run = TestingRunReports.failedRun("run");
        assertThat(ReportFormat.queriesCsv(run)).isEqualTo(
                "query,kind,candidate_catalog,baseline_catalog,candidate_median_ms,baseline_median_ms,ratio,candidate_median_cpu_ms,baseline_median_cpu_ms,cpu_ratio," +
                        "candidate_scan_splits,baseline_scan_splits,candidate_total_splits,baseline_total_splits," +
                        "candidate_physical_input_bytes,baseline_physical_input_bytes,candidate_median_planning_ms,baseline_median_planning_ms,rows,failure\r\n" +
                        "q01,query,lakehouse,iceberg,1200,1000,1.2000,2400,1600,1.5000,12,10,15,13,123456789,123456000,24,16,4,\r\n" +
                        "q06,query,lakehouse,iceberg,500,1000,,1000,1600,,12,10,15,13,123456789,123456000,10,16,4,\"Query q06 returned different rows: lakehouse 1 row, iceberg 1 row.\n" +
                        "  1 row only in lakehouse:\n    (12)\n  1 row only in iceberg:\n    (13)\"\r\n" +
                        "needle_hit,query,lakehouse,iceberg,1500,1000,1.5000,3000,1600,1.8750,12,10,15,13,123456789,123456000,30,16,4,\r\n");
        assertThat(ReportFormat.loadsCsv(run)).isEqualTo(
                "table,candidate_catalog,baseline_catalog,rows,data_files,data_bytes,bloom_index_bytes,candidate_median_ms,baseline_median_ms,ratio," +
                        "candidate_median_ms_without_bloom_index,failure\r\n" +
                        "lineitem,lakehouse,iceberg,6001215,4,180000000,,30000,25000,1.2000,,\r\n" +
                        "lineitem_daily,lakehouse,iceberg,6001215,2526,154600000,7730000,40000,50000,0.8000,36000,\r\n");
    }

    @Test
    void testProgressLine()
    {
        RunReport run = TestingRunReports.failedRun("run");
        assertThat(ReportFormat.progressLine(run.queries().get(0), CATALOGS))
                .isEqualTo("  q01                  lakehouse    1,200.0 ms  iceberg    1,000.0 ms  ratio  1.20");
        assertThat(ReportFormat.progressLine(run.queries().get(1), CATALOGS))
                .startsWith("  q06                  FAILED: Query q06 returned different rows");
    }
}
