package dev.lakehouse.cost.ledger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The writes to one ledger made by this server, as its readers need to know them: a reader that
 * must not miss a record someone may already have seen (the budget check after a query whose record
 * was acknowledged) asks {@link #observe()} and reads the ledger again when the answer changed.
 *
 * <p>A writer calls {@link #beginWrite()} before its commit and {@link #endWrite()} after it,
 * also when it fails.
 */
public final class LedgerActivity
{
    /** Returned by {@link #observe()} while a write is in progress. */
    public static final long WRITE_IN_PROGRESS = -1;

    private final AtomicLong writesInProgress = new AtomicLong();
    private final AtomicLong generation = new AtomicLong();

    public void beginWrite()
    {
        writesInProgress.incrementAndGet();
    }

    public void endWrite()
    {
        // the generation moves before the write stops counting as in progress, so an observer never
        // sees "no write in progress" together with the generation from before the write
        generation.incrementAndGet();
        writesInProgress.decrementAndGet();
    }

    /**
     * {@link #WRITE_IN_PROGRESS} while a write may be committing, otherwise the number of writes
     * completed so far. A reader that read the ledger after observing value {@code g >= 0} has seen
     * every write that completed before it observed {@code g}; when a later observation differs
     * from {@code g} (or is {@code WRITE_IN_PROGRESS}), the ledger may hold records it has not seen.
     */
    public long observe()
    {
        // order matters: in-progress first, then the generation (see endWrite)
        if (writesInProgress.get() > 0) {
            return WRITE_IN_PROGRESS;
        }
        return generation.get();
    }
}
