package dev.lakehouse.cost.budget;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.cost.TestingClock;
import dev.lakehouse.cost.ledger.Ledger;
import dev.lakehouse.cost.ledger.LedgerActivity;
import dev.lakehouse.cost.ledger.SqliteConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static dev.lakehouse.cost.ledger.TestingLedgerRecords.record;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

final class TestBudgetTracker
{
    // periods are days in Berlin: a day ends at 22:00 UTC in summer
    private static final String POLICY = """
            {
              "timeZone": "Europe/Berlin",
              "teams": [
                {"name": "a", "user": "a.*", "budget": {"amount": 10, "period": "day",
                  "thresholds": [{"percent": 50, "action": "notify"}, {"percent": 100, "action": "block"}]}},
                {"name": "b", "user": "b.*", "budget": {"amount": 10, "period": "month", "timeZone": "UTC",
                  "thresholds": [{"percent": 100, "action": "throttle", "resourceGroup": "global.low"}]}},
                {"name": "c", "user": "c.*"}
              ]
            }
            """;
    private static final Instant BEFORE_MIDNIGHT = Instant.parse("2025-06-30T21:59:59.999Z");

    @TempDir
    Path directory;

    private final TestingClock clock = new TestingClock(BEFORE_MIDNIGHT.minus(Duration.ofHours(1)));
    private final LedgerActivity activity = new LedgerActivity();
    private final AtomicReference<BudgetPolicy> policy = new AtomicReference<>(BudgetPolicy.parse(POLICY.getBytes(UTF_8)));
    private final List<Map<String, BudgetStatus>> notifications = new ArrayList<>();
    private Ledger ledger;
    private Ledger writer;

    @BeforeEach
    void setUp()
    {
        ledger = new Ledger(new SqliteConnectionFactory(directory.resolve("ledger.sqlite")));
        writer = new Ledger(new SqliteConnectionFactory(directory.resolve("ledger.sqlite")));
        writer.initialize();
    }

    @AfterEach
    void tearDown()
    {
        ledger.close();
        writer.close();
    }

    @Test
    void testStartsFromTheLedgerAndSeesEachCommittedRecordAtOnce()
            throws Exception
    {
        // yesterday's spend does not count, today's does
        write(record("q0", Optional.of("a"), clock.instant().minus(Duration.ofDays(1)), 9_000_000));
        write(record("q1", Optional.of("a"), clock.instant(), 4_000_000));
        BudgetTracker tracker = tracker();
        tracker.start();
        assertThat(spent(tracker, "a")).isEqualTo(4_000_000);
        assertThat(state(tracker, "a")).isEqualTo(BudgetState.OK);

        write(record("q2", Optional.of("a"), clock.instant(), 1_000_000));
        assertThat(spent(tracker, "a")).isEqualTo(5_000_000);
        assertThat(state(tracker, "a")).isEqualTo(BudgetState.NOTIFIED);

        write(record("q3", Optional.of("a"), clock.instant(), 5_000_000));
        BudgetStatus status = tracker.status(team("a")).orElseThrow();
        assertThat(status.isBlocked()).isTrue();
        assertThat(status.rejectionMessage()).isEqualTo(
                "Query rejected by the budget: team 'a' has spent 10.00 USD of its daily budget of 10.00 USD (100%); new queries of the team are blocked until the budget resets at 2025-07-01 00:00 Europe/Berlin");

        // records of other teams or of no team do not count for a
        write(record("q4", Optional.of("b"), clock.instant(), 1_000_000));
        write(record("q5", Optional.empty(), clock.instant(), 1_000_000));
        assertThat(spent(tracker, "a")).isEqualTo(10_000_000);
        assertThat(spent(tracker, "b")).isEqualTo(1_000_000);
        assertThat(tracker.status(team("c"))).isEmpty();
        assertThat(notifications).isNotEmpty();
        assertThat(notifications.getLast().get("a").state()).isEqualTo(BudgetState.BLOCKED);
    }

