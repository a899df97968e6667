package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableMap;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.Delete;
import io.trino.sql.tree.Merge;
import io.trino.sql.tree.MergeInsert;
import io.trino.sql.tree.MergeUpdate;
import io.trino.sql.tree.Query;
import io.trino.sql.tree.Update;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

final class TestQuerySet
{
    private static final Map<String, String> PARAMETERS = ImmutableMap.of(
            "benchmark_schema", "tpch_sf1",
            "q11_fraction", "0.0001",
            "customer_range_low", "75000",
            "customer_range_high", "76499",
            "needle", "'carefully final deposits'");

    @Test
    void testTheSetIsTheTpchQueriesTheLakehouseCasesAndTheDmlCases()
    {
        assertThat(QuerySet.all())
                .extracting(BenchmarkQuery::name)
                .containsExactly(
                        "q01", "q02", "q03", "q04", "q05", "q06", "q07", "q08", "q09", "q10", "q11",
                        "q12", "q13", "q14", "q15", "q16", "q17", "q18", "q19", "q20", "q21", "q22",
                        "partition_filter", "sorted_range", "dynamic_filter_join", "needle_hit", "needle_miss", "needle_in_list", "needle_join", "full_scan",
                        "dml_delete", "dml_update", "dml_merge", "q01_after_dml", "q06_after_dml", "q12_after_dml",
                        "many_files_needle_hit", "many_files_needle_miss");
        assertThat(QuerySet.all().stream().filter(query -> query.kind() != BenchmarkQuery.Kind.QUERY))
                .extracting(BenchmarkQuery::name, BenchmarkQuery::kind)
                .containsExactly(
                        tuple("dml_delete", BenchmarkQuery.Kind.DML),
                        tuple("dml_update", BenchmarkQuery.Kind.DML),
                        tuple("dml_merge", BenchmarkQuery.Kind.DML),
                        tuple("q01_after_dml", BenchmarkQuery.Kind.QUERY_AFTER_DML),
                        tuple("q06_after_dml", BenchmarkQuery.Kind.QUERY_AFTER_DML),
                        tuple("q12_after_dml", BenchmarkQuery.Kind.QUERY_AFTER_DML));
        assertThat(QuerySet.dmlStatements()).isEqualTo(QuerySet.select(List.of("dml_merge", "dml_update", "dml_delete")));
        assertThat(QuerySet.all().stream().filter(QuerySet::isOnRequest))
                .extracting(BenchmarkQuery::name)
                .containsExactly("many_files_needle_hit", "many_files_needle_miss");
    }

    @Test
    void testEveryQueryIsOneValidSelectAndSaysWhatItExercises()
    {
        SqlParser parser = new SqlParser();
        for (BenchmarkQuery query : QuerySet.all()) {
            String sql = query.sql(PARAMETERS);
            assertThat(sql).as(query.name()).doesNotContain("${");
            if (query.kind() != BenchmarkQuery.Kind.DML) {
                assertThat(parser.createStatement(sql)).as(query.name()).isInstanceOf(Query.class);
            }
            assertThat(query.description()).as(query.name()).isNotBlank().doesNotStartWith("--");
        }
        assertThat(QuerySet.all().getFirst().description()).isEqualTo("TPC-H Q1, pricing summary report");
    }

    @Test
    void testDmlStatementsChangeLineitemAndMergeTheChangeSet()
    {
        SqlParser parser = new SqlParser();
        List<BenchmarkQuery> statements = QuerySet.dmlStatements();
        assertThat(parser.createStatement(statements.get(0).sql(PARAMETERS))).isInstanceOfSatisfying(Delete.class,
                delete -> assertThat(delete.getTable().getName()).hasToString("lineitem"));
        assertThat(parser.createStatement(statements.get(1).sql(PARAMETERS))).isInstanceOfSatisfying(Update.class,
                update -> assertThat(update.getTable().getName()).hasToString("lineitem"));
        assertThat(parser.createStatement(statements.get(2).sql(PARAMETERS))).isInstanceOfSatisfying(Merge.class,
                merge -> assertThat(merge.getMergeCases()).extracting(Object::getClass).containsExactly(MergeUpdate.class, MergeInsert.class));
        assertThat(statements.get(2).sql(PARAMETERS)).contains("USING tpch_sf1.lineitem_changes AS changes");
        assertThat(statements.get(0).description())
                .isEqualTo("DELETE of 1% of lineitem's rows by a predicate on no partition column, matching rows in every data file: deletes within every file (on a fresh copy of lineitem each run)");
    }

