package dev.lakehouse.testing;

import java.sql.SQLException;

import static java.util.Objects.requireNonNull;

/**
 * A statement that Trino rejected or that failed while running, with Trino's message and the
 * user and SQL that caused it.
 */
public class QueryFailedException
        extends RuntimeException
{
    private final String user;
    private final String sql;

    public QueryFailedException(String user, String sql, SQLException cause)
    {
        super("Query failed for user %s: %s%n%s".formatted(user, cause.getMessage(), sql), cause);
        this.user = requireNonNull(user, "user is null");
        this.sql = requireNonNull(sql, "sql is null");
    }

    public String user()
    {
        return user;
    }

    public String sql()
    {
        return sql;
    }

    /**
     * Trino's message for the failure, without the query id prefix JDBC adds.
     */
    public String trinoMessage()
    {
        String message = getCause().getMessage();
        // JDBC reports "Query failed (#20250101_000000_00000_abcde): <message>"
        int start = message.indexOf("): ");
        return message.startsWith("Query failed (#") && start >= 0 ? message.substring(start + 3) : message;
    }
}
