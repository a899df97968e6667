package dev.lakehouse.benchmarks;

import dev.lakehouse.benchmarks.BenchmarkOptions.LoadThrough;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestBenchmarkCommand
{
    private static final Path REPOSITORY = Path.of("/repository");

    @Test
    void testDefaults()
    {
        BenchmarkOptions options = parse();
        assertThat(options.scaleFactor()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(options.warmups()).isEqualTo(1);
        assertThat(options.repetitions()).isEqualTo(4);
        assertThat(options.queries()).isEmpty();
        assertThat(options.catalogs()).isEqualTo(new CatalogPair(new BenchmarkCatalog("lakehouse", BenchmarkConnector.LAKEHOUSE), new BenchmarkCatalog("iceberg", BenchmarkConnector.ICEBERG)));
        assertThat(options.loadCatalog().name()).isEqualTo("iceberg");
        assertThat(options.compareCreateTableAs()).isTrue();
        assertThat(options.loadRepetitions()).isEqualTo(1);
        assertThat(options.explainAnalyze()).isFalse();
        assertThat(options.catalogProperties()).isEqualTo(Map.of("lakehouse", Map.of(), "iceberg", Map.of()));
        assertThat(options.resultsDirectory()).isEqualTo(Path.of("/repository/var/benchmarks"));
        assertThat(options.workDirectory()).isEqualTo(Path.of("/repository/trino-lakehouse-benchmarks/target/benchmark-work"));
        assertThat(options.heapSize()).isEqualTo("4G");
        assertThat(options.manyFiles()).isEqualTo(100_000);
    }

    @Test
    void testFlags()
    {
        BenchmarkOptions options = parse(
                "--scale-factor", "0.1",
                "--repetitions", "5",
                "--warmups", "0",
                "--queries", "q01,q06",
                "--queries", "needle_hit",
                "--candidate", "iceberg",
                "--baseline", "ICEBERG",
                "--load-through", "candidate",
                "--no-ctas",
                "--load-repetitions", "2",
                "--explain-analyze",
                "--candidate-property", "iceberg.split-size=32MB",
                "--baseline-property", "iceberg.dynamic-filtering.wait-timeout=2s",
                "--results-dir", "/results",
                "--work-dir", "/work",
                "--heap-size", "6G",
                "--many-files", "20000");
        assertThat(options.scaleFactor()).isEqualByComparingTo("0.1");
        assertThat(options.repetitions()).isEqualTo(5);
        assertThat(options.warmups()).isZero();
        assertThat(options.queries()).containsExactly("q01", "q06", "needle_hit");
        assertThat(options.catalogs().candidate()).isEqualTo(new BenchmarkCatalog("iceberg", BenchmarkConnector.ICEBERG));
        assertThat(options.catalogs().baseline()).isEqualTo(new BenchmarkCatalog("iceberg_baseline", BenchmarkConnector.ICEBERG));
        assertThat(options.loadThrough()).isEqualTo(LoadThrough.CANDIDATE);
        assertThat(options.loadCatalog().name()).isEqualTo("iceberg");
        assertThat(options.compareCreateTableAs()).isFalse();
        assertThat(options.loadRepetitions()).isEqualTo(2);
        assertThat(options.explainAnalyze()).isTrue();
        assertThat(options.catalogProperties()).isEqualTo(Map.of(
                "iceberg", Map.of("iceberg.split-size", "32MB"),
                "iceberg_baseline", Map.of("iceberg.dynamic-filtering.wait-timeout", "2s")));
        assertThat(options.resultsDirectory()).isEqualTo(Path.of("/results"));
        assertThat(options.workDirectory()).isEqualTo(Path.of("/work"));
        assertThat(options.heapSize()).isEqualTo("6G");
        assertThat(options.manyFiles()).isEqualTo(20_000);
    }

    @Test
    void testInvalidValuesAreNamed()
    {
        assertThatThrownBy(() -> parse("--scale-factor", "0"))
                .hasMessage("The scale factor must be positive, not 0");
        assertThatThrownBy(() -> parse("--repetitions", "0"))
                .hasMessage("The number of repetitions must be at least 1, not 0");
        assertThatThrownBy(() -> parse("--warmups", "-1"))
                .hasMessage("The number of warm-ups cannot be negative: -1");
        assertThatThrownBy(() -> parse("--candidate", "hive"))
                .hasMessage("Unknown connector 'hive': the benchmark compares lakehouse and iceberg");
        assertThatThrownBy(() -> parse("--load-through", "iceberg"))
                .hasMessage("--load-through is candidate or baseline, not 'iceberg'");
        assertThatThrownBy(() -> parse("--heap-size", "4 GB"))
                .hasMessage("Not a heap size (such as 4G or 6144M): 4 GB");
        assertThatThrownBy(() -> parse("--candidate-property", "connector.name=hive"))
                .hasMessage("connector.name cannot be changed: choose the connectors with --candidate and --baseline");
        assertThatThrownBy(() -> parse("--many-files", "15000"))
                .hasMessage("--many-files must be a positive multiple of 10000 (the files one statement writes), not 15000");
    }

    @Test
    void testInvalidFlagsExitWithStatus2AndSayWhy()
    {
        assertThat(execute("--queries", "q23")).isEqualTo(new Outcome(2, "", "error: Unknown queries [q23]; the queries are: q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, " +
                "q12, q13, q14, q15, q16, q17, q18, q19, q20, q21, q22, partition_filter, sorted_range, dynamic_filter_join, needle_hit, needle_miss, needle_in_list, needle_join, full_scan, " +
                "dml_delete, dml_update, dml_merge, q01_after_dml, q06_after_dml, q12_after_dml, many_files_needle_hit, many_files_needle_miss\n"));
        assertThat(execute("--repetitions", "none"))
                .satisfies(outcome -> assertThat(outcome.exitCode()).isEqualTo(2))
                .satisfies(outcome -> assertThat(outcome.error()).startsWith("Invalid value for option '--repetitions': 'none' is not an int"));
        assertThat(execute("--no-such-flag"))
                .satisfies(outcome -> assertThat(outcome.exitCode()).isEqualTo(2))
                .satisfies(outcome -> assertThat(outcome.error()).startsWith("Unknown option: '--no-such-flag'"));
    }

    @Test
    void testListQueries()
    {
        Outcome outcome = execute("--list-queries");
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.output().lines().toList())
                .hasSize(38)
                .startsWith("q01                    TPC-H Q1, pricing summary report")
                .contains("dml_update             UPDATE of three columns of 1% of lineitem's rows (not the DELETE's) by a predicate on no partition column: " +
                        "deletes within every file and new files of the new rows (on a fresh copy of lineitem each run)")
                .contains("needle_miss            needle lookup on a high-cardinality column, for a value between the smallest and largest comments that no row has")
                .contains("many_files_needle_miss (only when named) needle lookup over a table of 100,000 small data files for a value no row has");
    }

    @Test
    void testCatalogPairAlternates()
    {
        CatalogPair catalogs = CatalogPair.of(BenchmarkConnector.LAKEHOUSE, BenchmarkConnector.ICEBERG);
        assertThat(catalogs.inRound(0)).containsExactly(catalogs.candidate(), catalogs.baseline());
        assertThat(catalogs.inRound(1)).containsExactly(catalogs.baseline(), catalogs.candidate());
        assertThat(catalogs.inRound(2)).containsExactly(catalogs.candidate(), catalogs.baseline());
        assertThat(List.of(CatalogPair.of(BenchmarkConnector.LAKEHOUSE, BenchmarkConnector.LAKEHOUSE).baseline().name())).containsExactly("lakehouse_baseline");
    }

    @Test
    void testTableDefinitions()
    {
        assertThat(BenchmarkData.tpchSchema(new BigDecimal("1.0"))).isEqualTo("sf1");
        assertThat(BenchmarkData.tpchSchema(new BigDecimal("0.01"))).isEqualTo("sf0.01");
        assertThat(BenchmarkData.tpchSchema(new BigDecimal("1E+1"))).isEqualTo("sf10");
        assertThat(BenchmarkData.benchmarkSchema(new BigDecimal("0.1"))).isEqualTo("tpch_sf0_1");
        assertThat(BenchmarkData.TABLES.get(8).createTableAs(new BenchmarkCatalog("iceberg", BenchmarkConnector.ICEBERG), "tpch_sf1", "sf1"))
                .isEqualTo("CREATE TABLE iceberg.tpch_sf1.lineitem_daily WITH (partitioning = ARRAY['l_shipdate'], parquet_bloom_filter_columns = ARRAY['l_orderkey', 'l_comment']) AS SELECT l_orderkey, l_partkey, l_suppkey, l_linenumber, l_quantity, l_extendedprice, l_discount, l_tax, l_returnflag, l_linestatus, " +
                        "l_shipdate, l_commitdate, l_receiptdate, l_shipinstruct, l_shipmode, CAST(l_comment AS varchar) AS l_comment FROM tpch.\"sf1\".lineitem");
        assertThat(BenchmarkData.TABLES.get(8).createTableAs(new BenchmarkCatalog("lakehouse", BenchmarkConnector.LAKEHOUSE), "tpch_sf1", "sf1"))
                .isEqualTo("CREATE TABLE lakehouse.tpch_sf1.lineitem_daily WITH (partitioning = ARRAY['l_shipdate'], bloom_filter_columns = ARRAY['l_orderkey', 'l_comment'], bloom_filter_fpp = 0.001) AS SELECT l_orderkey, l_partkey, l_suppkey, l_linenumber, l_quantity, l_extendedprice, l_discount, l_tax, l_returnflag, l_linestatus, " +
                        "l_shipdate, l_commitdate, l_receiptdate, l_shipinstruct, l_shipmode, CAST(l_comment AS varchar) AS l_comment FROM tpch.\"sf1\".lineitem");
        assertThat(BenchmarkData.TABLES.get(0).createTableAs(new BenchmarkCatalog("lakehouse", BenchmarkConnector.LAKEHOUSE), "ctas_lakehouse", "sf0.1"))
                .isEqualTo("CREATE TABLE lakehouse.ctas_lakehouse.region AS SELECT * FROM tpch.\"sf0.1\".region");
    }

    @Test
    void testOnlyTheTablesTheQueriesReadAreLoaded()
    {
        assertThat(tableNames(BenchmarkData.tablesReadBy(QuerySet.select(List.of("needle_hit", "needle_miss")))))
                .containsExactly("lineitem_daily");
        // orders is not lineitem_daily's prefix match, nor orders_sorted's
        assertThat(tableNames(BenchmarkData.tablesReadBy(QuerySet.select(List.of("needle_join", "sorted_range")))))
                .containsExactly("orders", "lineitem_daily", "orders_sorted");
        assertThat(tableNames(BenchmarkData.tablesReadBy(QuerySet.select(List.of("q03")))))
                .containsExactly("customer", "orders", "lineitem");
        // the DML statements change copies of lineitem, and merge a change set made from it; q12 after DML reads the loaded orders
        assertThat(tableNames(BenchmarkData.tablesReadBy(QuerySet.select(List.of("dml_merge", "q01_after_dml")))))
                .containsExactly("lineitem");
        assertThat(tableNames(BenchmarkData.tablesReadBy(QuerySet.select(List.of("q12_after_dml")))))
                .containsExactly("orders", "lineitem");
        assertThat(BenchmarkData.tablesReadBy(QuerySet.all())).isEqualTo(BenchmarkData.TABLES);
    }

    @Test
    void testTableWithoutBloomFilterColumns()
    {
        BenchmarkData.Table daily = BenchmarkData.TABLES.get(8);
        assertThat(daily.withoutBloomFilterColumns().createTableAs(new BenchmarkCatalog("lakehouse", BenchmarkConnector.LAKEHOUSE), "ctas_lakehouse", "sf1"))
                .startsWith("CREATE TABLE lakehouse.ctas_lakehouse.lineitem_daily WITH (partitioning = ARRAY['l_shipdate']) AS SELECT l_orderkey, l_partkey,");
        assertThat(daily.withoutBloomFilterColumns().bloomFilterColumns()).isEmpty();
    }

    private static List<String> tableNames(List<BenchmarkData.Table> tables)
    {
        return tables.stream().map(BenchmarkData.Table::name).toList();
    }

    private static BenchmarkOptions parse(String... arguments)
    {
        BenchmarkCommand command = new BenchmarkCommand(System.out, System.err);
        new CommandLine(command).parseArgs(arguments);
        return command.options(REPOSITORY);
    }

    private static Outcome execute(String... arguments)
    {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ByteArrayOutputStream error = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, UTF_8);
        PrintStream err = new PrintStream(error, true, UTF_8);
        CommandLine commandLine = new CommandLine(new BenchmarkCommand(out, err));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(arguments);
        return new Outcome(exitCode, output.toString(UTF_8), error.toString(UTF_8));
    }

    private record Outcome(int exitCode, String output, String error) {}
}
