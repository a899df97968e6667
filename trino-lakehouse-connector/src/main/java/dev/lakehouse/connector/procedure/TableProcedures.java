package dev.lakehouse.connector.procedure;

import com.google.common.collect.ImmutableSet;
import io.airlift.units.Duration;
import io.trino.spi.connector.TableProcedureMetadata;
import io.trino.spi.session.PropertyMetadata;

import java.util.List;
import java.util.Set;

import static io.trino.plugin.base.session.PropertyMetadataUtil.durationProperty;
import static io.trino.spi.connector.TableProcedureExecutionMode.coordinatorOnly;
import static io.trino.spi.session.PropertyMetadata.longProperty;
import static java.util.concurrent.TimeUnit.DAYS;

/**
 * The procedures of {@code ALTER TABLE ... EXECUTE}, by the name Trino resolves them with (upper case).
 */
public final class TableProcedures
{
    /** Builds the bloom index of the data files that have none for a declared bloom filter column. */
    public static final String BUILD_BLOOM_INDEX = "BUILD_BLOOM_INDEX";
    /** Removes the snapshots older than a threshold, and the files only they referenced. */
    public static final String EXPIRE_SNAPSHOTS = "EXPIRE_SNAPSHOTS";
    /** Deletes the files under the table's data and metadata locations that nothing references. */
    public static final String REMOVE_ORPHAN_FILES = "REMOVE_ORPHAN_FILES";
    /** Rewrites the manifests of the current snapshot, grouped by partition, to their target size. */
    public static final String OPTIMIZE_MANIFESTS = "OPTIMIZE_MANIFESTS";
    /** Makes an earlier snapshot the current one. */
    public static final String ROLLBACK_TO_SNAPSHOT = "ROLLBACK_TO_SNAPSHOT";
    public static final String RETENTION_THRESHOLD = "retention_threshold";
    public static final String SNAPSHOT_ID = "snapshot_id";

    public static final Set<TableProcedureMetadata> TABLE_PROCEDURES = ImmutableSet.of(
            new TableProcedureMetadata(BUILD_BLOOM_INDEX, coordinatorOnly(), List.of()),
            new TableProcedureMetadata(EXPIRE_SNAPSHOTS, coordinatorOnly(), List.of(retentionThreshold("Snapshots older than this are removed"))),
            new TableProcedureMetadata(REMOVE_ORPHAN_FILES, coordinatorOnly(), List.of(retentionThreshold("Unreferenced files older than this are deleted"))),
            new TableProcedureMetadata(OPTIMIZE_MANIFESTS, coordinatorOnly(), List.of()),
            new TableProcedureMetadata(ROLLBACK_TO_SNAPSHOT, coordinatorOnly(), List.of(longProperty(SNAPSHOT_ID, "Snapshot to make the current one", null, false))));

    private TableProcedures() {}

    private static PropertyMetadata<Duration> retentionThreshold(String description)
    {
        return durationProperty(RETENTION_THRESHOLD, description, new Duration(7, DAYS), false);
    }
}
