package dev.lakehouse.cost.budget;

import com.google.common.collect.ImmutableMap;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.lakehouse.cost.budget.BudgetPeriod.Window;
import dev.lakehouse.cost.ledger.Ledger;
import dev.lakehouse.cost.ledger.Ledger.SpendEntry;
import dev.lakehouse.cost.ledger.LedgerActivity;
import io.airlift.log.Logger;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static dev.lakehouse.cost.ledger.LedgerActivity.WRITE_IN_PROGRESS;
import static java.util.Objects.requireNonNull;

/**
 * The spend of each team with a budget in its current period, derived from the ledger, so it is
 * what the ledger says after a restart.
 *
 * <p>At start it sums each team's period; afterwards it reads only the records added since
 * (by sequence). It reads again before answering when this server's metering has written to the
 * ledger since its last read, so a query whose record is in the ledger counts for the very next
 * budget check; records written by other servers are picked up by {@link #refresh()}, which the
 * owner calls periodically. A period ends exactly at its boundary by the clock: the first check
 * after it sees the new period.
 */
public final class BudgetTracker
{
    private static final Logger log = Logger.get(BudgetTracker.class);
    private static final int INCREMENT_LIMIT = 10_000;

    private final Ledger ledger;
    private final LedgerActivity activity;
    private final Clock clock;
    private final Supplier<BudgetPolicy> policy;
    private final Consumer<Map<String, BudgetStatus>> listener;

    @GuardedBy("this")
    private final Map<String, TeamSpend> spend = new HashMap<>();
    @GuardedBy("this")
    private long lastSequence;
    @GuardedBy("this")
    private long lastObservedActivity = Long.MIN_VALUE;
    @GuardedBy("this")
    private BudgetPolicy trackedPolicy;
    // the earliest end of a tracked period: until then, no period changes
    @GuardedBy("this")
    private long windowsValidUntil = Long.MIN_VALUE;
    private volatile Map<String, BudgetStatus> lastStatuses = ImmutableMap.of();
    @GuardedBy("this")
    private boolean failing;

