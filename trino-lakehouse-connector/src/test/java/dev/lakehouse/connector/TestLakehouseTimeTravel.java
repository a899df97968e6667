package dev.lakehouse.connector;

import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code FOR VERSION AS OF} and {@code FOR TIMESTAMP AS OF} read the snapshot they name: a table written
 * by three inserts, read at each of its snapshots.
 */
final class TestLakehouseTimeTravel
        extends AbstractTestQueryFramework
{
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private long first;
    private long second;
    private long third;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return LakehouseQueryRunner.builder().build();
    }

    @BeforeAll
    void createTable()
    {
        assertUpdate("CREATE TABLE history_of (id bigint, region varchar) WITH (partitioning = ARRAY['region'])");
        assertUpdate("INSERT INTO history_of VALUES (1, 'EMEA')", 1);
        first = latestSnapshot();
        assertUpdate("INSERT INTO history_of VALUES (2, 'APAC'), (3, 'EMEA')", 2);
        second = latestSnapshot();
        assertUpdate("INSERT INTO history_of VALUES (4, 'AMER')", 1);
        third = latestSnapshot();
        assertThat(first).isNotEqualTo(second).isNotEqualTo(third);
    }

    private long latestSnapshot()
    {
        return (long) computeScalar("SELECT snapshot_id FROM \"history_of$snapshots\" ORDER BY committed_at DESC, snapshot_id LIMIT 1");
    }

    @Test
    void testVersionAsOfSnapshotId()
    {
        assertQuery("SELECT id FROM history_of FOR VERSION AS OF " + first, "VALUES 1");
        assertQuery("SELECT id FROM history_of FOR VERSION AS OF " + second, "VALUES 1, 2, 3");
        assertQuery("SELECT id FROM history_of FOR VERSION AS OF " + third, "VALUES 1, 2, 3, 4");
        assertQuery("SELECT id FROM history_of", "VALUES 1, 2, 3, 4");
        // filters, partition pruning and statistics work on the old snapshot
        assertQuery("SELECT id FROM history_of FOR VERSION AS OF %s WHERE region = 'EMEA'".formatted(second), "VALUES 1, 3");
        assertQuery("SELECT count(*) FROM history_of FOR VERSION AS OF %s WHERE region = 'AMER'".formatted(second), "VALUES 0");
        // distinct value counts come from each snapshot's own statistics file
        assertThat(query("SHOW STATS FOR (SELECT id FROM history_of FOR VERSION AS OF %s)".formatted(first)))
                .skippingTypesCheck()
                .matches("VALUES ('id', NULL, 1e0, 0e0, NULL, '1', '1'), (NULL, NULL, NULL, NULL, 1e0, NULL, NULL)");
        assertThat(query("SHOW STATS FOR (SELECT id FROM history_of FOR VERSION AS OF %s)".formatted(second)))
                .skippingTypesCheck()
                .matches("VALUES ('id', NULL, 3e0, 0e0, NULL, '1', '3'), (NULL, NULL, NULL, NULL, 3e0, NULL, NULL)");
        // an old and the current version in one query
        assertQuery("SELECT count(*) FROM history_of h JOIN history_of FOR VERSION AS OF %s o ON h.id = o.id".formatted(first), "VALUES 1");
    }

    @Test
    void testVersionAsOfBranchName()
    {
        assertQuery("SELECT id FROM history_of FOR VERSION AS OF 'main'", "VALUES 1, 2, 3, 4");
        assertQueryFails("SELECT id FROM history_of FOR VERSION AS OF 'nope'", "Table 'tpch.history_of' has no branch or tag 'nope'");
    }

    @Test
    void testVersionOfOtherType()
    {
        assertQueryFails(
                "SELECT id FROM history_of FOR VERSION AS OF DATE '2024-01-01'",
                "\\QTable 'tpch.history_of': FOR VERSION AS OF takes a snapshot id (an integer) or a branch or tag name (a varchar), not a value of type date\\E");
        assertQueryFails("SELECT id FROM history_of FOR VERSION AS OF REAL '1.5'", ".*not a value of type real");
        assertQueryFails("SELECT id FROM history_of FOR VERSION AS OF 12", "Table 'tpch.history_of' has no snapshot 12 .*");
    }

    @Test
    void testUnknownSnapshot()
    {
        assertQueryFails(
                "SELECT id FROM history_of FOR VERSION AS OF 12345",
                "\\QTable 'tpch.history_of' has no snapshot 12345 (FOR VERSION AS OF takes a snapshot id of the table's \"history_of$snapshots\" table, or a branch or tag name)\\E");
    }

    @Test
    void testTimestampAsOf()
    {
        ZonedDateTime firstCommit = committedAt(first);
        ZonedDateTime secondCommit = committedAt(second);
        assertQuery("SELECT id FROM history_of FOR TIMESTAMP AS OF " + timestamp(firstCommit), "VALUES 1");
        assertQuery("SELECT id FROM history_of FOR TIMESTAMP AS OF " + timestamp(secondCommit), "VALUES 1, 2, 3");
        assertQuery("SELECT id FROM history_of FOR TIMESTAMP AS OF current_timestamp - INTERVAL '0.001' SECOND", "VALUES 1, 2, 3, 4");
        if (secondCommit.isAfter(firstCommit.plusNanos(1_000_000))) {
            // between the two commits: the first snapshot was current
            assertQuery("SELECT id FROM history_of FOR TIMESTAMP AS OF " + timestamp(secondCommit.minusNanos(1_000_000)), "VALUES 1");
        }
        assertQueryFails(
                "SELECT id FROM history_of FOR TIMESTAMP AS OF " + timestamp(firstCommit.minusSeconds(1)),
                "Table 'tpch.history_of' has no snapshot at or before .* \\(its oldest snapshot was committed at .*\\)");
        assertQueryFails(
                "SELECT id FROM history_of FOR TIMESTAMP AS OF DATE '2001-01-01'",
                "Table 'tpch.history_of' has no snapshot at or before 2001-01-01T.*");
    }

    @Test
    void testTableWithoutSnapshots()
    {
        assertUpdate("CREATE TABLE never_written (id bigint)");
        assertQueryFails(
                "SELECT * FROM never_written FOR TIMESTAMP AS OF TIMESTAMP '2001-01-01 00:00:00 UTC'",
                "Table 'tpch.never_written' has no snapshot at or before 2001-01-01T00:00:00Z \\(it has no snapshots\\)");
        assertQueryFails("SELECT * FROM never_written FOR VERSION AS OF 1", "Table 'tpch.never_written' has no snapshot 1 .*");
        assertUpdate("DROP TABLE never_written");
    }

    private ZonedDateTime committedAt(long snapshotId)
    {
        return (ZonedDateTime) computeScalar("SELECT committed_at FROM \"history_of$snapshots\" WHERE snapshot_id = " + snapshotId);
    }

    private static String timestamp(ZonedDateTime time)
    {
        return "TIMESTAMP '%s UTC'".formatted(time.withZoneSameInstant(java.time.ZoneOffset.UTC).format(TIMESTAMP));
    }
}
