package dev.lakehouse.cost.budget;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.airlift.log.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static com.google.common.collect.ImmutableMap.toImmutableMap;
import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static io.airlift.concurrent.Threads.daemonThreadsNamed;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.Executors.newSingleThreadScheduledExecutor;

/**
 * Cancels the running queries of a team whose spend has reached a block threshold with
 * {@code cancelRunning}: the queries of the team created on this coordinator and not completed yet
 * (queued ones included), when the team's status reaches such a threshold, and any query of the
 * team created afterwards that got past the block (submitted while its record was being written).
 * Queries of other teams, and of no team, are never cancelled. A query's team is resolved with the
 * budgets in force when the decision is made, as metering resolves it when the query completes, so a
 * changed budgets file applies to the queries already running.
 *
 * <p>The owner reports every query created and completed, and every change of the budget
 * statuses. Kills run on their own thread and never delay a query or the metering.
 */
public final class RunningQueryCanceller
        implements AutoCloseable
{
    private static final Logger log = Logger.get(RunningQueryCanceller.class);
    // a query is reported created just before the coordinator registers it, and a kill can fail on the way: try a few times
    private static final int ATTEMPTS = 5;
    private static final long RETRY_DELAY_MILLIS = 500;

    private final QueryKiller killer;
    private final Supplier<BudgetPolicy> policy;
    // what the team of each query created and not completed yet is resolved from
    private final ConcurrentMap<String, TeamCriteria> running = new ConcurrentHashMap<>();
    // the queries a kill was sent or is about to be sent for
    private final Set<String> cancelling = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService executor = newSingleThreadScheduledExecutor(daemonThreadsNamed("cost-budget-canceller"));
    private volatile Map<String, BudgetStatus> statuses = ImmutableMap.of();

    public RunningQueryCanceller(QueryKiller killer, Supplier<BudgetPolicy> policy)
    {
        this.killer = requireNonNull(killer, "killer is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    /**
     * A query was created; it is cancelled at once when its team's queries are to be cancelled.
     */
    public void queryCreated(String queryId, TeamCriteria criteria)
    {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(criteria, "criteria is null");
        running.put(queryId, criteria);
        // after the put: a status change that this read misses sees the query when it goes over the running queries
        Map<String, BudgetStatus> current = statuses;
        if (current.values().stream().noneMatch(BudgetStatus::cancelsRunningQueries)) {
            return;
        }
        Optional<Team> team = policy.get().resolveTeam(criteria);
        BudgetStatus status = team.map(Team::name).map(current::get).orElse(null);
        if (status != null && status.cancelsRunningQueries()) {
            cancel(queryId, status);
        }
    }

    /**
     * A query completed (finished, failed or cancelled): it is no longer running.
     */
    public void queryCompleted(String queryId)
    {
        running.remove(queryId);
        cancelling.remove(queryId);
    }

    /**
     * The budget statuses changed: cancels the running queries of every team whose status now
     * cancels them.
     */
    public void statusesChanged(Map<String, BudgetStatus> newStatuses)
    {
        statuses = ImmutableMap.copyOf(newStatuses);
        Map<String, BudgetStatus> cancelling = newStatuses.entrySet().stream()
                .filter(entry -> entry.getValue().cancelsRunningQueries())
                .collect(toImmutableMap(Map.Entry::getKey, Map.Entry::getValue));
        if (cancelling.isEmpty()) {
            return;
        }
        BudgetPolicy currentPolicy = policy.get();
        running.forEach((queryId, criteria) -> currentPolicy.resolveTeam(criteria)
                .map(team -> cancelling.get(team.name()))
                .ifPresent(status -> cancel(queryId, status)));
    }

    /**
     * The queries of the team, by the budgets in force, created and not completed yet.
     */
    public Set<String> runningQueries(String team)
    {
        BudgetPolicy currentPolicy = policy.get();
        return running.entrySet().stream()
                .filter(entry -> currentPolicy.resolveTeam(entry.getValue()).map(Team::name).equals(Optional.of(team)))
                .map(Map.Entry::getKey)
                .collect(toImmutableSet());
    }

    /**
     * The queries being cancelled or cancelled that have not completed yet.
     */
    public Set<String> cancellingQueries()
    {
        return ImmutableSet.copyOf(cancelling);
    }

    private void cancel(String queryId, BudgetStatus status)
    {
        if (!cancelling.add(queryId)) {
            return;
        }
        String team = status.team().name();
        String message = status.cancellationMessage();
        submit(() -> kill(queryId, team, message, 1), 0);
    }

    private void kill(String queryId, String team, String message, int attempt)
    {
        if (!running.containsKey(queryId)) {
            // completed meanwhile
            cancelling.remove(queryId);
            return;
        }
        QueryKiller.Outcome outcome;
        try {
            outcome = killer.kill(queryId, message);
        }
        catch (RuntimeException e) {
            log.error(e, "Cancelling query %s of team '%s' failed", queryId, team);
            outcome = QueryKiller.Outcome.FAILED;
        }
        switch (outcome) {
            case KILLED -> log.info("Cancelled query %s of team '%s': %s", queryId, team, message);
            case ALREADY_DONE, DENIED -> {
                // nothing to do, or nothing that trying again changes (the killer logged why)
            }
            case NOT_FOUND, FAILED -> {
                if (attempt < ATTEMPTS) {
                    submit(() -> kill(queryId, team, message, attempt + 1), RETRY_DELAY_MILLIS * attempt);
                }
                else if (running.containsKey(queryId)) {
                    log.warn("Could not cancel query %s of team '%s' after %s attempts (%s); it runs on", queryId, team, ATTEMPTS, outcome);
                }
            }
        }
    }

    private void submit(Runnable task, long delayMillis)
    {
        try {
            executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    @Override
    public void close()
    {
        executor.shutdownNow();
        if (killer instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            }
            catch (Exception e) {
                log.warn(e, "Closing %s failed", killer);
            }
        }
    }
}
