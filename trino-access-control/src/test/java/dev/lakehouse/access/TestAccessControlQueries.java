package dev.lakehouse.access;

import com.google.common.hash.Hashing;
import com.google.common.primitives.Longs;
import dev.lakehouse.access.audit.AuditEvent;
import dev.lakehouse.access.audit.TestingAuditLog;
import io.trino.Session;
import io.trino.plugin.memory.MemoryPlugin;
import io.trino.plugin.tpch.TpchPlugin;
import io.trino.spi.security.Identity;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import org.intellij.lang.annotations.Language;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static io.trino.testing.TestingSession.testSessionBuilder;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Our policies applied by a real Trino engine: every mask template on every column type is
 * accepted by Trino and gives the documented value; filters combine; masked values stay masked
 * in predicates and in tables created from them.
 */
@TestInstance(PER_CLASS)
final class TestAccessControlQueries
{
    @Language("JSON")
    private static final String POLICY = """
            {
              "catalogs": [{"allow": "all"}],
              "schemas": [
                {"user": "admin", "owner": true},
                {"schema": "sandbox", "owner": true}
              ],
              "tables": [
                {"user": "admin", "privileges": ["SELECT", "INSERT", "DELETE", "UPDATE", "OWNERSHIP", "GRANT_SELECT"]},
                {"schema": "sandbox", "privileges": ["SELECT", "INSERT", "DELETE", "OWNERSHIP"]},
                {"catalog": "memory", "schema": "hr", "privileges": ["SELECT"]},
                {"catalog": "tpch", "privileges": ["SELECT"]}
              ],
              "tags": [
                {"tag": "pii.email", "column": "email"},
                {"tag": "regional", "catalog": "memory", "schema": "hr", "table": "people"}
              ],
              "rules": [
                {"effect": "mask", "user": "hash_user", "catalog": "memory", "schema": "hr", "column": "(?!region).*", "mask": "hash"},
                {"effect": "mask", "user": "redact_user", "catalog": "memory", "schema": "hr", "column": "(?!region).*", "mask": "redact"},
                {"effect": "mask", "user": "last_user", "catalog": "memory", "schema": "hr", "column": "(?!region).*", "mask": "show_last_4"},
                {"effect": "mask", "user": "first_user", "catalog": "memory", "schema": "hr", "column": "(?!region).*", "mask": "show_first_4"},
                {"effect": "mask", "user": "null_user", "catalog": "memory", "schema": "hr", "column": "(?!region).*", "mask": "null"},
                {"effect": "mask", "user": "year_user", "catalog": "memory", "schema": "hr", "column": "(?!region).*", "mask": "year"},
                {"effect": "mask", "tag": "pii.email", "group": "analysts", "mask": "hash"},
                {"effect": "filter", "tag": "regional", "group": "emea", "filter": "region = 'EMEA'"},
                {"effect": "filter", "tag": "regional", "group": "seniors", "filter": "age >= 40"},
                {"effect": "filter", "user": "urgent_only", "catalog": "tpch", "table": "orders", "filter": "orderpriority = '1-URGENT'"},
                {"effect": "filter", "user": "urgent_with_statistics", "catalog": "tpch", "table": "orders", "filter": "orderpriority = '1-URGENT'", "show_statistics": true},
                {"effect": "filter", "user": "regional_writer", "catalog": "memory", "schema": "sandbox", "table": "regional", "filter": "region = 'EMEA'"},
                {"effect": "filter", "user": "regional_writer_with_statistics", "catalog": "memory", "schema": "sandbox", "table": "regional", "filter": "region = 'EMEA'", "show_statistics": true}
              ]
            }
            """;

    // columns of every type a mask must handle
    private static final String COLUMNS = "id, age, rank, flag, name, code, fixed, raw, amount, score, ratio, birthday, seen_at, seen_at_tz, active, email, region";

    private DistributedQueryRunner queryRunner;
    private TestingAuditLog audit;

