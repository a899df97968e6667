package dev.lakehouse.connector;

import dev.lakehouse.connector.catalog.JdbcCatalogConfig;
import dev.lakehouse.connector.catalog.JdbcIcebergCatalogFactory;
import dev.lakehouse.connector.catalog.LakehouseCatalog;
import io.trino.Session;
import io.trino.filesystem.local.LocalFileSystemFactory;
import io.trino.spi.connector.SchemaTableName;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import io.trino.testing.QueryRunner.MaterializedResultWithPlan;
import org.apache.avro.generic.GenericData;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.avro.AvroSchemaUtil;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.parquet.ParquetAvroWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static dev.lakehouse.connector.LakehouseMetrics.ROWS_SKIPPED_BY_COLUMN_INDEX;
import static dev.lakehouse.connector.LakehouseMetrics.ROW_GROUPS;
import static dev.lakehouse.connector.LakehouseMetrics.ROW_GROUPS_SKIPPED_BY_COLUMN_INDEX;
import static dev.lakehouse.connector.LakehouseMetrics.ROW_GROUPS_SKIPPED_BY_STATISTICS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages skipped by the Parquet column and offset indexes of a data file written as other engines write
 * them (Iceberg's parquet-mr writer, small pages, rows sorted by id): a lookup reads the pages that may hold
 * the value, and returns the rows a read without the indexes returns.
 */
final class TestColumnIndexSkipping
        extends AbstractTestQueryFramework
{
    private static final int ROWS = 20_000;

    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-column-index");
        return LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
                .build();
    }

    @BeforeAll
    void writeForeignFile()
            throws IOException
    {
        assertUpdate("CREATE TABLE foreign_pages (id bigint, name varchar, score double)");
        LakehouseConfig config = new LakehouseConfig().setWarehouse(warehouse.toString());
        LakehouseCatalog catalog = new LakehouseCatalog(new JdbcIcebergCatalogFactory(new LocalFileSystemFactory(Path.of("/")), config, new JdbcCatalogConfig()), config);
        Table table = catalog.loadExistingTable(new SchemaTableName("tpch", "foreign_pages"));

        OutputFile output = table.io().newOutputFile(table.location() + "/data/written-by-parquet-mr.parquet");
        org.apache.avro.Schema avroSchema = AvroSchemaUtil.convert(table.schema(), "foreign_pages");
        FileAppender<GenericData.Record> appender = Parquet.write(output)
                .forTable(table)
                .createWriterFunc(ParquetAvroWriter::buildWriter)
                .set(TableProperties.PARQUET_COMPRESSION, "uncompressed")
                .set(TableProperties.PARQUET_PAGE_ROW_LIMIT, "500")
                .build();
        try (appender) {
            for (long row = 0; row < ROWS; row++) {
                long id = id(row);
                GenericData.Record record = new GenericData.Record(avroSchema);
                record.put("id", id);
                record.put("name", "name-" + id);
                record.put("score", id % 7 == 0 ? -0.0 : id / 10.0);
                appender.add(record);
            }
        }
        DataFile dataFile = DataFiles.builder(table.spec())
                .withPath(output.location())
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(appender.length())
                .withMetrics(appender.metrics())
                .build();
        table.newAppend().appendFile(dataFile).commit();
    }

    /**
     * The ids: 0 to 9,999, then 20,000 to 29,999, a gap that the row group's bounds do not show and its pages' do.
     */
    private static long id(long row)
    {
        return row < ROWS / 2 ? row : row + ROWS / 2;
    }

    private static final String IDS = "SELECT x id FROM UNNEST(sequence(0, %s)) t(x) UNION ALL SELECT x id FROM UNNEST(sequence(%s, %s)) t(x)".formatted(ROWS / 2 - 1, ROWS, ROWS + ROWS / 2 - 1);

    @AfterAll
    void deleteWarehouse()
            throws IOException
    {
        deleteRecursively(warehouse, ALLOW_INSECURE);
    }

    @Test
    void testLookupReadsOnlyThePagesThatMayHoldTheValue()
    {
        Map<String, Long> metrics = scanMetrics(getSession(), "SELECT name FROM foreign_pages WHERE id = 22345", "VALUES 'name-22345'");
        assertThat(metrics.get(ROW_GROUPS)).isEqualTo(1);
        // one page of 500 rows is read of the 40 pages
        assertThat(metrics.get(ROWS_SKIPPED_BY_COLUMN_INDEX)).isEqualTo(ROWS - 500);

        Map<String, Long> range = scanMetrics(getSession(), "SELECT count(*) FROM foreign_pages WHERE id BETWEEN 1000 AND 2999", "VALUES BIGINT '2000'");
        assertThat(range.get(ROWS_SKIPPED_BY_COLUMN_INDEX)).isEqualTo(ROWS - 2000);

        // the row group's bounds keep it, its pages' bounds rule out every page
        Map<String, Long> gap = scanMetrics(getSession(), "SELECT name FROM foreign_pages WHERE id = 15000", "SELECT 'x' WHERE false");
        assertThat(gap.get(ROW_GROUPS_SKIPPED_BY_COLUMN_INDEX)).isEqualTo(1);
        assertThat(gap.get(ROW_GROUPS_SKIPPED_BY_STATISTICS)).isZero();

        // predicates the column index cannot decide read every row
        assertThat(scanMetrics(getSession(), "SELECT count(*), sum(id) FROM foreign_pages WHERE id % 1000 = 7", "SELECT count(*), sum(id) FROM (" + IDS + ") WHERE id % 1000 = 7")
                .get(ROWS_SKIPPED_BY_COLUMN_INDEX)).isZero();
    }

    @Test
    void testFloatingPointPredicatesDoNotUseColumnIndexes()
    {
        // zeros of either sign: the pages' bounds are not trusted for them
        Map<String, Long> metrics = scanMetrics(getSession(), "SELECT count(*) FROM foreign_pages WHERE score = 0.0E0", "SELECT count(*) FROM (" + IDS + ") WHERE id % 7 = 0");
        assertThat(metrics.get(ROWS_SKIPPED_BY_COLUMN_INDEX)).isZero();
    }

    private Map<String, Long> scanMetrics(Session session, String query, String expected)
    {
        MaterializedResultWithPlan result = getDistributedQueryRunner().executeWithPlan(session, query);
        MaterializedResult expectedRows = getQueryRunner().execute(session, expected);
        assertThat(result.result().getMaterializedRows()).containsExactlyInAnyOrderElementsOf(expectedRows.getMaterializedRows());
        Map<String, Long> metrics = new HashMap<>(TestingScanMetrics.of(getDistributedQueryRunner(), result.queryId()));
        for (String name : new String[] {ROW_GROUPS, ROW_GROUPS_SKIPPED_BY_STATISTICS, ROW_GROUPS_SKIPPED_BY_COLUMN_INDEX, ROWS_SKIPPED_BY_COLUMN_INDEX}) {
            metrics.putIfAbsent(name, 0L);
        }
        return metrics;
    }
}
