package dev.lakehouse.connector.planning;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.connector.bloom.BloomIndexCounters;
import io.trino.plugin.base.metrics.LongCount;
import io.trino.spi.metrics.Metric;
import io.trino.spi.metrics.Metrics;

import java.util.concurrent.atomic.AtomicLong;

import static dev.lakehouse.connector.LakehouseMetrics.BLOOM_INDEX_BYTES_READ;
import static dev.lakehouse.connector.LakehouseMetrics.BLOOM_INDEX_FILES_READ;
import static dev.lakehouse.connector.LakehouseMetrics.BLOOM_INDEX_READ_FAILURES;
import static dev.lakehouse.connector.LakehouseMetrics.FILES;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_SCANNED;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_SKIPPED_BY_BLOOM_INDEX;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_SKIPPED_BY_BLOOM_INDEX_DYNAMIC_FILTER;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_SKIPPED_BY_DYNAMIC_FILTER;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_SKIPPED_BY_MIN_MAX;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_SKIPPED_BY_PARTITION;
import static dev.lakehouse.connector.LakehouseMetrics.FILES_WITHOUT_BLOOM_INDEX;
import static dev.lakehouse.connector.LakehouseMetrics.MANIFESTS;
import static dev.lakehouse.connector.LakehouseMetrics.MANIFESTS_SKIPPED_BY_PARTITION;
import static dev.lakehouse.connector.LakehouseMetrics.SPLITS;

/**
 * What split generation read and skipped, per pruning stage. Updated by the thread generating splits,
 * read by the engine's threads collecting metrics.
 */
public final class ScanCounters
        implements BloomIndexCounters
{
    private final AtomicLong manifests = new AtomicLong();
    private final AtomicLong manifestsSkippedByPartition = new AtomicLong();
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong filesSkippedByPartition = new AtomicLong();
    private final AtomicLong filesSkippedByMinMax = new AtomicLong();
    private final AtomicLong filesSkippedByDynamicFilter = new AtomicLong();
    private final AtomicLong filesSkippedByBloomIndex = new AtomicLong();
    private final AtomicLong filesSkippedByBloomIndexDynamicFilter = new AtomicLong();
    private final AtomicLong filesWithoutBloomIndex = new AtomicLong();
    private final AtomicLong bloomIndexFilesRead = new AtomicLong();
    private final AtomicLong bloomIndexBytesRead = new AtomicLong();
    private final AtomicLong bloomIndexReadFailures = new AtomicLong();
    private final AtomicLong filesScanned = new AtomicLong();
    private final AtomicLong splits = new AtomicLong();

    void addManifests(long count)
    {
        manifests.addAndGet(count);
    }

    void addManifestsSkippedByPartition(long count)
    {
        manifestsSkippedByPartition.addAndGet(count);
    }

    void addFiles(long count)
    {
        files.addAndGet(count);
    }

    void addFilesSkippedByPartition(long count)
    {
        filesSkippedByPartition.addAndGet(count);
    }

    void addFilesSkippedByMinMax(long count)
    {
        filesSkippedByMinMax.addAndGet(count);
    }

    void addFilesSkippedByDynamicFilter(long count)
    {
        filesSkippedByDynamicFilter.addAndGet(count);
    }

    @Override
    public void addFilesSkippedByIndex(long count)
    {
        filesSkippedByBloomIndex.addAndGet(count);
    }

    @Override
    public void addFilesSkippedByIndexForDynamicFilter(long count)
    {
        filesSkippedByBloomIndexDynamicFilter.addAndGet(count);
    }

    @Override
    public void addFilesWithoutIndex(long count)
    {
        filesWithoutBloomIndex.addAndGet(count);
    }

    @Override
    public void addIndexFilesRead(long count)
    {
        bloomIndexFilesRead.addAndGet(count);
    }

    @Override
    public void addIndexBytesRead(long bytes)
    {
        bloomIndexBytesRead.addAndGet(bytes);
    }

    @Override
    public void addIndexReadFailures(long count)
    {
        bloomIndexReadFailures.addAndGet(count);
    }

    void addFilesScanned(long count)
    {
        filesScanned.addAndGet(count);
    }

    void addSplits(long count)
    {
        splits.addAndGet(count);
    }

    public Metrics toMetrics()
    {
        return new Metrics(ImmutableMap.<String, Metric<?>>builder()
                .put(MANIFESTS, new LongCount(manifests.get()))
                .put(MANIFESTS_SKIPPED_BY_PARTITION, new LongCount(manifestsSkippedByPartition.get()))
                .put(FILES, new LongCount(files.get()))
                .put(FILES_SKIPPED_BY_PARTITION, new LongCount(filesSkippedByPartition.get()))
                .put(FILES_SKIPPED_BY_MIN_MAX, new LongCount(filesSkippedByMinMax.get()))
                .put(FILES_SKIPPED_BY_DYNAMIC_FILTER, new LongCount(filesSkippedByDynamicFilter.get()))
                .put(FILES_SKIPPED_BY_BLOOM_INDEX, new LongCount(filesSkippedByBloomIndex.get()))
                .put(FILES_SKIPPED_BY_BLOOM_INDEX_DYNAMIC_FILTER, new LongCount(filesSkippedByBloomIndexDynamicFilter.get()))
                .put(FILES_WITHOUT_BLOOM_INDEX, new LongCount(filesWithoutBloomIndex.get()))
                .put(BLOOM_INDEX_FILES_READ, new LongCount(bloomIndexFilesRead.get()))
                .put(BLOOM_INDEX_BYTES_READ, new LongCount(bloomIndexBytesRead.get()))
                .put(BLOOM_INDEX_READ_FAILURES, new LongCount(bloomIndexReadFailures.get()))
                .put(FILES_SCANNED, new LongCount(filesScanned.get()))
                .put(SPLITS, new LongCount(splits.get()))
                .buildOrThrow());
    }
}
