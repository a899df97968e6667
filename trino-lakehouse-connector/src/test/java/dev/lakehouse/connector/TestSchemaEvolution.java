package dev.lakehouse.connector;

import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import io.trino.testing.QueryRunner.MaterializedResultWithPlan;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.lakehouse.connector.LakehouseMetrics.FILES_SCANNED;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_SKIPPED_BY_BLOOM_INDEX;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_SKIPPED_BY_PARTITION;
import static io.trino.testing.TestingNames.randomNameSuffix;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schema and partition evolution: each change is a metadata commit, and the files written before it are read
 * by field id, pruned by their statistics, bloom index and partitions, with the same rows as before.
 */
final class TestSchemaEvolution
        extends AbstractTestQueryFramework
{
    private static final int FILES = 5;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return LakehouseQueryRunner.builder().build();
    }

    @Test
    void testAddedColumnsAreNullInOlderRowsAndTakeTheirPosition()
    {
        String table = "added_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint, name varchar)");
        assertUpdate("INSERT INTO " + table + " VALUES (1, 'one')", 1);
        assertUpdate("ALTER TABLE " + table + " ADD COLUMN score double COMMENT 'points'");
        assertUpdate("ALTER TABLE " + table + " ADD COLUMN region varchar FIRST");
        assertUpdate("ALTER TABLE " + table + " ADD COLUMN tags row(a integer, b array(row(x integer))) AFTER id");
        assertUpdate("INSERT INTO " + table + " VALUES ('emea', 2, ROW(7, ARRAY[ROW(8)]), 'two', 2.5)", 1);
        assertThat(query("SELECT * FROM " + table))
                .matches("VALUES (CAST(NULL AS varchar), BIGINT '1', CAST(NULL AS row(a integer, b array(row(x integer)))), VARCHAR 'one', CAST(NULL AS double)), " +
                        "('emea', 2, CAST(ROW(7, ARRAY[ROW(8)]) AS row(a integer, b array(row(x integer)))), 'two', 2.5)");
        assertThat((String) computeScalar("SELECT comment FROM information_schema.columns WHERE table_name = '" + table + "' AND column_name = 'score'")).isEqualTo("points");

        // nested fields, in a row and in the rows of an array
        assertUpdate("ALTER TABLE " + table + " ADD COLUMN tags.c varchar");
        assertUpdate("ALTER TABLE " + table + " ADD COLUMN tags.b.element.y bigint");
        assertUpdate("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS tags.a varchar");
        assertQueryFails("ALTER TABLE " + table + " ADD COLUMN tags.a varchar", ".*Field 'a' already exists");
        assertQueryFails("ALTER TABLE " + table + " ADD COLUMN nonnull bigint NOT NULL", "This connector does not support adding not null columns");
        assertThat(query("SELECT tags FROM " + table + " WHERE id = 2"))
                .matches("SELECT CAST(ROW(7, ARRAY[ROW(8, NULL)], NULL) AS row(a integer, b array(row(x integer, y bigint)), c varchar))");
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testDroppedColumnAddedAgainIsANewColumn()
    {
        String table = "readded_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint, note varchar, nested row(keep integer, gone integer)) WITH (bloom_filter_columns = ARRAY['note'])");
        assertUpdate("INSERT INTO " + table + " VALUES (1, 'old', ROW(1, 2))", 1);
        assertUpdate("ALTER TABLE " + table + " DROP COLUMN note");
        assertUpdate("ALTER TABLE " + table + " DROP COLUMN nested.gone");
        // the dropped column's bloom filter declaration goes with it
        assertQuery("SELECT count(*) FROM \"" + table + "$properties\" WHERE key LIKE 'write.parquet.bloom-filter-%'", "VALUES 0");
        assertUpdate("ALTER TABLE " + table + " ADD COLUMN note varchar");
        assertUpdate("ALTER TABLE " + table + " ADD COLUMN nested.gone integer");
        assertUpdate("INSERT INTO " + table + " VALUES (2, ROW(3, 4), 'new')", 1);
        // the old file's values of the dropped column and field are not the new ones': they have new field ids
        assertThat(query("SELECT id, nested, note FROM " + table))
                .matches("VALUES (BIGINT '1', CAST(ROW(1, NULL) AS row(keep integer, gone integer)), CAST(NULL AS varchar)), (2, CAST(ROW(3, 4) AS row(keep integer, gone integer)), 'new')");
        assertThat(query("SELECT id FROM " + table + " WHERE note = 'old'")).returnsEmptyResult();
        // also when only the field is read (projection pushdown), and when it is filtered on (row group statistics)
        assertThat(query("SELECT id, nested.gone FROM " + table)).matches("VALUES (BIGINT '1', CAST(NULL AS integer)), (2, 4)");
        assertThat(query("SELECT id FROM " + table + " WHERE nested.gone = 2")).returnsEmptyResult();
        assertThat(query("SELECT id FROM " + table + " WHERE nested.gone IS NULL")).matches("VALUES BIGINT '1'");
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testDropRefusedForColumnsThePartitioningOrSortOrderNeeds()
    {
        String table = "drop_refused_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint, region varchar, day date, total double) WITH (partitioning = ARRAY['region'], sorted_by = ARRAY['total'])");
        assertUpdate("INSERT INTO " + table + " VALUES (1, 'emea', DATE '2026-01-01', 1.0)", 1);
        assertQueryFails("ALTER TABLE " + table + " DROP COLUMN region",
                "Cannot drop 'region' of table 'tpch.drop_refused_.*': the table is partitioned by it; change the table property 'partitioning' first");
        assertQueryFails("ALTER TABLE " + table + " DROP COLUMN total",
                "Cannot drop 'total' of table 'tpch.drop_refused_.*': the table is sorted by it; change the table property 'sorted_by' first");
        assertUpdate("ALTER TABLE " + table + " SET PROPERTIES partitioning = ARRAY['month(day)']");
        assertQueryFails("ALTER TABLE " + table + " DROP COLUMN region",
                "Cannot drop 'region' of table 'tpch.drop_refused_.*': files written with an earlier partitioning of the table are partitioned by it");
        assertQuery("SELECT id, region FROM " + table, "VALUES (1, 'emea')");
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testRenamedColumnKeepsItsValuesBloomIndexAndStatistics()
    {
        String table = "renamed_" + randomNameSuffix();
        createFilesWithOverlappingRanges(table, "integer");
        assertUpdate("ALTER TABLE " + table + " RENAME COLUMN k TO key");
        assertUpdate("ALTER TABLE " + table + " RENAME COLUMN payload.val TO nested");
        assertThat((String) computeScalar("SHOW CREATE TABLE " + table)).contains("bloom_filter_columns = ARRAY['key']");
        // the renamed nested field, whole and projected, and filtered on
        assertThat(query("SELECT payload FROM " + table + " WHERE key = 7")).matches("SELECT CAST(ROW(7) AS row(nested bigint))");
        assertThat(query("SELECT key FROM " + table + " WHERE payload.nested = 8")).matches("VALUES 8");
        assertQueryFails("ALTER TABLE " + table + " RENAME COLUMN v TO KEY", ".*Column 'key' already exists|Cannot rename 'v' of table .* to 'key': a column of that name exists");

        Map<String, Long> metrics = needle("SELECT v, payload.nested FROM " + table + " WHERE key = 503", "VALUES ('v3', BIGINT '503')");
        assertThat(metrics.get(FILES_SCANNED)).isEqualTo(1);
        assertThat(metrics.get(FILES_SKIPPED_BY_BLOOM_INDEX)).isEqualTo(FILES - 1);
        assertThat(query("SHOW STATS FOR (SELECT key FROM " + table + ")"))
                .result().rows().filteredOn(row -> "key".equals(row.getField(0)))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.getField(5)).isEqualTo("0");
                    assertThat(row.getField(6)).isEqualTo(String.valueOf(FILES * 200 - 1));
                });
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testWidenedIntegerIsFoundByTheBloomIndexOfOlderFiles()
    {
        String table = "widened_int_" + randomNameSuffix();
        createFilesWithOverlappingRanges(table, "integer");
        assertUpdate("ALTER TABLE " + table + " ALTER COLUMN k SET DATA TYPE bigint");
        assertThat(getColumnType(table, "k")).isEqualTo("bigint");
        assertUpdate("INSERT INTO " + table + " VALUES (BIGINT '5000000000', 'big', ROW(1))", 1);

        // the needle is in a file written when the column was an integer: its filter holds 4-byte hashes; the
        // value is looked up with the hashes of both types, which may let a false positive through
        Map<String, Long> metrics = needle("SELECT v FROM " + table + " WHERE k = 503", "VALUES 'v3'");
        assertThat(metrics.get(FILES_SKIPPED_BY_BLOOM_INDEX)).isBetween(FILES - 2L, FILES - 1L);
        needle("SELECT v FROM " + table + " WHERE k IN (504, 5000000000)", "VALUES 'v4', 'big'");
        assertQuery("SELECT min(k), max(k), count(*) FROM " + table, "VALUES (0, 5000000000, " + (FILES * 200 + 1) + ")");
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testWidenedRealIsFoundByTheBloomIndexOfOlderFiles()
    {
        String table = "widened_real_" + randomNameSuffix();
        createFilesWithOverlappingRanges(table, "real");
        assertUpdate("ALTER TABLE " + table + " ALTER COLUMN k SET DATA TYPE double");
        assertThat(getColumnType(table, "k")).isEqualTo("double");
        Map<String, Long> metrics = needle("SELECT v FROM " + table + " WHERE k = 503", "VALUES 'v3'");
        assertThat(metrics.get(FILES_SKIPPED_BY_BLOOM_INDEX)).isBetween(FILES - 2L, FILES - 1L);
        // a value no real can hold is in none of the older files
        needle("SELECT v FROM " + table + " WHERE k = 503.1", "SELECT 'x' WHERE false");
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testWiderDecimalKeepsValuesStatisticsAndBloomIndex()
    {
        String table = "widened_decimal_" + randomNameSuffix();
        createFilesWithOverlappingRanges(table, "decimal(9, 2)");
        assertUpdate("ALTER TABLE " + table + " ALTER COLUMN k SET DATA TYPE decimal(22, 2)");
        assertThat(getColumnType(table, "k")).isEqualTo("decimal(22,2)");
        assertUpdate("INSERT INTO " + table + " VALUES (DECIMAL '12345678901234567890.12', 'long', ROW(1))", 1);
        Map<String, Long> metrics = needle("SELECT v FROM " + table + " WHERE k = 503", "VALUES 'v3'");
        assertThat(metrics.get(FILES_SCANNED)).isEqualTo(1);
        needle("SELECT v FROM " + table + " WHERE k = DECIMAL '12345678901234567890.12'", "VALUES 'long'");
        assertQuery("SELECT sum(k) FROM " + table + " WHERE k < 1000", "SELECT CAST(" + (FILES * 200 - 1) * (FILES * 200) / 2 + " AS decimal(38, 2))");
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testWidenedPartitionColumnPrunesOlderPartitions()
    {
        String table = "widened_partition_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (part integer, v varchar) WITH (partitioning = ARRAY['part'])");
        for (int part = 0; part < 3; part++) {
            assertUpdate("INSERT INTO " + table + " VALUES (" + part + ", 'p" + part + "')", 1);
        }
        assertUpdate("ALTER TABLE " + table + " ALTER COLUMN part SET DATA TYPE bigint");
        assertUpdate("INSERT INTO " + table + " VALUES (BIGINT '3000000000', 'big')", 1);
        Map<String, Long> metrics = needle("SELECT v FROM " + table + " WHERE part = 1", "VALUES 'p1'");
        assertThat(metrics.get(FILES_SKIPPED_BY_PARTITION)).isEqualTo(3);
        assertQuery("SELECT part, v FROM " + table, "VALUES (0, 'p0'), (1, 'p1'), (2, 'p2'), (3000000000, 'big')");
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testTypeChangesIcebergDoesNotAllowAreRefusedNamingTheColumn()
    {
        String table = "narrowed_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (big bigint, name varchar, price decimal(10, 2), nested row(x integer), pairs map(varchar, integer))");
        assertQueryFails("ALTER TABLE " + table + " ALTER COLUMN big SET DATA TYPE integer",
                "Cannot change type of 'big' of table 'tpch.narrowed_.*' from bigint to integer: Iceberg changes types only where every old value stays the same .*");
        assertQueryFails("ALTER TABLE " + table + " ALTER COLUMN name SET DATA TYPE integer",
                "Cannot change type of 'name' of table 'tpch.narrowed_.*' from varchar to integer: .*");
        assertQueryFails("ALTER TABLE " + table + " ALTER COLUMN price SET DATA TYPE decimal(12, 3)",
                "Cannot change type of 'price' of table 'tpch.narrowed_.*' from decimal\\(10,2\\) to decimal\\(12,3\\): .*");
        assertQueryFails("ALTER TABLE " + table + " ALTER COLUMN big SET DATA TYPE smallint",
                "Cannot change type of 'big' of table 'tpch.narrowed_.*' to smallint: Iceberg tables cannot hold it \\(the nearest type they hold is integer\\)");
        assertQueryFails("ALTER TABLE " + table + " ALTER COLUMN nested SET DATA TYPE integer",
                "Cannot change type of 'nested' of table 'tpch.narrowed_.*' from row\\(x integer\\) to integer");
        // allowed inside nested types: a row's field, a map's value
        assertUpdate("ALTER TABLE " + table + " ALTER COLUMN nested.x SET DATA TYPE bigint");
        assertUpdate("ALTER TABLE " + table + " ALTER COLUMN pairs SET DATA TYPE map(varchar, bigint)");
        assertThat(getColumnType(table, "nested")).isEqualTo("row(x bigint)");
        assertThat(getColumnType(table, "pairs")).isEqualTo("map(varchar, bigint)");
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testRenamedTableKeepsItsDataAndIndex()
    {
        String table = "before_rename_" + randomNameSuffix();
        String renamed = "after_rename_" + randomNameSuffix();
        createFilesWithOverlappingRanges(table, "bigint");
        assertUpdate("CREATE SCHEMA IF NOT EXISTS renamed_tables");
        assertUpdate("CREATE TABLE " + renamed + " (x bigint)");
        assertQueryFails("ALTER TABLE " + table + " RENAME TO " + renamed, ".*Target table 'lakehouse.tpch." + renamed + "' already exists");
        assertUpdate("DROP TABLE " + renamed);
        assertUpdate("ALTER TABLE " + table + " RENAME TO renamed_tables." + renamed);
        assertThat(getQueryRunner().tableExists(getSession(), table)).isFalse();
        Map<String, Long> metrics = needle("SELECT v FROM renamed_tables." + renamed + " WHERE k = 503", "VALUES 'v3'");
        assertThat(metrics.get(FILES_SKIPPED_BY_BLOOM_INDEX)).isEqualTo(FILES - 1);
        assertUpdate("INSERT INTO renamed_tables." + renamed + " VALUES (7777, 'new', ROW(1))", 1);
        assertQuery("SELECT count(*) FROM renamed_tables." + renamed, "VALUES " + (FILES * 200 + 1));
        assertUpdate("DROP TABLE renamed_tables." + renamed);
    }

    @Test
    void testPartitionEvolutionPrunesFilesOfBothSpecs()
    {
        String table = "evolved_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint, region varchar, day date) WITH (partitioning = ARRAY['region'])");
        assertUpdate("INSERT INTO " + table + " VALUES (1, 'emea', DATE '2026-01-05'), (2, 'apac', DATE '2026-02-05'), (3, 'amer', DATE '2026-03-05')", 3);
        assertUpdate("ALTER TABLE " + table + " SET PROPERTIES partitioning = ARRAY['month(day)', 'bucket(id, 4)']");
        assertThat((String) computeScalar("SHOW CREATE TABLE " + table)).contains("partitioning = ARRAY['month(day)','bucket(id, 4)']");
        assertUpdate("INSERT INTO " + table + " VALUES (4, 'emea', DATE '2026-01-06'), (5, 'apac', DATE '2026-04-05'), (6, 'amer', DATE '2026-05-05')", 3);

        // files of the first spec are pruned by region, files of the second by month
        Map<String, Long> byRegion = needle("SELECT id FROM " + table + " WHERE region = 'apac'", "VALUES BIGINT '2', 5");
        assertThat(byRegion.get(FILES_SKIPPED_BY_PARTITION)).isEqualTo(2);
        Map<String, Long> byDay = needle("SELECT id FROM " + table + " WHERE day >= DATE '2026-05-01'", "VALUES BIGINT '6'");
        assertThat(byDay.get(FILES_SKIPPED_BY_PARTITION)).isEqualTo(2);
        assertThat(byDay.get(FILES_SCANNED)).isEqualTo(1);

        // $partitions has the partitions of both specs, each in the fields its spec has
        assertThat(query("SELECT partition.region, partition.day_month, record_count FROM \"" + table + "$partitions\""))
                .skippingTypesCheck()
                .matches("VALUES ('emea', NULL, BIGINT '1'), ('apac', NULL, 1), ('amer', NULL, 1), " +
                        "(NULL, 672, 1), (NULL, 675, 1), (NULL, 676, 1)");

        assertUpdate("ALTER TABLE " + table + " SET PROPERTIES partitioning = ARRAY[]");
        assertUpdate("INSERT INTO " + table + " VALUES (7, 'emea', DATE '2026-06-01')", 1);
        assertThat((String) computeScalar("SHOW CREATE TABLE " + table)).doesNotContain("partitioning");
        assertQuery("SELECT id FROM " + table + " WHERE region = 'emea'", "VALUES 1, 4, 7");
        assertQueryFails("ALTER TABLE " + table + " SET PROPERTIES partitioning = ARRAY['month(nope)']", "Invalid partitioning field 'month\\(nope\\)': .*");
        assertQueryFails("ALTER TABLE " + table + " SET PROPERTIES location = '/tmp/elsewhere'",
                "Changing table property 'location' of table 'tpch.evolved_.*' is not supported .*");
        assertQueryFails("ALTER TABLE " + table + " SET PROPERTIES format_version = 1",
                "Cannot change table property 'format_version' of table 'tpch.evolved_.*' from 2 to 1: Iceberg tables cannot be downgraded");
        assertUpdate("DROP TABLE " + table);
    }

    @Test
    void testSortOrderAndTargetFileSizeChangesApplyToNewFiles()
    {
        String table = "resorted_" + randomNameSuffix();
        assertUpdate("CREATE TABLE " + table + " (id bigint, name varchar)");
        assertUpdate("ALTER TABLE " + table + " SET PROPERTIES sorted_by = ARRAY['name DESC'], target_file_size = '64MB', format_version = 3");
        assertThat((String) computeScalar("SHOW CREATE TABLE " + table))
                .contains("sorted_by = ARRAY['name DESC']")
                .contains("format_version = 3")
                .contains("target_file_size = '64MB'");
        assertUpdate("INSERT INTO " + table + " VALUES (1, 'a'), (2, 'c'), (3, 'b')", 3);
        // the new file records the sort order it was written in
        assertQuery("SELECT sort_order_id FROM \"" + table + "$files\"", "VALUES 1");
        assertUpdate("ALTER TABLE " + table + " SET PROPERTIES sorted_by = DEFAULT, target_file_size = DEFAULT");
        assertThat((String) computeScalar("SHOW CREATE TABLE " + table)).doesNotContain("sorted_by").doesNotContain("target_file_size");
        assertUpdate("DROP TABLE " + table);
    }

    /**
     * Five files whose {@code k} values (0 to 999, {@code k % 5} telling the file) span the same range, so only
     * the bloom index can tell them apart; {@code v} names the file, {@code payload.val} repeats {@code k}.
     */
    private void createFilesWithOverlappingRanges(String table, String keyType)
    {
        assertUpdate("CREATE TABLE " + table + " (k " + keyType + ", v varchar, payload row(val bigint)) WITH (bloom_filter_columns = ARRAY['k'])");
        for (int file = 0; file < FILES; file++) {
            assertUpdate("INSERT INTO " + table + " SELECT CAST(x * " + FILES + " + " + file + " AS " + keyType + "), 'v" + file + "', ROW(x * " + FILES + " + " + file + ") " +
                    "FROM UNNEST(sequence(0, 199)) AS u(x)", 200);
        }
    }

    private Map<String, Long> needle(String query, String expected)
    {
        MaterializedResultWithPlan result = getDistributedQueryRunner().executeWithPlan(getSession(), query);
        MaterializedResult expectedRows = getQueryRunner().execute(getSession(), expected);
        assertThat(result.result().getMaterializedRows()).containsExactlyInAnyOrderElementsOf(expectedRows.getMaterializedRows());
        Map<String, Long> metrics = new HashMap<>(TestingScanMetrics.of(getDistributedQueryRunner(), result.queryId()));
        for (String name : List.of(FILES_SCANNED, FILES_SKIPPED_BY_BLOOM_INDEX, FILES_SKIPPED_BY_PARTITION)) {
            metrics.putIfAbsent(name, 0L);
        }
        return metrics;
    }

    private String getColumnType(String table, String column)
    {
        return (String) computeScalar("SELECT data_type FROM information_schema.columns WHERE table_name = '" + table + "' AND column_name = '" + column + "'");
    }
}
