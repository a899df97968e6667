package dev.lakehouse.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

/**
 * The outcome of one statement run through JDBC: its query id, column names and rows (values as
 * JDBC's {@code getObject} returns them; {@code null} stays {@code null}), or the update count of a
 * statement that returns no rows ({@code -1} for a statement with rows), and the statistics Trino
 * reported for it.
 */
public record QueryResult(String queryId, List<String> columnNames, List<List<Object>> rows, long updateCount, ClientQueryStatistics statistics)
{
    public QueryResult
    {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(statistics, "statistics is null");
        columnNames = List.copyOf(requireNonNull(columnNames, "columnNames is null"));
        // rows may hold nulls, which List.copyOf rejects
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /**
     * The single value of a result with one row and one column.
     */
    public Object onlyValue()
    {
        checkState(rows.size() == 1 && columnNames.size() == 1, "Expected one row with one column, got %s rows of %s", rows.size(), columnNames);
        return rows.getFirst().getFirst();
    }

    /**
     * The values of one column, in row order.
     */
    public List<Object> column(String name)
    {
        int index = columnNames.indexOf(name);
        checkState(index >= 0, "No column '%s' in %s", name, columnNames);
        List<Object> values = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            values.add(row.get(index));
        }
        return Collections.unmodifiableList(values);
    }
}