    @BeforeAll
    void setUp()
            throws Exception
    {
        Path directory = Files.createTempDirectory("access-control-queries");
        Path policy = Files.writeString(directory.resolve("policy.json"), POLICY);
        audit = TestingAuditLog.recordingDenials();
        queryRunner = DistributedQueryRunner.builder(session("admin"))
                .setWorkerCount(0)
                .setSystemAccessControl(TestingAccessControl.create(policy, audit))
                .build();
        queryRunner.registerResource(() -> deleteRecursively(directory, ALLOW_INSECURE));
        // groups come from Trino's group provider, as in a real server
        Map<String, Set<String>> groups = Map.of(
                "erin", Set.of("emea"),
                "sam", Set.of("seniors"),
                "sue", Set.of("emea", "seniors"),
                "ana", Set.of("analysts"));
        queryRunner.getGroupProvider().setConfiguredGroupProvider(user -> groups.getOrDefault(user, Set.of()));
        queryRunner.installPlugin(new MemoryPlugin());
        queryRunner.createCatalog("memory", "memory", Map.of());
        queryRunner.installPlugin(new TpchPlugin());
        queryRunner.createCatalog("tpch", "tpch", Map.of());
        queryRunner.execute("CREATE SCHEMA memory.hr");
        queryRunner.execute("CREATE SCHEMA memory.sandbox");
        queryRunner.execute("""
                CREATE TABLE memory.hr.people AS SELECT * FROM (VALUES
                    (BIGINT '1234567', INTEGER '42', SMALLINT '7', TINYINT '3', VARCHAR 'Alice Smith', CAST('AB12-cd' AS varchar(10)),
                     CAST('xyz' AS char(5)), X'0102', DECIMAL '123.45', DOUBLE '1.5', REAL '2.5', DATE '2024-05-17',
                     TIMESTAMP '2024-05-17 10:11:12.345', TIMESTAMP '2024-05-17 10:11:12.345 UTC', true, CAST('alice@example.com' AS varchar), 'EMEA'),
                    (BIGINT '7', INTEGER '23', SMALLINT '1', TINYINT '1', VARCHAR 'Bo', CAST('X' AS varchar(10)),
                     CAST('a' AS char(5)), X'03', DECIMAL '0.50', DOUBLE '0', REAL '0', DATE '1999-12-31',
                     TIMESTAMP '1999-12-31 23:59:59.999', TIMESTAMP '1999-12-31 23:59:59.999 UTC', false, CAST('bo@example.org' AS varchar), 'APAC'))
                AS t(id, age, rank, flag, name, code, fixed, raw, amount, score, ratio, birthday, seen_at, seen_at_tz, active, email, region)
                """);
    }

    @AfterAll
    void tearDown()
    {
        queryRunner.close();
    }

    @Test
    void testHash()
    {
        MaterializedRow row = alice("hash_user");
        assertThat(row.getField(0)).isEqualTo(Longs.fromByteArray(Arrays.copyOf(sha256(Longs.toByteArray(1234567)), 8)));
        assertThat(row.getField(1)).isEqualTo(Ints.fromBytes(sha256(Longs.toByteArray(42))));
        assertThat((Short) row.getField(2)).isBetween((short) -32767, (short) 32767);
        assertThat(row.getField(4)).isEqualTo(Hashing.sha256().hashString("Alice Smith", UTF_8).toString());
        assertThat(row.getField(5)).isEqualTo(Hashing.sha256().hashString("AB12-cd", UTF_8).toString().substring(0, 10));
        assertThat((String) row.getField(6)).hasSize(5);
        assertThat(row.getField(7)).isEqualTo(sha256(new byte[] {1, 2}));
        // no hash for these types: NULL rather than the value
        assertThat(Arrays.asList(row.getField(8), row.getField(9), row.getField(10), row.getField(11), row.getField(12), row.getField(13), row.getField(14))).containsOnlyNulls();
        assertThat(row.getField(15)).isEqualTo(Hashing.sha256().hashString("alice@example.com", UTF_8).toString());
    }

