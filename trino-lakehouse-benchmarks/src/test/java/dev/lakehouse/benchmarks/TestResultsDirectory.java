package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestResultsDirectory
{
    private Path root;

    @BeforeEach
    void createRoot()
            throws IOException
    {
        root = Files.createTempDirectory("lakehouse-benchmark-results-");
    }

    @AfterEach
    void deleteRoot()
            throws IOException
    {
        MoreFiles.deleteRecursively(root, RecursiveDeleteOption.ALLOW_INSECURE);
    }

    @Test
    void testWritesEveryFileIntoTheRunsFolder()
            throws IOException
    {
        ResultsDirectory results = new ResultsDirectory(root.resolve("benchmarks"));
        RunReport run = TestingRunReports.run("20251121-210000-lakehouse-vs-iceberg-sf1", BigDecimal.ONE, 1);
        Path folder = results.write(run, Optional.empty());

        assertThat(folder).isEqualTo(root.resolve("benchmarks/20251121-210000-lakehouse-vs-iceberg-sf1"));
        try (var files = Files.list(folder)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("report.md", "results.json", "queries.csv", "loads.csv", "query-ratios.png", "load-ratios.png");
        }
        assertThat(Files.readString(folder.resolve("report.md"), UTF_8)).isEqualTo(ReportFormat.markdown(run, Optional.empty()));
        assertThat(Files.readString(folder.resolve("queries.csv"), UTF_8)).isEqualTo(ReportFormat.queriesCsv(run));

        // the next run reads it back as it was
        assertThat(ResultsDirectory.read(folder.resolve("results.json"))).isEqualTo(run);
        String json = Files.readString(folder.resolve("results.json"), UTF_8);
        assertThat(json).contains("\"geometricMeanRatio\" : 0.96548938460562", "\"medianMillis\" : 1200.0", "\"ratio\" : 1.2");

        // a run is never written over
        assertThatThrownBy(() -> results.write(run, Optional.empty()))
                .hasMessage("Cannot write the results into " + folder);
    }

    @Test
    void testFailedQueryIsWrittenAndReadBack()
            throws IOException
    {
        ResultsDirectory results = new ResultsDirectory(root);
        RunReport run = TestingRunReports.failedRun("20251121-210000-lakehouse-vs-iceberg-sf1");
        Path folder = results.write(run, Optional.empty());
        RunReport read = ResultsDirectory.read(folder.resolve("results.json"));
        assertThat(read).isEqualTo(run);
        assertThat(read.queries().get(1).failure()).hasValueSatisfying(failure -> assertThat(failure).startsWith("Query q06 returned different rows"));
        assertThat(read.passed()).isFalse();
    }

    @Test
    void testPlansAreWrittenOneFilePerQueryAndCatalog()
            throws IOException
    {
        RunReport run = TestingRunReports.run("20251121-210000-lakehouse-vs-iceberg-sf1", BigDecimal.ONE, 1);
        QueryReport q01 = run.queries().getFirst();
        QueryReport withPlans = new QueryReport(q01.name(), q01.kind(), q01.description(), q01.sql(), q01.rows(), q01.candidate(), q01.baseline(), q01.failure(),
                ImmutableMap.of("lakehouse", "Fragment 1 [SOURCE]\n    ScanFilterProject[table = lakehouse:tpch_sf1.lineitem]\n", "iceberg", "Fragment 1 [SOURCE]\n"));
        RunReport runWithPlans = new RunReport(run.runId(), run.startedAt(), run.durationSeconds(), run.trinoVersion(), run.scaleFactor(), run.warmups(), run.repetitions(),
                run.loadRepetitions(), run.candidate(), run.baseline(), run.loadCatalog(), run.machine(), run.loads(),
                ImmutableList.of(withPlans, run.queries().get(1)), run.failures());

        Path folder = new ResultsDirectory(root).write(runWithPlans, Optional.empty());
        try (var files = Files.list(folder.resolve("explain-analyze"))) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("q01-lakehouse.txt", "q01-iceberg.txt");
        }
        assertThat(Files.readString(folder.resolve("explain-analyze/q01-lakehouse.txt"), UTF_8))
                .isEqualTo("Fragment 1 [SOURCE]\n    ScanFilterProject[table = lakehouse:tpch_sf1.lineitem]\n");
        assertThat(ResultsDirectory.read(folder.resolve("results.json"))).isEqualTo(runWithPlans);
    }

    @Test
    void testReadsResultsWithoutTheFieldsAddedSince()
            throws IOException
    {
        ResultsDirectory results = new ResultsDirectory(root);
        RunReport run = TestingRunReports.run("20251121-210000-lakehouse-vs-iceberg-sf1", BigDecimal.ONE, 1);
        Path file = results.write(run, Optional.empty()).resolve("results.json");
        // the results of a run made before query plans could be saved, and before there were DML statements
        String json = Files.readString(file, UTF_8);
        assertThat(json).contains("\"explainAnalyze\" : { }", "\"kind\" : \"QUERY\"");
        Files.writeString(file, json.replaceAll(",\\s*\"explainAnalyze\" : \\{ }", "").replaceAll("\\s*\"kind\" : \"QUERY\",", ""), UTF_8);
        assertThat(Files.readString(file, UTF_8)).doesNotContain("explainAnalyze").doesNotContain("\"kind\"");

        assertThat(ResultsDirectory.read(file)).isEqualTo(run);
    }

    @Test
    void testReadsLoadsWithoutTheirBloomIndexAndPlanningFigures()
            throws IOException
    {
        ResultsDirectory results = new ResultsDirectory(root);
        RunReport run = TestingRunReports.run("20251121-210000-lakehouse-vs-iceberg-sf1", BigDecimal.ONE, 1);
        Path file = results.write(run, Optional.empty()).resolve("results.json");
        // the results of a run made before the index size, the CREATE TABLE AS without index and the planning time were measured
        String json = Files.readString(file, UTF_8)
                .replaceAll(",\\s*\"bloomIndex\" : \\{[^}]*}", "")
                .replaceAll(",\\s*\"candidateMillisWithoutBloomIndex\" : \\[[^]]*]", "")
                .replaceAll(",\\s*\"planningMillis\" : [0-9.]+", "");
        assertThat(json).doesNotContain("\"bloomIndex\"").doesNotContain("candidateMillisWithoutBloomIndex\"").doesNotContain("\"planningMillis\"");
        Files.writeString(file, json, UTF_8);

        RunReport read = ResultsDirectory.read(file);
        assertThat(read.loads().get(1).bloomIndex()).isEmpty();
        assertThat(read.loads().get(1).candidateMillisWithoutBloomIndex()).isEmpty();
        assertThat(read.loads().get(1).bloomIndexOverhead()).isEmpty();
        assertThat(read.queries().getFirst().candidate().orElseThrow().medianPlanningMillis()).isZero();
        assertThat(read.queries().getFirst().candidate().orElseThrow().medianMillis()).isEqualTo(run.queries().getFirst().candidate().orElseThrow().medianMillis());
    }

    @Test
    void testLastComparableRun()
            throws IOException
    {
        ResultsDirectory results = new ResultsDirectory(root);
        RunReport current = TestingRunReports.run("20251121-210000-lakehouse-vs-iceberg-sf1", BigDecimal.ONE, 1);
        assertThat(results.lastComparableRun(current)).isEmpty();

        results.write(TestingRunReports.run("20251119-080000-lakehouse-vs-iceberg-sf1", BigDecimal.ONE, 3), Optional.empty());
        results.write(TestingRunReports.run("20251120-090000-lakehouse-vs-iceberg-sf1", BigDecimal.ONE, 2), Optional.empty());
        // newer, but another scale factor
        results.write(TestingRunReports.run("20251121-080000-lakehouse-vs-iceberg-sf10", BigDecimal.TEN, 4), Optional.empty());
        // newer, but unreadable
        Files.createDirectories(root.resolve("20251121-090000-lakehouse-vs-iceberg-sf1"));
        Files.writeString(root.resolve("20251121-090000-lakehouse-vs-iceberg-sf1/results.json"), "{ not json", UTF_8);
        // a folder without results (a run that crashed), and a file
        Files.createDirectories(root.resolve("20251121-093000-lakehouse-vs-iceberg-sf1"));
        Files.writeString(root.resolve("notes.txt"), "hello", UTF_8);

        assertThat(results.lastComparableRun(current))
                .map(RunReport::runId)
                .hasValue("20251120-090000-lakehouse-vs-iceberg-sf1");
    }

    @Test
    void testRatioChartIsAReadablePng()
            throws IOException
    {
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (int query = 1; query <= 22; query++) {
            ratios.put("q%02d".formatted(query), 0.8 + query * 0.02);
        }
        ratios.put("needle_miss", 2.5);
        Path file = root.resolve("chart.png");
        RatioChart.write(file, "Median wall time lakehouse / iceberg per query, TPC-H scale factor 1: geometric mean 1.05", "lakehouse / iceberg median wall time", ratios);

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as("PNG readable by ImageIO").isNotNull();
        assertThat(image.getWidth()).isEqualTo(120 + 40 * 23);
        assertThat(image.getHeight()).isEqualTo(600);
        // bars within the limit are blue, bars above it red
        assertThat(countPixels(image, 0x3b6ea8)).isGreaterThan(1000);
        assertThat(countPixels(image, 0xc0392b)).isGreaterThan(1000);
    }

    @Test
    void testRatioChartRejectsWhatIsNotARatio()
    {
        assertThatThrownBy(() -> RatioChart.write(root.resolve("chart.png"), "title", "ratio", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No ratios to draw");
        assertThatThrownBy(() -> RatioChart.write(root.resolve("chart.png"), "title", "ratio", Map.of("q01", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a ratio: NaN");
    }

    private static int countPixels(BufferedImage image, int rgb)
    {
        int count = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }
}
