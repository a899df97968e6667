package dev.lakehouse.cost.metering;

import com.google.inject.Inject;
import dev.lakehouse.cost.CostServices;
import dev.lakehouse.cost.WatchedFile;
import dev.lakehouse.cost.budget.BudgetPolicy;
import dev.lakehouse.cost.budget.BudgetTracker;
import dev.lakehouse.cost.budget.BudgetsConfig;
import dev.lakehouse.cost.budget.CancelRunningConfig;
import dev.lakehouse.cost.budget.CoordinatorQueryKiller;
import dev.lakehouse.cost.budget.RunningQueryCanceller;
import dev.lakehouse.cost.budget.Team;
import dev.lakehouse.cost.ledger.Ledger;
import dev.lakehouse.cost.ledger.LedgerRecord;
import dev.lakehouse.cost.ledger.LedgerWriter;
import dev.lakehouse.cost.ledger.Spool;
import dev.lakehouse.cost.ledger.SpoolConfig;
import dev.lakehouse.cost.pricing.CostModel;
import io.airlift.json.JsonCodec;
import io.airlift.log.Logger;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryCreatedEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.airlift.concurrent.Threads.daemonThreadsNamed;
import static io.airlift.json.JsonCodec.jsonCodec;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.Executors.newSingleThreadScheduledExecutor;

/**
 * Meters completed queries: prices each, appends its record to the spool file (from then on a crash
 * of the server cannot lose it), and wakes the ledger writer, which puts the spool on disk and moves
 * the record to the ledger.
 *
 * <p>With {@link CancelRunningConfig} set, it also keeps the team of every query created and not yet
 * completed, follows the budgets through the ledger after each write, and has the running queries of
 * a team cancelled when its spend reaches a block threshold with {@code cancelRunning}.
 */
