package dev.lakehouse.connector;

import io.airlift.slice.Slice;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorTableVersion;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.type.BigintType;
import io.trino.spi.type.DateType;
import io.trino.spi.type.IntegerType;
import io.trino.spi.type.LongTimestamp;
import io.trino.spi.type.LongTimestampWithTimeZone;
import io.trino.spi.type.SmallintType;
import io.trino.spi.type.TimeZoneKey;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.TinyintType;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarcharType;
import org.apache.iceberg.HistoryEntry;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.OptionalLong;

import static io.trino.spi.StandardErrorCode.INVALID_ARGUMENTS;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static io.trino.spi.type.DateTimeEncoding.unpackMillisUtc;
import static java.lang.Math.floorDiv;
import static java.util.Objects.requireNonNull;

/**
 * Time travel: the snapshot a {@code FOR VERSION AS OF} or {@code FOR TIMESTAMP AS OF} clause reads.
 */
final class TableVersions
{
    private TableVersions() {}

    /**
     * The snapshot the version points to.
     * <ul>
     *   <li>{@code FOR VERSION AS OF <snapshot id>}: that snapshot, which must be one of the table's;</li>
     *   <li>{@code FOR VERSION AS OF '<branch or tag>'}: the snapshot the reference points to;</li>
     *   <li>{@code FOR TIMESTAMP AS OF <time>}: the snapshot that was current at that time (the last one
     *       committed at or before it, on the table's current line of history). A timestamp without a
     *       time zone, or a date (at midnight), is read in the session's time zone.</li>
     * </ul>
     *
     * @throws TrinoException {@code INVALID_ARGUMENTS} naming the table and the version when there is no such snapshot
     */
    static long snapshotId(SchemaTableName name, Table table, ConnectorTableVersion version, TimeZoneKey sessionZone)
    {
        requireNonNull(version, "version is null");
        Type type = version.getVersionType();
        Object value = version.getVersion();
        return switch (version.getPointerType()) {
            case TARGET_ID -> {
                if (type instanceof VarcharType) {
                    yield snapshotOfReference(name, table, ((Slice) value).toStringUtf8());
                }
                if (type instanceof BigintType || type instanceof IntegerType || type instanceof SmallintType || type instanceof TinyintType) {
                    long snapshotId = (long) value;
                    if (table.snapshot(snapshotId) == null) {
                        throw new TrinoException(INVALID_ARGUMENTS, "Table '%s' has no snapshot %s (FOR VERSION AS OF takes a snapshot id of the table's \"%s$snapshots\" table, or a branch or tag name)"
                                .formatted(name, snapshotId, name.getTableName()));
                    }
                    yield snapshotId;
                }
                throw new TrinoException(NOT_SUPPORTED, "Table '%s': FOR VERSION AS OF takes a snapshot id (an integer) or a branch or tag name (a varchar), not a value of type %s".formatted(name, type.getDisplayName()));
            }
            case TEMPORAL -> snapshotAtTime(name, table, epochMillis(type, value, sessionZone));
        };
    }

    private static long snapshotOfReference(SchemaTableName name, Table table, String reference)
    {
        SnapshotRef ref = table.refs().get(reference);
        if (ref == null) {
            throw new TrinoException(INVALID_ARGUMENTS, "Table '%s' has no branch or tag '%s'".formatted(name, reference));
        }
        return ref.snapshotId();
    }

    private static long snapshotAtTime(SchemaTableName name, Table table, long epochMillis)
    {
        // the snapshots that were current in turn, from the table's history (snapshot log)
        Long snapshotId = null;
        for (HistoryEntry entry : table.history()) {
            if (entry.timestampMillis() <= epochMillis) {
                snapshotId = entry.snapshotId();
            }
        }
        if (snapshotId == null || table.snapshot(snapshotId) == null) {
            Snapshot first = table.history().isEmpty() ? null : table.snapshot(table.history().getFirst().snapshotId());
            throw new TrinoException(INVALID_ARGUMENTS, "Table '%s' has no snapshot at or before %s%s".formatted(
                    name,
                    Instant.ofEpochMilli(epochMillis),
                    first == null ? " (it has no snapshots)" : " (its oldest snapshot was committed at %s)".formatted(Instant.ofEpochMilli(first.timestampMillis()))));
        }
        return snapshotId;
    }

    private static long epochMillis(Type type, Object value, TimeZoneKey sessionZone)
    {
        return switch (type) {
            case TimestampWithTimeZoneType timestamp when timestamp.isShort() -> unpackMillisUtc((long) value);
            case TimestampWithTimeZoneType _ -> ((LongTimestampWithTimeZone) value).getEpochMillis();
            case TimestampType timestamp -> {
                long epochMicros = timestamp.isShort() ? (long) value : ((LongTimestamp) value).getEpochMicros();
                LocalDateTime local = LocalDateTime.ofEpochSecond(floorDiv(epochMicros, 1_000_000L), 0, ZoneOffset.UTC)
                        .plusNanos((epochMicros - floorDiv(epochMicros, 1_000_000L) * 1_000_000L) * 1000);
                yield local.atZone(sessionZone.getZoneId()).toInstant().toEpochMilli();
            }
            case DateType _ -> LocalDate.ofEpochDay((long) value).atStartOfDay(sessionZone.getZoneId()).toInstant().toEpochMilli();
            default -> throw new TrinoException(NOT_SUPPORTED, "FOR TIMESTAMP AS OF takes a timestamp, a timestamp with time zone or a date, not " + type.getDisplayName());
        };
    }

    /**
     * The columns a read of the snapshot sees: those of its schema when it is an older snapshot (time travel),
     * otherwise the table's current columns, which may have changed (renamed, widened, added) since the
     * current snapshot was committed, as schema changes commit no snapshot.
     */
    static Schema schemaOf(Table table, OptionalLong snapshotId)
    {
        Snapshot current = table.currentSnapshot();
        if (snapshotId.isEmpty() || (current != null && current.snapshotId() == snapshotId.getAsLong())) {
            return table.schema();
        }
        Snapshot snapshot = table.snapshot(snapshotId.getAsLong());
        if (snapshot == null || snapshot.schemaId() == null) {
            return table.schema();
        }
        return table.schemas().getOrDefault(snapshot.schemaId(), table.schema());
    }
}
