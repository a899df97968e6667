package dev.lakehouse.cost.metering;

import com.google.inject.Inject;
import dev.lakehouse.cost.CostServices;
import dev.lakehouse.cost.WatchedFile;
import dev.lakehouse.cost.budget.BudgetPolicy;
import dev.lakehouse.cost.budget.BudgetsConfig;
import dev.lakehouse.cost.ledger.Ledger;
import dev.lakehouse.cost.ledger.LedgerRecord;
import dev.lakehouse.cost.ledger.LedgerWriter;
import dev.lakehouse.cost.ledger.Spool;
import dev.lakehouse.cost.ledger.SpoolConfig;
import dev.lakehouse.cost.pricing.CostModel;
import io.airlift.json.JsonCodec;
import io.airlift.log.Logger;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.airlift.concurrent.Threads.daemonThreadsNamed;
import static io.airlift.json.JsonCodec.jsonCodec;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.Executors.newSingleThreadScheduledExecutor;

/**
 * Meters completed queries: prices each, appends its record to the spool file (from then on a crash
 * of the server cannot lose it), and wakes the ledger writer, which puts the spool on disk and moves
 * the record to the ledger.
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
    private final ScheduledExecutorService executor = newSingleThreadScheduledExecutor(daemonThreadsNamed("cost-metering"));

    @Inject
    public Metering(SpoolConfig spoolConfig, BudgetsConfig budgetsConfig, CostModel costModel, Ledger ledger, CostServices services)
    {
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.budgets = budgetsConfig.getConfigFile().map(file -> new WatchedFile<>("budgets file", Path.of(file), BudgetPolicy::parse));
        this.records = new QueryRecords(costModel, () -> budgets.map(WatchedFile::current).orElse(BudgetPolicy.EMPTY), services);
        this.budgetsRefreshMillis = budgetsConfig.getRefreshInterval().toMillis();
        try {
            this.spool = new Spool(Path.of(spoolConfig.getPath()), spoolConfig.getSegmentSize().toBytes());
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot open the metering spool " + Path.of(spoolConfig.getPath()).toAbsolutePath(), e);
        }
        ledger.initialize();
        this.writer = new LedgerWriter(spool, ledger, services.ledgerActivity(ledger.identity()), CODEC);
    }

    @PostConstruct
    public void start()
    {
        writer.start();
        if (budgets.isPresent()) {
            executor.scheduleWithFixedDelay(() -> budgets.get().reload(), budgetsRefreshMillis, budgetsRefreshMillis, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    public void stop()
    {
        executor.shutdownNow();
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
     * Waits until every record spooled so far is in the ledger.
     */
    public boolean awaitWritten(Duration timeout)
            throws InterruptedException
    {
        return writer.awaitDrained(timeout);
    }
}
