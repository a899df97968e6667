package dev.lakehouse.cost.ledger;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.cost.ledger.Ledger.BudgetEvent;
import dev.lakehouse.cost.ledger.Ledger.SpendEntry;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.lakehouse.cost.ledger.TestingLedgerRecords.record;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ledger's behavior, the same on each database.
 */
abstract class AbstractTestLedger
{
    private static final Instant NOON = Instant.parse("2025-06-30T12:00:00Z");

    /**
     * A new, empty ledger database for the test.
     */
    protected abstract LedgerConnectionFactory createLedgerDatabase();

    /**
     * The same ledger database again, as a restarted server opens it.
     */
    protected abstract LedgerConnectionFactory reopenLedgerDatabase();

    @Test
    void testAppendIsIdempotentByQueryId()
            throws Exception
    {
        try (Ledger ledger = new Ledger(createLedgerDatabase())) {
            ledger.initialize();
            assertThat(ledger.append(ImmutableList.of(
                    record("q1", Optional.of("a"), NOON, 100),
                    record("q2", Optional.of("b"), NOON, 200)))).isEqualTo(2);
            // a replay after a crash, together with a new record
            assertThat(ledger.append(ImmutableList.of(
                    record("q2", Optional.of("b"), NOON, 200),
                    record("q3", Optional.empty(), NOON, 300)))).isEqualTo(1);
            // sequences grow; SQLite may skip the values of rejected duplicates
            assertThat(ledger.maxSequence()).isGreaterThanOrEqualTo(3);

            try (Connection connection = ledger.openConnection();
                    Statement statement = connection.createStatement()) {
                try (ResultSet resultSet = statement.executeQuery("SELECT count(*), sum(cost), sum(cpu_cost) FROM cost_queries")) {
                    resultSet.next();
                    assertThat(resultSet.getLong(1)).isEqualTo(3);
                    assertThat(resultSet.getLong(2)).isEqualTo(600);
                    assertThat(resultSet.getLong(3)).isEqualTo(600);
                }
                try (ResultSet resultSet = statement.executeQuery("SELECT query_id, table_name, physical_input_bytes FROM cost_query_tables ORDER BY query_id, table_name")) {
                    int rows = 0;
                    while (resultSet.next()) {
                        rows++;
                        if (resultSet.getString(2).equals("orders")) {
                            assertThat(resultSet.getLong(3)).isEqualTo(600_000);
                        }
                        else {
                            resultSet.getLong(3);
                            assertThat(resultSet.wasNull()).isTrue();
                        }
                    }
                    assertThat(rows).isEqualTo(6);
                }
                try (ResultSet resultSet = statement.executeQuery("SELECT client_tags, user_name, team FROM cost_queries WHERE query_id = 'q3'")) {
                    resultSet.next();
                    assertThat(Ledger.decodeTags(resultSet.getString(1))).containsExactly("a", "b");
                    assertThat(resultSet.getString(2)).isEqualTo("alice");
                    assertThat(resultSet.getString(3)).isNull();
                }
            }
        }
    }

    @Test
    void testSpendQueries()
            throws Exception
    {
        try (Ledger ledger = new Ledger(createLedgerDatabase())) {
            ledger.initialize();
            ledger.append(ImmutableList.of(
                    record("q1", Optional.of("a"), NOON, 100),
                    record("q2", Optional.of("a"), NOON.plusSeconds(3600), 200),
                    record("q3", Optional.of("b"), NOON, 400),
                    record("q4", Optional.empty(), NOON, 800)));
            long from = NOON.toEpochMilli();
            long to = NOON.plusSeconds(3600).toEpochMilli();
            // end exclusive
            assertThat(ledger.spendByTeam(from, to, Long.MAX_VALUE)).containsOnly(entry("a", 100L), entry("b", 400L));
            assertThat(ledger.spendByTeam(from, to + 1, Long.MAX_VALUE)).containsEntry("a", 300L);
            // up to a sequence
            assertThat(ledger.spendByTeam(from, to + 1, 1)).containsOnly(entry("a", 100L));

            List<SpendEntry> after = ledger.spendAfter(2, 10);
            assertThat(after).containsExactly(
                    new SpendEntry(3, Optional.of("b"), NOON.toEpochMilli(), 400),
                    new SpendEntry(4, Optional.empty(), NOON.toEpochMilli(), 800));
            assertThat(ledger.spendAfter(0, 1)).hasSize(1);
        }
    }

    @Test
    void testBudgetEventIsRecordedOnce()
            throws Exception
    {
        try (Ledger ledger = new Ledger(createLedgerDatabase())) {
            ledger.initialize();
            BudgetEvent event = new BudgetEvent("a", 1000, "80", "notify", 8, 10, 2000);
            assertThat(ledger.recordBudgetEvent(event)).isTrue();
            assertThat(ledger.recordBudgetEvent(new BudgetEvent("a", 1000, "80", "notify", 9, 10, 3000))).isFalse();
            assertThat(ledger.recordBudgetEvent(new BudgetEvent("a", 2000, "80", "notify", 9, 10, 3000))).isTrue();
        }
    }

    @Test
    void testDataSurvivesReopening()
            throws Exception
    {
        try (Ledger ledger = new Ledger(createLedgerDatabase())) {
            ledger.initialize();
            ledger.append(ImmutableList.of(record("q1", Optional.of("a"), NOON, 100)));
        }
        try (Ledger ledger = new Ledger(reopenLedgerDatabase())) {
            ledger.initialize();
            assertThat(ledger.spendByTeam(0, Long.MAX_VALUE, Long.MAX_VALUE)).containsEntry("a", 100L);
        }
    }

    @Test
    void testRejectsLedgerOfNewerVersion()
            throws Exception
    {
        try (Ledger ledger = new Ledger(createLedgerDatabase())) {
            ledger.initialize();
            try (Connection connection = ledger.openConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO cost_schema_version VALUES (2)");
            }
        }
        try (Ledger ledger = new Ledger(reopenLedgerDatabase())) {
            assertThatThrownBy(ledger::initialize)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has layout version 2, newer than the version 1 this plugin knows; upgrade the plugin");
        }
    }
}
