package dev.lakehouse.connector.procedure;

import io.airlift.units.Duration;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.SchemaTableName;

import java.time.Instant;

import static io.trino.spi.StandardErrorCode.INVALID_PROCEDURE_ARGUMENT;
import static java.util.Objects.requireNonNull;

/**
 * The {@code retention_threshold} of a maintenance procedure, checked against the catalog's minimum.
 */
record RetentionThreshold(Duration threshold, Instant cutoff)
{
    RetentionThreshold
    {
        requireNonNull(threshold, "threshold is null");
        requireNonNull(cutoff, "cutoff is null");
    }

    /**
     * The threshold as of the start of the query.
     *
     * @throws TrinoException when the threshold is shorter than the minimum, naming both and the property
     */
    static RetentionThreshold checked(String procedure, SchemaTableName table, Duration threshold, Duration minimum, String minimumProperty, Instant queryStart)
    {
        if (threshold.compareTo(minimum) < 0) {
            throw new TrinoException(INVALID_PROCEDURE_ARGUMENT, "%s of table '%s': retention_threshold %s is shorter than the minimum retention %s of this catalog (set by catalog property %s)"
                    .formatted(procedure, table, threshold, minimum, minimumProperty));
        }
        return new RetentionThreshold(threshold, queryStart.minusMillis(threshold.toMillis()));
    }
}