public final class Metering
{
    private static final Logger log = Logger.get(Metering.class);
    private static final JsonCodec<LedgerRecord> CODEC = jsonCodec(LedgerRecord.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final Spool spool;
    private final LedgerWriter writer;
    private final Ledger ledger;
    private final Optional<WatchedFile<BudgetPolicy>> budgets;
    private final QueryRecords records;
    private final long budgetsRefreshMillis;
    private final Optional<RunningQueryCanceller> canceller;
    private final Optional<BudgetTracker> tracker;
    private final AtomicBoolean budgetCheckScheduled = new AtomicBoolean();
    private final ScheduledExecutorService executor = newSingleThreadScheduledExecutor(daemonThreadsNamed("cost-metering"));

    @Inject
    public Metering(SpoolConfig spoolConfig, BudgetsConfig budgetsConfig, CancelRunningConfig cancelRunningConfig, CostModel costModel, Ledger ledger, CostServices services, Clock clock)
    {
        this.ledger = requireNonNull(ledger, "ledger is null");
        cancelRunningConfig.validate();
        boolean canCancel = cancelRunningConfig.isConfigured();
        this.budgets = budgetsConfig.getConfigFile().map(file -> new WatchedFile<>("budgets file", Path.of(file), content -> checkCancelRunning(BudgetPolicy.parse(content), canCancel)));
        this.records = new QueryRecords(costModel, () -> budgets.map(WatchedFile::current).orElse(BudgetPolicy.EMPTY), services);
        this.budgetsRefreshMillis = budgetsConfig.getRefreshInterval().toMillis();
        try {
            this.spool = new Spool(Path.of(spoolConfig.getPath()), spoolConfig.getSegmentSize().toBytes());
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot open the metering spool " + Path.of(spoolConfig.getPath()).toAbsolutePath(), e);
        }
        ledger.initialize();
        if (budgets.isPresent() && canCancel) {
            RunningQueryCanceller queryCanceller = new RunningQueryCanceller(CoordinatorQueryKiller.create(cancelRunningConfig), budgets.get()::current);
            BudgetTracker budgetTracker = new BudgetTracker(ledger, services.ledgerActivity(ledger.identity()), clock, budgets.get()::current, queryCanceller::statusesChanged);
            budgetTracker.start();
            this.canceller = Optional.of(queryCanceller);
            this.tracker = Optional.of(budgetTracker);
        }
        else {
            this.canceller = Optional.empty();
            this.tracker = Optional.empty();
        }
        this.writer = new LedgerWriter(spool, ledger, services.ledgerActivity(ledger.identity()), CODEC, this::checkBudgetsSoon);
    }

    /**
     * A budget that cancels running queries needs the listener to know how.
     */
    private static BudgetPolicy checkCancelRunning(BudgetPolicy policy, boolean canCancel)
    {
        if (!canCancel && !policy.teamsCancellingRunningQueries().isEmpty()) {
            Team team = policy.teamsCancellingRunningQueries().getFirst();
            throw new IllegalArgumentException("team '%s': cancelRunning needs %s and %s in the configuration of the event listener '%s', which cancels the queries".formatted(
                    team.name(), CancelRunningConfig.COORDINATOR_URI, CancelRunningConfig.USER, CostMeteringEventListenerFactory.NAME));
        }
        return policy;
    }

    @PostConstruct
    public void start()
    {
        writer.start();
        if (budgets.isPresent()) {
            executor.scheduleWithFixedDelay(this::refreshBudgets, budgetsRefreshMillis, budgetsRefreshMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void refreshBudgets()
    {
        try {
            budgets.orElseThrow().reload();
            // records of other coordinators, and new periods
            if (tracker.isPresent() && cancelsRunningQueries()) {
                tracker.get().refresh();
            }
        }
        catch (RuntimeException e) {
            log.error(e, "Reloading the budgets failed");
        }
    }

    /**
     * Called by the ledger writer after each batch: reads the spend again, off the writer's thread,
     * so that a team pushed over a threshold that cancels running queries has them cancelled.
     */
    private void checkBudgetsSoon()
    {
        if (tracker.isEmpty() || !cancelsRunningQueries() || !budgetCheckScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                budgetCheckScheduled.set(false);
                try {
                    tracker.get().statuses();
                }
                catch (RuntimeException e) {
                    log.error(e, "Checking the budgets after a ledger write failed");
                }
            });
        }
        catch (RejectedExecutionException e) {
            // shutting down
            budgetCheckScheduled.set(false);
        }
    }

    private boolean cancelsRunningQueries()
    {
        return !budgets.orElseThrow().current().teamsCancellingRunningQueries().isEmpty();
    }

    /**
     * Notes the team of a new query, for budgets that cancel running queries.
     */
    public void queryCreated(QueryCreatedEvent event)
    {
        if (canceller.isPresent()) {
            canceller.get().queryCreated(event.getMetadata().getQueryId(), records.teamCriteria(event.getContext()));
        }
    }

    @PreDestroy
    public void stop()
    {
        executor.shutdownNow();
        canceller.ifPresent(RunningQueryCanceller::close);
        writer.stop(DRAIN_TIMEOUT);
        try {
            spool.close();
        }
        catch (IOException e) {
            log.warn(e, "Closing the spool %s failed", spool.directory());
        }
        ledger.close();
    }

    /**
     * Records the query; returns once its record is written to the spool file.
     */
    public void meter(QueryCompletedEvent event)
    {
        // no longer running: the status change its own cost may cause must not cancel it
        canceller.ifPresent(queryCanceller -> queryCanceller.queryCompleted(event.getMetadata().getQueryId()));
        LedgerRecord record = records.toRecord(event);
        byte[] json = CODEC.toJsonBytes(record);
        try {
            spool.append(json);
        }
        catch (IOException | RuntimeException e) {
            // nothing else can keep it: leave the record in the log for the admin
            log.error(e, "Cannot spool the cost record of query %s, it is not in the ledger: %s", record.queryId(), CODEC.toJson(record));
            return;
        }
        writer.wake();
    }

    /**
     * The canceller of running queries, when budgets may cancel them.
     */
    public Optional<RunningQueryCanceller> canceller()
    {
        return canceller;
    }

    /**
     * Waits until every record spooled so far is in the ledger.
     */
    public boolean awaitWritten(Duration timeout)
            throws InterruptedException
    {
        return writer.awaitDrained(timeout);
    }
}