    /**
     * @param listener called with the status of every team with a budget after each read of the
     * ledger that changed a status
     */
    public BudgetTracker(Ledger ledger, LedgerActivity activity, Clock clock, Supplier<BudgetPolicy> policy, Consumer<Map<String, BudgetStatus>> listener)
    {
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.activity = requireNonNull(activity, "activity is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.listener = requireNonNull(listener, "listener is null");
    }

    /**
     * Reads the ledger for the first time.
     *
     * @throws IllegalStateException when the ledger cannot be read
     */
    public void start()
    {
        Optional<Map<String, BudgetStatus>> changed;
        synchronized (this) {
            try {
                changed = update();
            }
            catch (SQLException e) {
                throw new IllegalStateException("Cannot read the spend of the teams from the ledger %s: %s".formatted(ledger.identity(), e.getMessage()), e);
            }
        }
        changed.ifPresent(listener);
    }

    /**
     * The team's status now, or empty when it has no budget.
     */
    public Optional<BudgetStatus> status(Team team)
    {
        if (team.budget().isEmpty()) {
            return Optional.empty();
        }
        Map<String, BudgetStatus> statuses = statuses();
        return Optional.ofNullable(statuses.get(team.name()));
    }

    /**
     * The status of every team with a budget, by team name, current as described above.
     */
    public Map<String, BudgetStatus> statuses()
    {
        Optional<Map<String, BudgetStatus>> changed = Optional.empty();
        Map<String, BudgetStatus> statuses;
        synchronized (this) {
            long observed = activity.observe();
            boolean written = observed == WRITE_IN_PROGRESS || observed != lastObservedActivity;
            if (written || clock.millis() >= windowsValidUntil || trackedPolicy != policy.get()) {
                changed = updateQuietly();
            }
            statuses = lastStatuses;
        }
        // outside the lock: the listener may take locks of its own (the resource groups')
        changed.ifPresent(listener);
        return statuses;
    }

    /**
     * The statuses as last read, without reading the ledger: for callers that must not wait.
     */
    public Map<String, BudgetStatus> lastStatuses()
    {
        return lastStatuses;
    }

    /**
     * Reads the records added to the ledger, by any server, and starts new periods.
     */
    public void refresh()
    {
        Optional<Map<String, BudgetStatus>> changed;
        synchronized (this) {
            changed = updateQuietly();
        }
        changed.ifPresent(listener);
    }

    @GuardedBy("this")
    private Optional<Map<String, BudgetStatus>> updateQuietly()
    {
        try {
            Optional<Map<String, BudgetStatus>> changed = update();
            if (failing) {
                log.info("The ledger %s can be read again; budgets are current", ledger.identity());
                failing = false;
            }
            return changed;
        }
        catch (SQLException e) {
            if (!failing) {
                log.error(e, "Cannot read the ledger %s; budgets are enforced with the spend last read until it can be read again", ledger.identity());
                failing = true;
            }
            return Optional.empty();
        }
    }

    /**
     * @return the new statuses, when any changed
     */
    @GuardedBy("this")
    private Optional<Map<String, BudgetStatus>> update()
            throws SQLException
    {
        // observe before reading: a write that completes during the read is read again next time
        long observed = activity.observe();
        BudgetPolicy currentPolicy = policy.get();
        Instant now = clock.instant();

        // teams whose period (or budget) changed, or that are new: sum their period again
        Map<String, Window> toLoad = new LinkedHashMap<>();
        Map<String, TeamSpend> current = new HashMap<>();
        for (Team team : currentPolicy.teams()) {
            if (team.budget().isEmpty()) {
                continue;
            }
            Budget budget = team.budget().get();
            Window window = budget.period().window(now, budget.timeZone());
            TeamSpend existing = spend.get(team.name());
            if (existing != null && existing.window().equals(window) && existing.budget().period() == budget.period() && existing.budget().timeZone().equals(budget.timeZone())) {
                current.put(team.name(), existing.withBudget(budget));
            }
            else {
                toLoad.put(team.name(), window);
            }
        }
        if (!toLoad.isEmpty()) {
            long maxSequence = ledger.maxSequence();
            // one sum per distinct window; usually all teams share one
            Map<Window, List<String>> byWindow = new LinkedHashMap<>();
            toLoad.forEach((team, window) -> byWindow.computeIfAbsent(window, _ -> new ArrayList<>()).add(team));
            for (Map.Entry<Window, List<String>> entry : byWindow.entrySet()) {
                Window window = entry.getKey();
                Map<String, Long> sums = ledger.spendByTeam(window.start().toInstant().toEpochMilli(), window.end().toInstant().toEpochMilli(), maxSequence);
                for (String team : entry.getValue()) {
                    Budget budget = currentPolicy.team(team).orElseThrow().budget().orElseThrow();
                    current.put(team, new TeamSpend(budget, window, sums.getOrDefault(team, 0L), maxSequence));
                }
            }
            if (toLoad.size() == current.size()) {
                // every team was summed up to maxSequence: older records need not be read one by one
                lastSequence = Math.max(lastSequence, maxSequence);
            }
        }

        // records added since the last read
        while (!current.isEmpty()) {
            List<SpendEntry> entries = ledger.spendAfter(lastSequence, INCREMENT_LIMIT);
            for (SpendEntry entry : entries) {
                lastSequence = Math.max(lastSequence, entry.sequence());
                if (entry.team().isEmpty()) {
                    continue;
                }
                TeamSpend teamSpend = current.get(entry.team().get());
                if (teamSpend != null && entry.sequence() > teamSpend.asOfSequence() && teamSpend.window().contains(entry.endTime())) {
                    current.put(entry.team().get(), teamSpend.plus(entry.costMicros()));
                }
            }
            if (entries.size() < INCREMENT_LIMIT) {
                break;
            }
        }

        spend.clear();
        spend.putAll(current);
        trackedPolicy = currentPolicy;
        lastObservedActivity = observed;
        windowsValidUntil = current.values().stream()
                .mapToLong(teamSpend -> teamSpend.window().end().toInstant().toEpochMilli())
                .min()
                .orElse(Long.MAX_VALUE);

        ImmutableMap.Builder<String, BudgetStatus> statuses = ImmutableMap.builder();
        for (Team team : currentPolicy.teams()) {
            TeamSpend teamSpend = current.get(team.name());
            if (teamSpend != null) {
                statuses.put(team.name(), new BudgetStatus(team, teamSpend.budget(), currentPolicy.currency(), teamSpend.window(), teamSpend.micros()));
            }
        }
        Map<String, BudgetStatus> newStatuses = statuses.buildOrThrow();
        if (newStatuses.equals(lastStatuses)) {
            return Optional.empty();
        }
        lastStatuses = newStatuses;
        return Optional.of(newStatuses);
    }

    private record TeamSpend(Budget budget, Window window, long micros, long asOfSequence)
    {
        TeamSpend plus(long costMicros)
        {
            return new TeamSpend(budget, window, Math.addExact(micros, costMicros), asOfSequence);
        }

        TeamSpend withBudget(Budget budget)
        {
            return new TeamSpend(budget, window, micros, asOfSequence);
        }
    }
}
