package dev.lakehouse.cost.budget;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.cost.budget.BudgetPeriod.Window;
import dev.lakehouse.cost.budget.QueryKiller.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

final class TestRunningQueryCanceller
{
    private static final Instant NOW = Instant.parse("2025-06-15T10:00:00Z");
    // budgets of 10 USD: "cancel" cancels at 100%, "late" blocks at 100% and cancels at 150%, "block" only blocks
    private static final BudgetPolicy POLICY = BudgetPolicy.parse("""
            {"timeZone": "UTC", "teams": [
              {"name": "cancel", "user": "c_.*", "budget": {"amount": 10, "period": "month",
                "thresholds": [{"percent": 80, "action": "notify"}, {"percent": 100, "action": "block", "cancelRunning": true}]}},
              {"name": "late", "user": "l_.*", "budget": {"amount": 10, "period": "month",
                "thresholds": [{"percent": 100, "action": "block"}, {"percent": 150, "action": "block", "cancelRunning": true}]}},
              {"name": "block", "user": "b_.*", "budget": {"amount": 10, "period": "month", "thresholds": [{"percent": 100, "action": "block"}]}}
            ]}
            """.getBytes(UTF_8));

    private final TestingQueryKiller killer = new TestingQueryKiller();
    private final AtomicReference<BudgetPolicy> policy = new AtomicReference<>(POLICY);
    private final RunningQueryCanceller canceller = new RunningQueryCanceller(killer, policy::get);

    @AfterEach
    void close()
    {
        canceller.close();
    }

    @Test
    void testCancelsTheRunningQueriesOfTheTeamsPastACancellingThreshold()
    {
        canceller.queryCreated("c1", criteria("c_user"));
        canceller.queryCreated("c2", criteria("c_user"));
        canceller.queryCreated("c3", criteria("c_user"));
        canceller.queryCreated("l1", criteria("l_user"));
        canceller.queryCreated("b1", criteria("b_user"));
        canceller.queryCreated("n1", criteria("nobody"));
        // completed before the spend crossed the threshold: nothing to cancel
        canceller.queryCompleted("c3");
        assertThat(canceller.runningQueries("cancel")).containsExactlyInAnyOrder("c1", "c2");

        // under the threshold: nothing
        canceller.statusesChanged(statuses(9_999_999, 12_000_000, 20_000_000));
        assertThat(canceller.cancellingQueries()).isEmpty();

        // cancel reaches 100%; late is blocked (120%) but cancels only from 150%; block never cancels
        canceller.statusesChanged(statuses(10_000_000, 12_000_000, 50_000_000));
        assertThat(canceller.cancellingQueries()).containsExactlyInAnyOrder("c1", "c2");
        await("the kills of c1 and c2", () -> killer.kills().size() == 2);
        assertThat(killer.kills()).extracting(Kill::queryId).containsExactlyInAnyOrder("c1", "c2");
        assertThat(killer.kills()).extracting(Kill::message).containsOnly(
                "Cancelled by the budget: team 'cancel' has spent 10.00 USD of its monthly budget of 10.00 USD (100%); "
                        + "running queries of the team are cancelled and new ones rejected until the budget resets at 2025-07-01 00:00 UTC");

        // late reaches 150%: its query goes too
        canceller.statusesChanged(statuses(11_000_000, 15_000_000, 50_000_000));
        await("the kill of l1", () -> killer.kills().size() == 3);
        assertThat(killer.kills().getLast().queryId()).isEqualTo("l1");
        assertThat(killer.kills().getLast().message()).startsWith("Cancelled by the budget: team 'late' has spent 15.00 USD of its monthly budget of 10.00 USD (150%)");
        // a query is killed once, however often the spend changes afterwards
        assertThat(canceller.cancellingQueries()).containsExactlyInAnyOrder("c1", "c2", "l1");
        assertThat(killer.kills()).extracting(Kill::queryId).doesNotHaveDuplicates().doesNotContain("b1", "n1", "c3");
    }

    @Test
    void testQueryOfATeamAlreadyPastTheThresholdIsCancelledWhenCreated()
    {
        canceller.statusesChanged(statuses(10_000_000, 0, 50_000_000));
        assertThat(canceller.cancellingQueries()).isEmpty();

        // got past the block while its team's last record was being written
        canceller.queryCreated("c1", criteria("c_user"));
        canceller.queryCreated("b1", criteria("b_user"));
        canceller.queryCreated("l1", criteria("l_user"));
        assertThat(canceller.cancellingQueries()).containsExactly("c1");
        await("the kill of c1", () -> killer.kills().size() == 1);
        assertThat(killer.kills().getFirst().queryId()).isEqualTo("c1");
    }

