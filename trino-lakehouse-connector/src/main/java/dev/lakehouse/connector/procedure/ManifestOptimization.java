package dev.lakehouse.connector.procedure;

import io.airlift.log.Logger;
import io.trino.spi.connector.SchemaTableName;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;

import java.util.List;

import static org.apache.iceberg.TableProperties.MANIFEST_TARGET_SIZE_BYTES;
import static org.apache.iceberg.TableProperties.MANIFEST_TARGET_SIZE_BYTES_DEFAULT;

/**
 * {@code ALTER TABLE ... EXECUTE optimize_manifests}: rewrites the manifests of the current snapshot into
 * manifests of the target size ({@code commit.manifest.target-size-bytes}), the entries grouped by their
 * first partition value, as Trino's Iceberg connector does, so that planning reads fewer manifests and skips
 * more of them by partition. Data files keep their sequence numbers, so their bloom index is still found.
 */
public final class ManifestOptimization
{
    private static final Logger log = Logger.get(ManifestOptimization.class);

    private ManifestOptimization() {}

    public static void optimize(SchemaTableName name, Table table)
    {
        Snapshot snapshot = table.currentSnapshot();
        if (snapshot == null) {
            return;
        }
        List<ManifestFile> manifests = snapshot.allManifests(table.io());
        long targetSize = Long.parseLong(table.properties().getOrDefault(MANIFEST_TARGET_SIZE_BYTES, String.valueOf(MANIFEST_TARGET_SIZE_BYTES_DEFAULT)));
        if (manifests.isEmpty() || (manifests.size() == 1 && manifests.getFirst().length() < targetSize)) {
            return;
        }
        table.rewriteManifests()
                .clusterBy(file -> {
                    StructLike partition = file.partition();
                    return partition.size() > 1 ? partition.get(0, Object.class) : partition;
                })
                .commit();
        log.info("optimize_manifests of table %s rewrote %s manifests into %s", name, manifests.size(), table.currentSnapshot().allManifests(table.io()).size());
    }
}
