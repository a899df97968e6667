package dev.lakehouse.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * What one run of a DML statement did to its copy of {@code lineitem}: the rows it reported
 * changing (its update count), and the table it left.
 */
public record DmlOutcome(long changedRows, LineitemFingerprint table)
{
    public DmlOutcome
    {
        checkArgument(changedRows >= 0, "changedRows is negative: %s", changedRows);
        requireNonNull(table, "table is null");
    }

    /**
     * Empty when both runs changed as many rows and left the same table; else a message naming the
     * statement and both runs, with what differs.
     *
     * @param leftRun the run, such as "lakehouse (run 1)"
     */
    public static Optional<String> difference(String statement, String leftRun, DmlOutcome left, String rightRun, DmlOutcome right)
    {
        requireNonNull(statement, "statement is null");
        requireNonNull(leftRun, "leftRun is null");
        requireNonNull(rightRun, "rightRun is null");
        List<String> differences = new ArrayList<>();
        if (left.changedRows != right.changedRows) {
            differences.add("changed %,d rows on %s but %,d on %s".formatted(left.changedRows, leftRun, right.changedRows, rightRun));
        }
        if (!left.table.equals(right.table)) {
            differences.add("left different tables:\n  on %s: %s\n  on %s: %s".formatted(leftRun, left.table, rightRun, right.table));
        }
        if (differences.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Statement %s %s".formatted(statement, String.join(", and ", differences)));
    }
}
