package dev.lakehouse.cost.budget;

/**
 * Ends a running query of another user, with a message the query's user sees.
 */
public interface QueryKiller
{
    /**
     * Asks the coordinator to fail the query with the message; returns once it answered.
     */
    Outcome kill(String queryId, String message);

    enum Outcome
    {
        /** The coordinator accepted: the query fails with the message. */
        KILLED,
        /** The query had already ended. */
        ALREADY_DONE,
        /** The coordinator does not know the query (not registered yet, or long gone). */
        NOT_FOUND,
        /** The request failed (unreachable, refused); worth trying again. */
        FAILED,
        /** The coordinator refused the user (authentication or access control): trying again does not help. */
        DENIED,
    }
}