    @Test
    void testRedact()
    {
        MaterializedRow row = alice("redact_user");
        assertThat(row.getFields().subList(0, 4)).containsExactly(0L, 0, (short) 0, (byte) 0);
        assertThat(row.getField(4)).isEqualTo("Xxxxx Xxxxx");
        assertThat(row.getField(5)).isEqualTo("XX00-xx");
        assertThat(row.getField(6)).isEqualTo("xxx  ");
        assertThat(row.getField(7)).isNull();
        assertThat(row.getField(8)).isEqualTo(new BigDecimal("0.00"));
        assertThat(row.getField(9)).isEqualTo(0.0);
        assertThat(row.getField(10)).isEqualTo(0.0f);
        assertThat(Arrays.asList(row.getField(11), row.getField(12), row.getField(13), row.getField(14))).containsOnlyNulls();
        assertThat(row.getField(15)).isEqualTo("xxxxx@xxxxxxx.xxx");
    }

    @Test
    void testShowLastFour()
    {
        MaterializedRow row = alice("last_user");
        assertThat(row.getField(0)).isEqualTo(4567L);
        assertThat(row.getField(1)).isEqualTo(42);
        assertThat(row.getField(4)).isEqualTo("Xxxxx Xmith");
        assertThat(row.getField(5)).isEqualTo("XX02-cd");
        assertThat(row.getField(15)).isEqualTo("xxxxx@xxxxxxx.com");
        assertThat(Arrays.asList(row.getField(7), row.getField(8), row.getField(11))).containsOnlyNulls();

        // values of 4 characters or fewer are shown whole: nothing is left to hide
        assertThat(query("last_user", "SELECT name FROM memory.hr.people WHERE region = 'APAC'").getOnlyValue()).isEqualTo("Bo");
    }

    @Test
    void testShowFirstFour()
    {
        MaterializedRow row = alice("first_user");
        assertThat(row.getField(4)).isEqualTo("Alicx Xxxxx");
        assertThat(row.getField(15)).isEqualTo("alicx@xxxxxxx.xxx");
        assertThat(Arrays.asList(row.getField(0), row.getField(11))).containsOnlyNulls();
    }

    @Test
    void testNull()
    {
        MaterializedRow row = alice("null_user");
        assertThat(row.getFields().subList(0, 16)).containsOnlyNulls();
        assertThat(row.getField(16)).isEqualTo("EMEA");
    }

    @Test
    void testYear()
    {
        MaterializedRow row = alice("year_user");
        assertThat(row.getField(11)).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(row.getField(12)).isEqualTo(LocalDateTime.of(2024, 1, 1, 0, 0));
        assertThat(row.getField(13).toString()).isEqualTo("2024-01-01T00:00Z[UTC]");
        assertThat(Arrays.asList(row.getField(0), row.getField(4), row.getField(15))).containsOnlyNulls();
    }

    @Test
    void testFiltersCombineWithAnd()
    {
        assertThat(query(session("erin"), "SELECT id FROM memory.hr.people").getOnlyColumnAsSet()).containsExactly(1234567L);
        assertThat(query(session("sam"), "SELECT id FROM memory.hr.people").getOnlyColumnAsSet()).containsExactly(1234567L);
        assertThat(query(session("sue"), "SELECT count(*) FROM memory.hr.people WHERE region = 'APAC'").getOnlyValue()).isEqualTo(0L);
        assertThat(query(session("andy"), "SELECT count(*) FROM memory.hr.people").getOnlyValue()).isEqualTo(2L);
        assertThat(audit.events(AuditEvent.ROW_FILTERS)).isNotEmpty();
    }

