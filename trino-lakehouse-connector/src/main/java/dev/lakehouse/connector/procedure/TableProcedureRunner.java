package dev.lakehouse.connector.procedure;

import com.google.inject.Inject;
import dev.lakehouse.connector.LakehouseTableExecuteHandle;
import io.airlift.units.Duration;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.SchemaTableName;
import org.apache.iceberg.Table;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static dev.lakehouse.connector.procedure.TableProcedures.BUILD_BLOOM_INDEX;
import static dev.lakehouse.connector.procedure.TableProcedures.EXPIRE_SNAPSHOTS;
import static dev.lakehouse.connector.procedure.TableProcedures.OPTIMIZE_MANIFESTS;
import static dev.lakehouse.connector.procedure.TableProcedures.REMOVE_ORPHAN_FILES;
import static dev.lakehouse.connector.procedure.TableProcedures.RETENTION_THRESHOLD;
import static dev.lakehouse.connector.procedure.TableProcedures.ROLLBACK_TO_SNAPSHOT;
import static dev.lakehouse.connector.procedure.TableProcedures.SNAPSHOT_ID;
import static io.trino.spi.StandardErrorCode.INVALID_PROCEDURE_ARGUMENT;
import static io.trino.spi.StandardErrorCode.PROCEDURE_NOT_FOUND;
import static java.util.Objects.requireNonNull;

/**
 * Resolves the table procedures of {@link TableProcedures} and runs each with its own collaborator.
 */
public class TableProcedureRunner
{
    private final BloomIndexBuilder bloomIndexBuilder;
    private final SnapshotExpiration snapshotExpiration;
    private final OrphanFileRemoval orphanFileRemoval;

    @Inject
    public TableProcedureRunner(BloomIndexBuilder bloomIndexBuilder, SnapshotExpiration snapshotExpiration, OrphanFileRemoval orphanFileRemoval)
    {
        this.bloomIndexBuilder = requireNonNull(bloomIndexBuilder, "bloomIndexBuilder is null");
        this.snapshotExpiration = requireNonNull(snapshotExpiration, "snapshotExpiration is null");
        this.orphanFileRemoval = requireNonNull(orphanFileRemoval, "orphanFileRemoval is null");
    }

    /**
     * The handle of a procedure run on a table, with its arguments.
     *
     * @throws TrinoException when the connector has no such procedure
     */
    public LakehouseTableExecuteHandle handle(SchemaTableName table, String procedureName, Map<String, Object> properties)
    {
        return switch (procedureName) {
            case BUILD_BLOOM_INDEX, OPTIMIZE_MANIFESTS -> new LakehouseTableExecuteHandle(table.getSchemaName(), table.getTableName(), procedureName, Optional.empty(), OptionalLong.empty());
            case EXPIRE_SNAPSHOTS, REMOVE_ORPHAN_FILES -> new LakehouseTableExecuteHandle(
                    table.getSchemaName(),
                    table.getTableName(),
                    procedureName,
                    Optional.of((Duration) requireNonNull(properties.get(RETENTION_THRESHOLD), "retention_threshold is null")),
                    OptionalLong.empty());
            case ROLLBACK_TO_SNAPSHOT -> new LakehouseTableExecuteHandle(table.getSchemaName(), table.getTableName(), procedureName, Optional.empty(), OptionalLong.of(snapshotId(table, properties)));
            default -> throw new TrinoException(PROCEDURE_NOT_FOUND, "Table procedure '%s' does not exist for table '%s'".formatted(procedureName, table));
        };
    }

    /**
     * Runs the procedure on the newest state of the table.
     */
    public void run(ConnectorSession session, LakehouseTableExecuteHandle handle, Table table)
    {
        SchemaTableName name = handle.schemaTableName();
        switch (handle.procedureName()) {
            case BUILD_BLOOM_INDEX -> bloomIndexBuilder.build(session, name, table);
            case EXPIRE_SNAPSHOTS -> snapshotExpiration.expire(session, name, table, handle.retentionThreshold().orElseThrow());
            case REMOVE_ORPHAN_FILES -> orphanFileRemoval.remove(session, name, table, handle.retentionThreshold().orElseThrow());
            case OPTIMIZE_MANIFESTS -> ManifestOptimization.optimize(name, table);
            case ROLLBACK_TO_SNAPSHOT -> SnapshotRollback.rollback(name, table, handle.snapshotId().orElseThrow());
            default -> throw new IllegalArgumentException("Unknown table procedure: " + handle.procedureName());
        }
    }

    private static long snapshotId(SchemaTableName table, Map<String, Object> properties)
    {
        Object snapshotId = properties.get(SNAPSHOT_ID);
        if (snapshotId == null) {
            throw new TrinoException(INVALID_PROCEDURE_ARGUMENT, "rollback_to_snapshot of table '%s' needs a snapshot_id".formatted(table));
        }
        return (Long) snapshotId;
    }
}
