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

import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static io.airlift.concurrent.Threads.daemonThreadsNamed;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.Executors.newSingleThreadScheduledExecutor;

/**
 * Cancels the running queries of a team whose spend has reached a block threshold with
 * {@code cancelRunning}: the queries of the team created on this coordinator and not completed yet
 * (queued ones included), when the team's status reaches such a threshold, and any query of the
 * team created afterwards that got past the block (submitted while its record was being written).
 * Queries of other teams, and of no team, are never cancelled.
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
    // the team of each query created and not completed yet
    private final ConcurrentMap<String, String> running = new ConcurrentHashMap<>();
    // the queries a kill was sent or is about to be sent for
    private final Set<String> cancelling = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService executor = newSingleThreadScheduledExecutor(daemonThreadsNamed("cost-budget-canceller"));
    private volatile Map<String, BudgetStatus> statuses = ImmutableMap.of();

    public RunningQueryCanceller(QueryKiller killer)
    {
        this.killer = requireNonNull(killer, "killer is null");
    }

    /**
     * A query was created; it is cancelled at once when its team's queries are to be cancelled.
     */
    public void queryCreated(String queryId, Optional<String> team)
    {
        requireNonNull(queryId, "queryId is null");
        if (team.isEmpty()) {
            return;
        }
        running.put(queryId, team.get());
        // after the put: a status change that this read misses sees the query when it goes over the running queries
        BudgetStatus status = statuses.get(team.get());
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
        for (BudgetStatus status : newStatuses.values()) {
            if (!status.cancelsRunningQueries()) {
                continue;
            }
            String team = status.team().name();
            running.forEach((queryId, queryTeam) -> {
                if (queryTeam.equals(team)) {
                    cancel(queryId, status);
                }
            });
        }
    }

    /**
     * The queries of the team created and not completed yet.
     */
    public Set<String> runningQueries(String team)
    {
        return running.entrySet().stream()
                .filter(entry -> entry.getValue().equals(team))
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
