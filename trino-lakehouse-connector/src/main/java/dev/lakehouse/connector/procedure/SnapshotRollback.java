package dev.lakehouse.connector.procedure;

import io.airlift.log.Logger;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.SchemaTableName;
import org.apache.iceberg.Table;

import static io.trino.spi.StandardErrorCode.INVALID_PROCEDURE_ARGUMENT;

/**
 * {@code ALTER TABLE ... EXECUTE rollback_to_snapshot(snapshot_id => ...)}: makes a snapshot of the table the
 * current one again, as Trino's Iceberg connector does (any snapshot the table still has, not only an
 * ancestor of the current one). No file is deleted: the snapshots after it stay until they expire.
 */
public final class SnapshotRollback
{
    private static final Logger log = Logger.get(SnapshotRollback.class);

    private SnapshotRollback() {}

    public static void rollback(SchemaTableName name, Table table, long snapshotId)
    {
        if (table.snapshot(snapshotId) == null) {
            throw new TrinoException(INVALID_PROCEDURE_ARGUMENT, "Table '%s' has no snapshot %s to roll back to".formatted(name, snapshotId));
        }
        long previous = table.currentSnapshot() == null ? -1 : table.currentSnapshot().snapshotId();
        table.manageSnapshots().setCurrentSnapshot(snapshotId).commit();
        log.info("rollback_to_snapshot of table %s: current snapshot %s, was %s", name, snapshotId, previous);
    }
}