    @Test
    void testQueriesAfterDmlAreTheirTpchQueries()
    {
        // the same text, which names lineitem: each catalog runs it where lineitem is its table after DML; orders is the loaded one
        for (String tpchQuery : List.of("q01", "q06", "q12")) {
            String original = QuerySet.select(List.of(tpchQuery)).getFirst().sql(PARAMETERS);
            String afterDml = QuerySet.select(List.of(tpchQuery + "_after_dml")).getFirst().sql(PARAMETERS);
            assertThat(withoutComments(afterDml)).isEqualTo(withoutComments(original).replace("FROM orders, lineitem", "FROM tpch_sf1.orders, lineitem"));
        }
        assertThat(QuerySet.select(List.of("q12_after_dml")).getFirst().sql(PARAMETERS)).contains("FROM tpch_sf1.orders, lineitem\n");
    }

    @Test
    void testQueriesNameTablesWithoutCatalogOrSchema()
    {
        // each catalog runs the same text with its own session catalog
        for (BenchmarkQuery query : QuerySet.all()) {
            assertThat(query.sqlTemplate()).as(query.name()).doesNotContainIgnoringCase("tpch.").doesNotContainIgnoringCase("iceberg.").doesNotContainIgnoringCase("lakehouse.");
        }
    }

    @Test
    void testParametersAreFilledIn()
    {
        BenchmarkQuery needle = QuerySet.select(List.of("needle_hit")).getFirst();
        assertThat(needle.sql(PARAMETERS)).endsWith("WHERE l_comment = 'carefully final deposits'");
        BenchmarkQuery q11 = QuerySet.select(List.of("q11")).getFirst();
        assertThat(q11.sql(ImmutableMap.of("q11_fraction", "0.001"))).contains("sum(ps_supplycost * ps_availqty) * 0.001");
        // a replacement holding $ or \ is taken literally
        assertThat(needle.sql(ImmutableMap.of("needle", "'a$1\\b'"))).endsWith("WHERE l_comment = 'a$1\\b'");
    }

    @Test
    void testMissingParameterIsNamed()
    {
        BenchmarkQuery sortedRange = QuerySet.select(List.of("sorted_range")).getFirst();
        assertThatThrownBy(() -> sortedRange.sql(ImmutableMap.of("customer_range_low", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Query sorted_range needs the parameter 'customer_range_high', which is not set (parameters: [customer_range_low])");
    }

    @Test
    void testSelectKeepsTheSetOrder()
    {
        assertThat(QuerySet.select(List.of("full_scan", "q06", "q01")))
                .extracting(BenchmarkQuery::name)
                .containsExactly("q01", "q06", "full_scan");
        // the queries over the table of 100,000 files run only when named
        assertThat(QuerySet.select(List.of())).hasSize(36).isEqualTo(QuerySet.defaults());
        assertThat(QuerySet.select(List.of("many_files_needle_miss", "q01")))
                .extracting(BenchmarkQuery::name)
                .containsExactly("q01", "many_files_needle_miss");
    }

    @Test
    void testSelectNamesUnknownQueries()
    {
        assertThatThrownBy(() -> QuerySet.select(List.of("q01", "q23", "needle")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown queries [q23, needle]; the queries are: q01, q02, ")
                .hasMessageEndingWith("needle_hit, needle_miss, needle_in_list, needle_join, full_scan, " +
                        "dml_delete, dml_update, dml_merge, q01_after_dml, q06_after_dml, q12_after_dml, many_files_needle_hit, many_files_needle_miss");
    }

    private static String withoutComments(String sql)
    {
        return sql.lines().filter(line -> !line.startsWith("--")).collect(joining("\n"));
    }
}