    @Test
    void testTeamsAreResolvedWithTheBudgetsInForce()
    {
        // of no team when it starts; the changed file puts its user in the team "cancel"
        canceller.queryCreated("x1", criteria("x_user"));
        canceller.queryCreated("c1", criteria("c_user"));
        assertThat(canceller.runningQueries("cancel")).containsExactly("c1");
        policy.set(BudgetPolicy.parse("""
                {"timeZone": "UTC", "teams": [
                  {"name": "cancel", "user": "x_.*", "budget": {"amount": 10, "period": "month",
                    "thresholds": [{"percent": 100, "action": "block", "cancelRunning": true}]}},
                  {"name": "others", "user": "c_.*"}
                ]}
                """.getBytes(UTF_8)));
        assertThat(canceller.runningQueries("cancel")).containsExactly("x1");
        canceller.statusesChanged(statuses(10_000_000, 0, 0));
        assertThat(canceller.cancellingQueries()).containsExactly("x1");
        await("the kill of x1", () -> killer.kills().size() == 1);
        assertThat(killer.kills().getFirst().queryId()).isEqualTo("x1");
    }

    @Test
    void testRetriesUntilTheCoordinatorKnowsTheQuery()
    {
        // the coordinator reports a query created just before it registers it
        killer.answer(Outcome.NOT_FOUND, Outcome.FAILED, Outcome.KILLED);
        canceller.queryCreated("c1", criteria("c_user"));
        canceller.statusesChanged(statuses(10_000_000, 0, 0));
        await("three attempts", () -> killer.kills().size() == 3);
        assertThat(killer.kills()).extracting(Kill::queryId).containsOnly("c1");
    }

    @Test
    void testDoesNotRetryTheKillOfAQueryThatCompleted()
    {
        killer.answer(Outcome.NOT_FOUND);
        canceller.queryCreated("c1", criteria("c_user"));
        canceller.statusesChanged(statuses(10_000_000, 0, 0));
        await("the first attempt", () -> killer.kills().size() == 1);
        canceller.queryCompleted("c1");
        assertThat(canceller.cancellingQueries()).isEmpty();

        // c2's retry is due after c1's: once it ran, c1's retry has run too, and did not kill
        killer.answer(Outcome.NOT_FOUND);
        canceller.queryCreated("c2", criteria("c_user"));
        canceller.statusesChanged(statuses(10_000_001, 0, 0));
        await("two attempts for c2", () -> killer.kills().size() == 3);
        assertThat(killer.kills()).extracting(Kill::queryId).containsExactly("c1", "c2", "c2");
    }

    private static Map<String, BudgetStatus> statuses(long cancelSpent, long lateSpent, long blockSpent)
    {
        return ImmutableMap.of(
                "cancel", status("cancel", cancelSpent),
                "late", status("late", lateSpent),
                "block", status("block", blockSpent));
    }

    private static BudgetStatus status(String teamName, long spentMicros)
    {
        Team team = POLICY.team(teamName).orElseThrow();
        Budget budget = team.budget().orElseThrow();
        Window window = budget.period().window(NOW, budget.timeZone());
        return new BudgetStatus(team, budget, POLICY.currency(), window, spentMicros);
    }

    private static TeamCriteria criteria(String user)
    {
        return new TeamCriteria(user, ImmutableSet.of(), Optional.empty(), ImmutableSet.of(), Optional.empty());
    }

    private static void await(String what, BooleanSupplier condition)
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            try {
                Thread.sleep(10);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private record Kill(String queryId, String message) {}

    private static final class TestingQueryKiller
            implements QueryKiller
    {
        private final List<Kill> kills = new CopyOnWriteArrayList<>();
        private final Deque<Outcome> answers = new ArrayDeque<>();

        synchronized void answer(Outcome... outcomes)
        {
            answers.addAll(List.of(outcomes));
        }

        List<Kill> kills()
        {
            return kills;
        }

        @Override
        public synchronized Outcome kill(String queryId, String message)
        {
            kills.add(new Kill(queryId, message));
            return answers.isEmpty() ? Outcome.KILLED : answers.removeFirst();
        }
    }
}
