package dev.lakehouse.benchmarks;

import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.CreateTableAsSelect;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

final class TestLineitemChanges
{
    private static final BenchmarkCatalog LAKEHOUSE = new BenchmarkCatalog("lakehouse", BenchmarkConnector.LAKEHOUSE);
    private static final BenchmarkCatalog ICEBERG = new BenchmarkCatalog("iceberg", BenchmarkConnector.ICEBERG);

    @Test
    void testEachCatalogHasSchemasOfItsOwn()
    {
        assertThat(List.of(LineitemChanges.dmlSchema(LAKEHOUSE), LineitemChanges.dmlSchema(ICEBERG), LineitemChanges.afterDmlSchema(LAKEHOUSE), LineitemChanges.afterDmlSchema(ICEBERG)))
                .containsExactly("dml_lakehouse", "dml_iceberg", "after_dml_lakehouse", "after_dml_iceberg");
    }

    @Test
    void testCopiesAreFormatVersion2Tables()
    {
        // run in the load catalog's session on the benchmark's schema
        assertThat(LineitemChanges.copyDefinition(ICEBERG, "dml_lakehouse"))
                .isEqualTo("CREATE TABLE dml_lakehouse.lineitem WITH (format_version = 2) AS SELECT * FROM lineitem");
        assertThat(LineitemChanges.copyDefinition(LAKEHOUSE, "after_dml_iceberg"))
                .isEqualTo("CREATE TABLE after_dml_iceberg.lineitem WITH (format_version = 2) AS SELECT * FROM lineitem");
        assertThat(new SqlParser().createStatement(LineitemChanges.copyDefinition(ICEBERG, "dml_iceberg"))).isInstanceOf(CreateTableAsSelect.class);
    }

    @Test
    void testChangeSetIsHalfUpdatesHalfNewOrders()
    {
        String definition = LineitemChanges.changeSetDefinition();
        assertThat(new SqlParser().createStatement(definition)).isInstanceOf(CreateTableAsSelect.class);
        assertThat(definition)
                .startsWith("CREATE TABLE lineitem_changes AS\n")
                // rows that neither the DELETE (0, 100) nor the UPDATE (1, 101) changes keep their keys, and match
                .contains("WHERE (l_orderkey + l_linenumber) % 200 = 2\nUNION ALL\n")
                // others get order keys past the largest, and are inserted
                .contains("SELECT l_orderkey + (SELECT max(l_orderkey) FROM lineitem), l_partkey,")
                .endsWith("WHERE (l_orderkey + l_linenumber) % 200 = 102");
        assertThat(QuerySet.select(List.of("dml_delete")).getFirst().sqlTemplate()).endsWith("WHERE (l_orderkey + l_linenumber) % 100 = 0");
        assertThat(QuerySet.select(List.of("dml_update")).getFirst().sqlTemplate()).endsWith("WHERE (l_orderkey + l_linenumber) % 100 = 1");
    }

    @Test
    void testNeededByTheDmlCasesOnly()
    {
        assertThat(LineitemChanges.isNeededBy(QuerySet.select(List.of("q01", "needle_hit")))).isFalse();
        assertThat(LineitemChanges.isNeededBy(QuerySet.select(List.of("q01", "dml_update")))).isTrue();
        assertThat(LineitemChanges.isNeededBy(QuerySet.select(List.of("q12_after_dml")))).isTrue();
    }
}
