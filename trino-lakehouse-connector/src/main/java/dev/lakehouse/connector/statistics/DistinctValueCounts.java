package dev.lakehouse.connector.statistics;

import com.google.common.collect.ImmutableMap;
import io.airlift.log.Logger;
import org.apache.iceberg.BlobMetadata;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.iceberg.puffin.StandardBlobTypes.APACHE_DATASKETCHES_THETA_V1;

/**
 * Distinct value counts of columns, from the table's Iceberg statistics files: the {@code ndv} property
 * that Iceberg defines on {@code apache-datasketches-theta-v1} blobs, which Trino's Iceberg connector
 * writes with every write and {@code ANALYZE}, and this connector with every write. Only the blob metadata
 * recorded in the table metadata is read, never the Puffin file itself.
 */
public final class DistinctValueCounts
{
    private static final Logger log = Logger.get(DistinctValueCounts.class);

    public static final String NDV_PROPERTY = "ndv";

    private DistinctValueCounts() {}

    /**
     * The distinct value counts by field id, from the statistics file of the snapshot or, when it has
     * none, of its nearest ancestor that has one (counts of an older snapshot are estimates of the newer
     * one, as good as the optimizer needs). Empty when no ancestor has a statistics file; fields without
     * a count are absent.
     */
    public static Map<Integer, Long> of(Table table, Snapshot snapshot)
    {
        List<StatisticsFile> files = table.statisticsFiles();
        if (files.isEmpty()) {
            return ImmutableMap.of();
        }
        Map<Long, StatisticsFile> bySnapshot = new HashMap<>();
        for (StatisticsFile file : files) {
            bySnapshot.put(file.snapshotId(), file);
        }
        return closestStatisticsFile(table, snapshot, bySnapshot)
                .map(DistinctValueCounts::fromBlobs)
                .orElse(ImmutableMap.of());
    }

    private static Optional<StatisticsFile> closestStatisticsFile(Table table, Snapshot snapshot, Map<Long, StatisticsFile> bySnapshot)
    {
        Snapshot current = snapshot;
        while (current != null) {
            StatisticsFile file = bySnapshot.get(current.snapshotId());
            if (file != null) {
                return Optional.of(file);
            }
            Long parentId = current.parentId();
            current = parentId == null ? null : table.snapshot(parentId);
        }
        return Optional.empty();
    }

    private static Map<Integer, Long> fromBlobs(StatisticsFile file)
    {
        Map<Integer, Long> counts = new HashMap<>();
        for (BlobMetadata blob : file.blobMetadata()) {
            if (!blob.type().equals(APACHE_DATASKETCHES_THETA_V1) || blob.fields().size() != 1) {
                continue;
            }
            String ndv = blob.properties().get(NDV_PROPERTY);
            if (ndv == null) {
                continue;
            }
            try {
                long count = Long.parseLong(ndv);
                if (count >= 0) {
                    counts.put(blob.fields().getFirst(), count);
                }
            }
            catch (NumberFormatException e) {
                // a statistic is a hint: a bad one is ignored, never fails a query
                log.warn(e, "Statistics file %s has an invalid ndv '%s' for field %s", file.path(), ndv, blob.fields().getFirst());
            }
        }
        return ImmutableMap.copyOf(counts);
    }
}
