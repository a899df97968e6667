package dev.lakehouse.connector.writer;

import java.util.concurrent.atomic.AtomicInteger;

import static com.google.common.base.Preconditions.checkState;
import static java.lang.Math.max;

/**
 * The writers open on this node, among which the memory for rows not yet in finished files is shared
 * ({@code lakehouse.writer.max-memory}, or the session's {@code writer_max_memory}): each may hold an equal
 * part of it. A node runs as many writers as Trino schedules there (several per query, of several queries),
 * so a limit for each alone would let them together pass the query's memory limit on the node.
 */
public final class WriterMemoryBudget
{
    private final AtomicInteger openWriters = new AtomicInteger();

    /**
     * Counts a writer in until it is closed.
     */
    public Share open()
    {
        openWriters.incrementAndGet();
        return new Share();
    }

    /**
     * One writer's part of the budget.
     */
    public final class Share
    {
        private boolean closed;

        private Share() {}

        /**
         * The memory this writer may hold now: the budget of all writers divided among those open on the node.
         */
        public long maxBytes(long budgetBytes)
        {
            checkState(!closed, "share is closed");
            return budgetBytes / max(1, openWriters.get());
        }

        public void close()
        {
            if (!closed) {
                closed = true;
                openWriters.decrementAndGet();
            }
        }
    }
}