    @Test
    void testPeriodRollsOverExactlyAtTheBoundary()
            throws Exception
    {
        BudgetTracker tracker = tracker();
        tracker.start();
        write(record("q1", Optional.of("a"), clock.instant(), 12_000_000));
        clock.set(BEFORE_MIDNIGHT);
        assertThat(tracker.status(team("a")).orElseThrow().isBlocked()).isTrue();

        // midnight in Berlin
        clock.set(BEFORE_MIDNIGHT.plusMillis(1));
        BudgetStatus status = tracker.status(team("a")).orElseThrow();
        assertThat(status.isBlocked()).isFalse();
        assertThat(status.spentMicros()).isZero();
        assertThat(status.period().start().toInstant()).isEqualTo(BEFORE_MIDNIGHT.plusMillis(1));

        // the monthly budget of b, in UTC, goes on
        write(record("q2", Optional.of("b"), BEFORE_MIDNIGHT.minusSeconds(10), 2_000_000));
        assertThat(spent(tracker, "b")).isEqualTo(2_000_000);

        // a late record of yesterday counts for yesterday, not today
        write(record("q3", Optional.of("a"), BEFORE_MIDNIGHT, 3_000_000));
        assertThat(spent(tracker, "a")).isZero();
        write(record("q4", Optional.of("a"), clock.instant(), 3_000_000));
        assertThat(spent(tracker, "a")).isEqualTo(3_000_000);
    }

    @Test
    void testRestartKeepsTheSpend()
            throws Exception
    {
        BudgetTracker tracker = tracker();
        tracker.start();
        write(record("q1", Optional.of("a"), clock.instant(), 11_000_000));
        assertThat(state(tracker, "a")).isEqualTo(BudgetState.BLOCKED);

        // a new tracker, as after a coordinator restart
        try (Ledger reopened = new Ledger(new SqliteConnectionFactory(directory.resolve("ledger.sqlite")))) {
            BudgetTracker restarted = new BudgetTracker(reopened, new LedgerActivity(), clock, policy::get, _ -> {});
            restarted.start();
            assertThat(restarted.status(team("a")).orElseThrow().spentMicros()).isEqualTo(11_000_000);
            assertThat(restarted.status(team("a")).orElseThrow().isBlocked()).isTrue();
        }
    }

    @Test
    void testRecordsOfOtherServersAreSeenAtRefresh()
            throws Exception
    {
        BudgetTracker tracker = tracker();
        tracker.start();
        // another coordinator writes: this server's activity does not move
        writer.append(ImmutableList.of(record("q1", Optional.of("a"), clock.instant(), 3_000_000)));
        assertThat(spent(tracker, "a")).isZero();
        tracker.refresh();
        assertThat(spent(tracker, "a")).isEqualTo(3_000_000);
    }

    @Test
    void testChangedBudgetApplies()
            throws Exception
    {
        BudgetTracker tracker = tracker();
        tracker.start();
        write(record("q1", Optional.of("a"), clock.instant(), 11_000_000));
        assertThat(state(tracker, "a")).isEqualTo(BudgetState.BLOCKED);

        policy.set(BudgetPolicy.parse(POLICY.replace("\"amount\": 10, \"period\": \"day\"", "\"amount\": 100, \"period\": \"day\"").getBytes(UTF_8)));
        assertThat(state(tracker, "a")).isEqualTo(BudgetState.OK);
        assertThat(spent(tracker, "a")).isEqualTo(11_000_000);
    }

    private BudgetTracker tracker()
    {
        return new BudgetTracker(ledger, activity, clock, policy::get, notifications::add);
    }

    private void write(dev.lakehouse.cost.ledger.LedgerRecord record)
            throws Exception
    {
        activity.beginWrite();
        try {
            writer.append(ImmutableList.of(record));
        }
        finally {
            activity.endWrite();
        }
    }

    private Team team(String name)
    {
        return policy.get().team(name).orElseThrow();
    }

    private long spent(BudgetTracker tracker, String team)
    {
        return tracker.status(team(team)).orElseThrow().spentMicros();
    }

    private BudgetState state(BudgetTracker tracker, String team)
    {
        return tracker.status(team(team)).orElseThrow().state();
    }
}