    @Test
    void testFilteredUsersSeeNoStatisticsOfHiddenRows()
    {
        @Language("SQL") String urgent = "SELECT count(*), sum(totalprice), max(totalprice) FROM tpch.tiny.orders";
        MaterializedRow expected = query("admin", urgent + " WHERE orderpriority = '1-URGENT'").getMaterializedRows().getFirst();
        assertThat(query("urgent_only", urgent).getMaterializedRows()).containsExactly(expected);

        // the connector's statistics cover all orders, the hidden ones too: without our masks,
        // SHOW STATS gives away the highest price of all orders
        double highestOfAll = (double) query("admin", "SELECT max(totalprice) FROM tpch.tiny.orders").getOnlyValue();
        assertThat(statistics("urgent_with_statistics", "totalprice")).contains(String.valueOf(highestOfAll));
        assertThat(statistics("urgent_only", "totalprice")).containsOnlyNulls();
        assertThat(statistics("urgent_only", "orderpriority")).containsOnlyNulls();
    }

    @Test
    void testHiddenStatisticsMakeTheTableReadOnlyForTheFilteredUser()
    {
        queryRunner.execute("CREATE TABLE memory.sandbox.regional (region varchar, amount bigint)");
        // Trino refuses writes to a table with masks, and hiding statistics masks the columns
        assertThatThrownBy(() -> query("regional_writer", "INSERT INTO memory.sandbox.regional VALUES ('EMEA', 1)"))
                .hasMessageContaining("Insert into table with column masks is not supported");
        query("regional_writer_with_statistics", "INSERT INTO memory.sandbox.regional VALUES ('EMEA', 1)");
        assertThat(query("regional_writer", "SELECT count(*) FROM memory.sandbox.regional").getOnlyValue()).isEqualTo(1L);
    }

    /**
     * The lowest and highest value SHOW STATS gives the user for a column.
     */
    private List<String> statistics(String user, String column)
    {
        return query(user, "SHOW STATS FOR tpch.tiny.orders").getMaterializedRows().stream()
                .filter(row -> column.equals(row.getField(0)))
                .map(row -> Arrays.asList((String) row.getField(5), (String) row.getField(6)))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void testMaskedValuesStayMaskedInPredicatesAndCopies()
    {
        Session analyst = session("ana");
        assertThat(query(analyst, "SELECT count(*) FROM memory.hr.people WHERE email = 'alice@example.com'").getOnlyValue()).isEqualTo(0L);
        assertThat(query(analyst, "SELECT count(*) FROM memory.hr.people WHERE email LIKE '%@example.com'").getOnlyValue()).isEqualTo(0L);
        assertThat(query(analyst, "SELECT min(email) FROM memory.hr.people GROUP BY region ORDER BY 1 LIMIT 1").getOnlyValue()).asString().doesNotContain("@");

        queryRunner.execute(analyst, "CREATE TABLE memory.sandbox.copy AS SELECT email FROM memory.hr.people");
        assertThat(query(session("admin"), "SELECT email FROM memory.sandbox.copy").getOnlyColumnAsSet())
                .containsExactlyInAnyOrder(
                        Hashing.sha256().hashString("alice@example.com", UTF_8).toString(),
                        Hashing.sha256().hashString("bo@example.org", UTF_8).toString());
    }

    private MaterializedRow alice(String user)
    {
        return query(user, "SELECT %s FROM memory.hr.people WHERE region = 'EMEA'".formatted(COLUMNS)).getMaterializedRows().getFirst();
    }

    private MaterializedResult query(String user, @Language("SQL") String sql)
    {
        return query(session(user), sql);
    }

    private MaterializedResult query(Session session, @Language("SQL") String sql)
    {
        return queryRunner.execute(session, sql);
    }

    private static Session session(String user)
    {
        return testSessionBuilder()
                .setIdentity(Identity.ofUser(user))
                .setCatalog("memory")
                .setSchema("hr")
                .build();
    }

    private static byte[] sha256(byte[] value)
    {
        return Hashing.sha256().hashBytes(value).asBytes();
    }

    private static final class Ints
    {
        static int fromBytes(byte[] bytes)
        {
            return com.google.common.primitives.Ints.fromBytes(bytes[0], bytes[1], bytes[2], bytes[3]);
        }
    }
}
