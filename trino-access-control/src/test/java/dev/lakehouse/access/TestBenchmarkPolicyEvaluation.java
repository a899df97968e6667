package dev.lakehouse.access;

import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.security.ViewExpression;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark measures equal work: on the same Trino rules, our plugin and Trino's give the same
 * answers, and our rules change them as intended.
 */
final class TestBenchmarkPolicyEvaluation
{
    @Test
    @SuppressWarnings("unchecked")
    void testSameAnswersAsTrino()
            throws IOException
    {
        BenchmarkPolicyEvaluation trino = benchmark("trino");
        BenchmarkPolicyEvaluation trinoRules = benchmark("trino-rules");
        BenchmarkPolicyEvaluation lakehouseRules = benchmark("lakehouse-rules");
        try {
            Set<SchemaTableName> visible = trino.filterTables();
            // g3 and g7 read five schemas each
            assertThat(visible).hasSize(10 * BenchmarkPolicyEvaluation.TABLES_PER_SCHEMA);
            assertThat(trinoRules.filterTables()).isEqualTo(visible);
            assertThat(comparable(trinoRules.checkColumns())).isEqualTo(comparable(trino.checkColumns()));

            // the finance role (of g7) reads the schemas tagged finance, s10 to s39, which include those of g3 and g7
            Set<SchemaTableName> lakehouseVisible = lakehouseRules.filterTables();
            assertThat(lakehouseVisible).containsAll(visible);
            assertThat(lakehouseVisible).hasSize(30 * BenchmarkPolicyEvaluation.TABLES_PER_SCHEMA);
            // masks: c9 by Trino's rule, ten emails and ten phones by ours, and, since alice's rows of
            // this table are filtered, a statistics-hiding mask on each of the 479 other columns
            Map<String, String> masks = (Map<String, String>) comparable(lakehouseRules.checkColumns()).get(0);
            assertThat(masks).hasSize(500);
            assertThat(masks.values().stream().filter(mask -> !mask.startsWith("IF("))).hasSize(1 + 10 + 10);
        }
        finally {
            trino.tearDown();
            trinoRules.tearDown();
            lakehouseRules.tearDown();
        }
    }

    /**
     * Masks by column name and expression (view expressions have no equality), and visible columns.
     */
    private static List<Object> comparable(Object checkColumns)
    {
        List<?> result = (List<?>) checkColumns;
        Map<String, String> masks = new TreeMap<>();
        ((Map<?, ?>) result.get(0)).forEach((column, mask) -> masks.put(((ColumnSchema) column).getName(), ((ViewExpression) mask).getExpression()));
        return List.of(masks, result.get(1));
    }

    private static BenchmarkPolicyEvaluation benchmark(String accessControl)
            throws IOException
    {
        BenchmarkPolicyEvaluation benchmark = new BenchmarkPolicyEvaluation();
        benchmark.accessControl = accessControl;
        benchmark.setUp();
        return benchmark;
    }
}
