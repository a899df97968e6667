package dev.lakehouse.connector;

import com.google.common.collect.ImmutableList;
import com.google.common.io.BaseEncoding;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wrong results are what the bloom index must never produce: random data of every type a bloom filter
 * column may have (NULLs, negative zero and NaN, long strings), looked up with random hits, misses and IN
 * lists, on a table with ordinary filters and one with filters so small that most lookups collide; every
 * answer must equal that of the same rows in a table without an index. Seeded, so a failure repeats.
 */
final class TestBloomIndexRandomized
        extends AbstractTestQueryFramework
{
    private static final long SEED = 20261204;
    private static final int ROWS = 6000;
    private static final List<String> COLUMNS = ImmutableList.of(
            "c_integer", "c_bigint", "c_real", "c_double", "c_short_decimal", "c_long_decimal", "c_varchar",
            "c_varbinary", "c_date", "c_time", "c_timestamp", "c_timestamptz", "c_uuid");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    private Path warehouse;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-bloom-random");
        return LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
                // writers open their files before they are complete, as writers of many partitions do
                .addConnectorProperty("lakehouse.bloom-index.writer-buffer-size", "64kB")
                .build();
    }

    @AfterAll
    void deleteWarehouse()
            throws IOException
    {
        deleteRecursively(warehouse, ALLOW_INSECURE);
    }

    @BeforeAll
    void createTables()
    {
        // v repeats (500 values over 6000 rows), so a value lies in several of the 16 partitions' files
        String values = """
                SELECT
                    n id,
                    CAST(n %% 16 AS integer) part,
                    CASE WHEN v %% 11 = 0 THEN NULL ELSE CAST(v - 250 AS integer) END c_integer,
                    CASE WHEN v %% 13 = 0 THEN NULL ELSE v * 1000000007 END c_bigint,
                    CASE WHEN v %% 17 = 0 THEN NULL WHEN v = 1 THEN REAL '-0.0' WHEN v = 2 THEN CAST(nan() AS real) ELSE CAST(v - 250 AS real) / 4 END c_real,
                    CASE WHEN v %% 19 = 0 THEN NULL WHEN v = 1 THEN DOUBLE '-0.0' WHEN v = 2 THEN nan() ELSE CAST(v - 250 AS double) / 3 END c_double,
                    CASE WHEN v %% 23 = 0 THEN NULL ELSE CAST(CAST(v - 250 AS decimal(10, 2)) / 8 AS decimal(10, 2)) END c_short_decimal,
                    CASE WHEN v %% 29 = 0 THEN NULL ELSE CAST(CAST(v - 250 AS decimal(30, 5)) * DECIMAL '123456789012345678.12345' AS decimal(30, 5)) END c_long_decimal,
                    CASE WHEN v %% 31 = 0 THEN NULL WHEN v %% 50 = 3 THEN lpad('long-' || CAST(v AS varchar), 3000, 'ü') ELSE 'value-' || CAST(v AS varchar) END c_varchar,
                    CASE WHEN v %% 37 = 0 THEN NULL ELSE to_utf8('b' || CAST(v AS varchar)) END c_varbinary,
                    CASE WHEN v %% 41 = 0 THEN NULL ELSE date_add('day', v * 37, DATE '1990-01-01') END c_date,
                    CASE WHEN v %% 43 = 0 THEN NULL ELSE CAST(CAST(from_unixtime_nanos(v * 123456789000) AS timestamp(6)) AS time(6)) END c_time,
                    CASE WHEN v %% 47 = 0 THEN NULL ELSE CAST(from_unixtime_nanos(1582977600000000000 + v * 987654321000) AS timestamp(6)) END c_timestamp,
                    CASE WHEN v %% 53 = 0 THEN NULL ELSE CAST(from_unixtime_nanos(1582977600000000000 + v * 987654321000) AS timestamp(6) with time zone) END c_timestamptz,
                    CASE WHEN v %% 59 = 0 THEN NULL ELSE CAST(regexp_replace(to_hex(md5(to_utf8(CAST(v AS varchar)))), '(.{8})(.{4})(.{4})(.{4})(.{12})', '$1-$2-$3-$4-$5') AS uuid) END c_uuid
                FROM (
                    SELECT n, abs(from_big_endian_64(xxhash64(to_big_endian_64(n * 7919 + %s)))) %% 500 v
                    FROM UNNEST(sequence(1, %s)) t(n))
                """.formatted(SEED, ROWS);
        assertUpdate("CREATE TABLE plain WITH (partitioning = ARRAY['part']) AS " + values, ROWS);
        String columns = String.join(", ", COLUMNS.stream().map(column -> "'" + column + "'").toList());
        assertUpdate("CREATE TABLE indexed WITH (partitioning = ARRAY['part'], bloom_filter_columns = ARRAY[" + columns + "]) AS SELECT * FROM plain", ROWS);
        // filters of a few blocks: most lookups of absent values collide
        assertUpdate("CREATE TABLE colliding WITH (partitioning = ARRAY['part'], bloom_filter_columns = ARRAY[" + columns + "], bloom_filter_fpp = 0.9) AS SELECT * FROM plain", ROWS);
        // written without an index, which is built afterwards from the data files
        assertUpdate("CREATE TABLE built WITH (partitioning = ARRAY['part']) AS SELECT * FROM plain", ROWS);
        assertUpdate("ALTER TABLE built SET PROPERTIES bloom_filter_columns = ARRAY[" + columns + "]");
        assertUpdate("ALTER TABLE built EXECUTE build_bloom_index");
        assertQuery("SELECT count(*) FROM \"built$snapshots\" WHERE element_at(summary, 'lakehouse.bloom-index-built') IS NOT NULL", "VALUES 1");
    }

    @Test
    void testLookupsReturnWhatAScanReturns()
    {
        Random random = new Random(SEED);
        int lookups = 0;
        int nonEmpty = 0;
        for (String column : COLUMNS) {
            List<Object> present = new ArrayList<>();
            for (MaterializedRow row : computeActual("SELECT DISTINCT " + column + " FROM plain WHERE " + column + " IS NOT NULL").getMaterializedRows()) {
                present.add(row.getField(0));
            }
            List<String> literals = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                literals.add(literal(present.get(random.nextInt(present.size()))));
            }
            List<String> misses = misses(column, random);
            List<String> predicates = new ArrayList<>();
            for (String literal : literals) {
                predicates.add(column + " = " + literal);
            }
            for (String miss : misses) {
                predicates.add(column + " = " + miss);
            }
            predicates.add(column + " IN (" + literals.get(0) + ", " + literals.get(1) + ", " + misses.get(0) + ")");
            predicates.add(column + " IN (" + String.join(", ", misses) + ")");
            predicates.add(column + " IN (" + String.join(", ", literals) + ") AND part < 8");
            for (String predicate : predicates) {
                List<MaterializedRow> expected = computeActual("SELECT id FROM plain WHERE " + predicate).getMaterializedRows();
                assertThat(computeActual("SELECT id FROM indexed WHERE " + predicate).getMaterializedRows())
                        .as(predicate)
                        .containsExactlyInAnyOrderElementsOf(expected);
                assertThat(computeActual("SELECT id FROM colliding WHERE " + predicate).getMaterializedRows())
                        .as(predicate)
                        .containsExactlyInAnyOrderElementsOf(expected);
                assertThat(computeActual("SELECT id FROM built WHERE " + predicate).getMaterializedRows())
                        .as("built: " + predicate)
                        .containsExactlyInAnyOrderElementsOf(expected);
                lookups++;
                if (!expected.isEmpty()) {
                    nonEmpty++;
                }
            }
        }
        // the hits found rows: the comparison was not of empty results only
        assertThat(nonEmpty).isGreaterThan(lookups / 3);
    }

    @Test
    void testFloatingPointZerosAndNaN()
    {
        for (String table : List.of("indexed", "colliding", "built")) {
            for (String predicate : List.of(
                    "c_real = REAL '0.0'", "c_real = REAL '-0.0'", "c_real = CAST(nan() AS real)", "c_real IN (REAL '-0.0', REAL '1.5')",
                    "c_double = 0.0E0", "c_double = -0.0E0", "c_double = nan()", "c_double IN (-0.0E0, nan())")) {
                assertThat(computeActual("SELECT id FROM " + table + " WHERE " + predicate).getMaterializedRows())
                        .as(table + ": " + predicate)
                        .containsExactlyInAnyOrderElementsOf(computeActual("SELECT id FROM plain WHERE " + predicate).getMaterializedRows());
            }
        }
        // the zeros are found, whatever their sign
        assertThat((long) computeScalar("SELECT count(*) FROM indexed WHERE c_double = 0.0E0")).isPositive();
        assertThat((long) computeScalar("SELECT count(*) FROM indexed WHERE c_real = REAL '0.0'")).isPositive();
    }

    private static List<String> misses(String column, Random random)
    {
        int base = 100_000 + random.nextInt(100_000);
        return switch (column) {
            case "c_integer" -> List.of(String.valueOf(base), String.valueOf(-base));
            case "c_bigint" -> List.of(String.valueOf(base * 1000000007L + 1), String.valueOf(-base));
            case "c_real" -> List.of("REAL '" + (base + 0.125f) + "'", "REAL '-1.0E30'");
            case "c_double" -> List.of("DOUBLE '" + (base + 0.1) + "'", "DOUBLE '1.0E300'");
            case "c_short_decimal" -> List.of("DECIMAL '" + base + ".13'", "DECIMAL '-0.01'");
            case "c_long_decimal" -> List.of("DECIMAL '1234567890123456789012" + base % 10 + ".5'", "DECIMAL '-1.00001'");
            case "c_varchar" -> List.of("'value-" + base + "'", "'" + "ü".repeat(3000) + "'");
            case "c_varbinary" -> List.of("X'%08x'".formatted(base), "X''");
            case "c_date" -> List.of("DATE '1989-12-31'", "DATE '2999-01-0" + (1 + base % 9) + "'");
            case "c_time" -> List.of("TIME '23:59:59.99999" + base % 10 + "'", "TIME '00:00:00.000001'");
            case "c_timestamp" -> List.of("TIMESTAMP '1970-01-01 00:00:00.00000" + base % 10 + "'", "TIMESTAMP '2100-01-01 00:00:00.000000'");
            case "c_timestamptz" -> List.of("TIMESTAMP '1970-01-01 00:00:00.00000" + base % 10 + " UTC'", "TIMESTAMP '2100-01-01 00:00:00.000000 Europe/Berlin'");
            case "c_uuid" -> List.of("UUID '" + new UUID(random.nextLong(), random.nextLong()) + "'", "UUID '00000000-0000-0000-0000-000000000000'");
            default -> throw new IllegalArgumentException(column);
        };
    }

    private static String literal(Object value)
    {
        return switch (value) {
            case Integer integer -> integer.toString();
            case Long bigint -> bigint.toString();
            case Float real -> "REAL '" + real + "'";
            case Double doubleValue -> "DOUBLE '" + doubleValue + "'";
            case BigDecimal decimal -> "DECIMAL '" + decimal.toPlainString() + "'";
            case String string -> "'" + string.replace("'", "''") + "'";
            case byte[] bytes -> "X'" + BaseEncoding.base16().encode(bytes) + "'";
            case LocalDate date -> "DATE '" + date + "'";
            case LocalTime time -> "TIME '" + TIME.format(time) + "'";
            case LocalDateTime timestamp -> "TIMESTAMP '" + TIMESTAMP.format(timestamp) + "'";
            case ZonedDateTime timestamp -> "TIMESTAMP '" + TIMESTAMP.format(timestamp) + " " + timestamp.getZone().getId() + "'";
            case UUID uuid -> "UUID '" + uuid + "'";
            default -> throw new IllegalArgumentException("No literal for " + value.getClass());
        };
    }
}
