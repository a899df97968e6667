package dev.lakehouse.benchmarks;

import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.CreateTableAsSelect;
import io.trino.sql.tree.Insert;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestManyFilesTable
{
    @Test
    void testOneCreateTableAsThenOneInsertPerTenThousandFiles()
    {
        List<String> statements = new ManyFilesTable(30_000).statements(new BenchmarkCatalog("lakehouse", BenchmarkConnector.LAKEHOUSE), "tpch_sf1");
        assertThat(statements).hasSize(3);
        SqlParser parser = new SqlParser();
        assertThat(parser.createStatement(statements.get(0))).isInstanceOf(CreateTableAsSelect.class);
        assertThat(statements.get(0))
                .startsWith("CREATE TABLE lakehouse.tpch_sf1.needle_files WITH (partitioning = ARRAY['file_number'], bloom_filter_columns = ARRAY['event_id']) AS SELECT ")
                .contains("sequence(BIGINT '0', BIGINT '9999')")
                .contains("sequence(BIGINT '0', BIGINT '9')");
        assertThat(parser.createStatement(statements.get(2))).isInstanceOf(Insert.class);
        assertThat(statements.get(2))
                .startsWith("INSERT INTO lakehouse.tpch_sf1.needle_files SELECT ")
                .contains("sequence(BIGINT '20000', BIGINT '29999')");
        assertThat(new ManyFilesTable(30_000).rows()).isEqualTo(300_000);

        assertThat(new ManyFilesTable(10_000).statements(new BenchmarkCatalog("iceberg", BenchmarkConnector.ICEBERG), "s"))
                .singleElement()
                .asString()
                .contains("parquet_bloom_filter_columns = ARRAY['event_id']");
    }

    @Test
    void testOnlyItsQueriesReadIt()
    {
        assertThat(QuerySet.all().stream().filter(ManyFilesTable::isReadBy))
                .extracting(BenchmarkQuery::name)
                .containsExactly("many_files_needle_hit", "many_files_needle_miss");
        assertThat(BenchmarkData.tablesReadBy(QuerySet.select(List.of("many_files_needle_hit")))).isEmpty();
    }

    @Test
    void testFilesAreWholeStatements()
    {
        assertThatThrownBy(() -> new ManyFilesTable(12_345))
                .hasMessage("The files of needle_files must be a positive multiple of 10000: 12345");
    }
}
