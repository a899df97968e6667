package dev.lakehouse.cost.ledger;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.airlift.json.JsonCodec;
import io.airlift.log.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Moves records from the spool to the ledger on its own thread, in batches of one transaction
 * each. A batch leaves the spool only once the ledger has committed it; when the ledger cannot be
 * written, the writer retries the same batch with growing pauses (up to 30 seconds) and the records
 * wait safely in the spool.
 */
public final class LedgerWriter
{
    private static final Logger log = Logger.get(LedgerWriter.class);
    private static final int BATCH_SIZE = 1000;
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final long IDLE_WAIT_MILLIS = 1000;

    private final Spool spool;
    private final Ledger ledger;
    private final LedgerActivity activity;
    private final JsonCodec<LedgerRecord> codec;
    private final Runnable afterWrite;
    private final Thread thread;

    @GuardedBy("this")
    private boolean pending;
    @GuardedBy("this")
    private boolean stopping;
    @GuardedBy("this")
    private boolean drained;
    private volatile long written;

    public LedgerWriter(Spool spool, Ledger ledger, LedgerActivity activity, JsonCodec<LedgerRecord> codec)
    {
        this(spool, ledger, activity, codec, () -> {});
    }

    /**
     * @param afterWrite called on the writer's thread after each batch the ledger committed; must
     * return quickly
     */
    public LedgerWriter(Spool spool, Ledger ledger, LedgerActivity activity, JsonCodec<LedgerRecord> codec, Runnable afterWrite)
    {
        this.spool = requireNonNull(spool, "spool is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.activity = requireNonNull(activity, "activity is null");
        this.codec = requireNonNull(codec, "codec is null");
        this.afterWrite = requireNonNull(afterWrite, "afterWrite is null");
        this.thread = Thread.ofPlatform().daemon().name("cost-ledger-writer").unstarted(this::run);
    }

    public void start()
    {
        thread.start();
    }

    /**
     * Tells the writer that the spool has new entries.
     */
    public synchronized void wake()
    {
        pending = true;
        notifyAll();
    }

    /**
     * The number of records this writer added to the ledger (not counting records it found there).
     */
    public long written()
    {
        return written;
    }

    /**
     * Waits until everything spooled so far is in the ledger, at most {@code timeout}.
     *
     * @return true when the spool was drained in time
     */
    public synchronized boolean awaitDrained(Duration timeout)
            throws InterruptedException
    {
        drained = false;
        pending = true;
        notifyAll();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!drained) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || !thread.isAlive()) {
                return false;
            }
            wait(Math.max(1, remaining / 1_000_000));
        }
        return true;
    }

    /**
     * Writes what the spool holds, for at most {@code drainTimeout}, then stops. What is left stays
     * in the spool for the next start.
     */
    public void stop(Duration drainTimeout)
    {
        try {
            if (!awaitDrained(drainTimeout)) {
                log.warn("The ledger %s did not take all spooled records within %s; they stay in the spool %s for the next start", ledger.identity(), drainTimeout, spool.directory());
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            stopping = true;
            notifyAll();
        }
        thread.interrupt();
        try {
            thread.join(10_000);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run()
    {
        int failures = 0;
        while (!isStopping()) {
            Spool.Batch batch;
            try {
                batch = spool.read(BATCH_SIZE);
            }
            catch (IOException e) {
                log.error(e, "Cannot read the spool %s", spool.directory());
                if (!pause(backoff(++failures))) {
                    return;
                }
                continue;
            }
            if (batch.isEmpty()) {
                if (!idle()) {
                    return;
                }
                continue;
            }
            List<LedgerRecord> records = decode(batch);
            activity.beginWrite();
            try {
                written += ledger.append(records);
            }
            catch (SQLException | RuntimeException e) {
                spool.rewind(batch);
                failures++;
                if (failures == 1 || failures % 10 == 0) {
                    log.warn(e, "Cannot write %s records to the ledger %s (attempt %s); they stay in the spool and are written when it is back", records.size(), ledger.identity(), failures);
                }
                if (!pause(backoff(failures))) {
                    return;
                }
                continue;
            }
            finally {
                activity.endWrite();
            }
            try {
                afterWrite.run();
            }
            catch (RuntimeException e) {
                log.error(e, "Acting on records written to the ledger %s failed", ledger.identity());
            }
            if (failures > 0) {
                log.info("The ledger %s takes records again", ledger.identity());
                failures = 0;
            }
            try {
                spool.consumed(batch);
            }
            catch (IOException e) {
                // the records are in the ledger; at worst they are offered again after a restart, and the ledger keeps them once
                log.error(e, "Cannot remove written records from the spool %s", spool.directory());
            }
        }
    }

    private List<LedgerRecord> decode(Spool.Batch batch)
    {
        ImmutableList.Builder<LedgerRecord> records = ImmutableList.builderWithExpectedSize(batch.entries().size());
        for (byte[] entry : batch.entries()) {
            try {
                records.add(codec.fromJson(entry));
            }
            catch (IllegalArgumentException e) {
                // the checksum matched, so the entry was written like this: it cannot become readable by retrying
                log.error(e, "Dropping a spool entry that is not a ledger record: %s", new String(entry, StandardCharsets.UTF_8));
            }
        }
        return records.build();
    }

    private synchronized boolean isStopping()
    {
        return stopping;
    }

    /**
     * Waits for new entries; marks the spool drained for {@link #awaitDrained}.
     *
     * @return false when the writer stops
     */
    private synchronized boolean idle()
    {
        if (pending) {
            // something arrived since the read: read again before calling the spool drained
            pending = false;
            return !stopping;
        }
        drained = true;
        notifyAll();
        try {
            if (!stopping) {
                wait(IDLE_WAIT_MILLIS);
            }
        }
        catch (InterruptedException e) {
            return false;
        }
        pending = false;
        return !stopping;
    }

    private synchronized boolean pause(long millis)
    {
        try {
            if (!stopping) {
                wait(millis);
            }
        }
        catch (InterruptedException e) {
            return false;
        }
        return !stopping;
    }

    private static long backoff(int failures)
    {
        return Math.min(MAX_BACKOFF_MILLIS, 100L << Math.min(failures, 10));
    }

    @Override
    public String toString()
    {
        return "LedgerWriter[" + ledger.identity() + "]";
    }
}
