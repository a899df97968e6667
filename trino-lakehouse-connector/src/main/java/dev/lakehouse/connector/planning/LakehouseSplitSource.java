package dev.lakehouse.connector.planning;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.connector.LakehouseColumnHandle;
import dev.lakehouse.connector.LakehouseSmallFilesSplit;
import dev.lakehouse.connector.LakehouseSplit;
import dev.lakehouse.connector.bloom.BloomIndexLookup;
import dev.lakehouse.connector.bloom.BloomIndexPruner;
import dev.lakehouse.connector.convert.PredicateConverter;
import dev.lakehouse.connector.deletes.LakehouseDeleteFile;
import dev.lakehouse.connector.merge.PartitionDataJson;
import io.airlift.units.Duration;
import io.trino.spi.SplitWeight;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorSplit;
import io.trino.spi.connector.ConnectorSplitSource;
import io.trino.spi.connector.DynamicFilter;
import io.trino.spi.metrics.Metrics;
import io.trino.spi.predicate.TupleDomain;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.InclusiveMetricsEvaluator;
import org.apache.iceberg.expressions.Projections;
import org.apache.iceberg.util.ContentFileUtil;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import static com.google.common.base.Preconditions.checkState;
import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static java.lang.Math.clamp;
import static java.lang.Math.max;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.CompletableFuture.completedFuture;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * Splits of the data files a scan may need. Before the first split it waits, up to the dynamic filtering
 * wait timeout, for the dynamic filters of joins; each file is then checked against the latest dynamic
 * filter as well, so files a join cannot match never become splits. Large files are split at row group
 * boundaries into splits of about the target split size; small files are read several to a split, each
 * counted at least its open cost, up to the split size (as Iceberg's planning packs them).
 */
public final class LakehouseSplitSource
        implements ConnectorSplitSource
{
    private static final double MINIMUM_SPLIT_WEIGHT = 0.05;

    // files handed to the bloom index at once: its filters for them are read together
    private static final int BLOOM_INDEX_BATCH_SIZE = 1_000;

    private final Supplier<DataFileScan> scanFactory;
    private final BloomIndexPruner bloomIndexPruner;
    private final BloomIndexLookup bloomIndexLookup;
    private final int maxDynamicFilterLookupValues;
    private BloomIndexLookup dynamicBloomIndexLookup = BloomIndexLookup.NONE;
    private final Deque<DataFile> pending = new ArrayDeque<>();
    private final DynamicFilter dynamicFilter;
    private final Schema schema;
    private final Collection<Schema> schemas;
    private final Map<Integer, PartitionSpec> specs;
    private final Set<LakehouseColumnHandle> dynamicFilterColumns;
    private final long splitSize;
    private final long fileOpenCost;
    // small files gathered into the next split, and their size with each counted at least the open cost
    private final List<LakehouseSplit> smallFiles = new ArrayList<>();
    private long smallFilesWeight;
    private final long dynamicFilterDeadlineMillis;
    private final ScanCounters counters;
    private final Function<DeleteFile, LakehouseDeleteFile> deleteFileDescriptor;
    // descriptors of delete files that apply to many data files (those of a partition), made once
    private final Map<String, LakehouseDeleteFile> sharedDeleteFiles = new HashMap<>();

    private DataFileScan scan;
    private TupleDomain<ColumnHandle> appliedDynamicPredicate = TupleDomain.all();
    private InclusiveMetricsEvaluator dynamicMetricsEvaluator;
    private final Map<Integer, Evaluator> dynamicPartitionEvaluators = new HashMap<>();
    private boolean finished;

    public LakehouseSplitSource(
            Supplier<DataFileScan> scanFactory,
            BloomIndexPruner bloomIndexPruner,
            BloomIndexLookup bloomIndexLookup,
            int maxDynamicFilterLookupValues,
            Schema schema,
            Collection<Schema> schemas,
            Map<Integer, PartitionSpec> specs,
            DynamicFilter dynamicFilter,
            Duration dynamicFilteringWaitTimeout,
            long splitSize,
            long fileOpenCost,
            ScanCounters counters,
            Function<DeleteFile, LakehouseDeleteFile> deleteFileDescriptor)
    {
        this.deleteFileDescriptor = requireNonNull(deleteFileDescriptor, "deleteFileDescriptor is null");
        this.scanFactory = requireNonNull(scanFactory, "scanFactory is null");
        this.bloomIndexPruner = requireNonNull(bloomIndexPruner, "bloomIndexPruner is null");
        this.bloomIndexLookup = requireNonNull(bloomIndexLookup, "bloomIndexLookup is null");
        this.maxDynamicFilterLookupValues = maxDynamicFilterLookupValues;
        this.schema = requireNonNull(schema, "schema is null");
        this.schemas = ImmutableList.copyOf(requireNonNull(schemas, "schemas is null"));
        this.specs = requireNonNull(specs, "specs is null");
        this.dynamicFilter = requireNonNull(dynamicFilter, "dynamicFilter is null");
        this.dynamicFilterColumns = dynamicFilter.getColumnsCovered().stream()
                .map(LakehouseColumnHandle.class::cast)
                .collect(toImmutableSet());
        this.splitSize = splitSize;
        this.fileOpenCost = fileOpenCost;
        this.dynamicFilterDeadlineMillis = System.currentTimeMillis() + dynamicFilteringWaitTimeout.toMillis();
        this.counters = requireNonNull(counters, "counters is null");
    }

    @Override
    public CompletableFuture<ConnectorSplitBatch> getNextBatch(int maxSize)
    {
        checkState(!finished, "split source is finished");
        if (scan == null) {
            long remainingMillis = dynamicFilterDeadlineMillis - System.currentTimeMillis();
            if (dynamicFilter.isAwaitable() && remainingMillis > 0) {
                // wait for the next update of the dynamic filters (a copy: the engine's future must not be completed by us)
                return dynamicFilter.isBlocked()
                        .thenApply(_ -> (Object) null)
                        .completeOnTimeout(null, remainingMillis, MILLISECONDS)
                        .thenApply(_ -> new ConnectorSplitBatch(ImmutableList.of(), false));
            }
            scan = scanFactory.get();
        }

        List<ConnectorSplit> splits = new ArrayList<>();
        while (splits.size() < maxSize && hasNextFile()) {
            DataFile file = nextFile();
            counters.addFilesScanned(1);
            List<LakehouseSplit> fileSplits = splitsOf(file);
            if (fileSplits.size() == 1 && fileOpenCost < splitSize) {
                addSmallFile(fileSplits.getFirst(), splits);
            }
            else {
                counters.addSplits(fileSplits.size());
                splits.addAll(fileSplits);
            }
        }
        boolean last = !hasNextFile();
        if (last) {
            takeSmallFiles(splits);
            scan.close();
        }
        return completedFuture(new ConnectorSplitBatch(splits, last));
    }

    private void addSmallFile(LakehouseSplit file, List<ConnectorSplit> splits)
    {
        long weight = max(file.length(), fileOpenCost);
        if (!smallFiles.isEmpty() && smallFilesWeight + weight > splitSize) {
            takeSmallFiles(splits);
        }
        smallFiles.add(file);
        smallFilesWeight += weight;
    }

    private void takeSmallFiles(List<ConnectorSplit> splits)
    {
        if (smallFiles.isEmpty()) {
            return;
        }
        counters.addSplits(1);
        if (smallFiles.size() == 1) {
            splits.add(smallFiles.getFirst());
        }
        else {
            SplitWeight weight = SplitWeight.fromProportion(clamp((double) smallFilesWeight / splitSize, MINIMUM_SPLIT_WEIGHT, 1.0));
            splits.add(new LakehouseSmallFilesSplit(smallFiles, weight));
        }
        smallFiles.clear();
        smallFilesWeight = 0;
    }

    private boolean hasNextFile()
    {
        // a batch the bloom index rules out entirely leaves nothing pending: the scan may still have files
        while (pending.isEmpty() && scan.hasNext()) {
            fillPending();
        }
        return !pending.isEmpty();
    }

    private DataFile nextFile()
    {
        return pending.removeFirst();
    }

    /**
     * Takes the next files that pass the dynamic filter from the scan; with a bloom index to consult, a batch
     * of them at once, without those the index rules out.
     */
    private void fillPending()
    {
        updateDynamicFilter();
        BloomIndexLookup lookup = bloomIndexLookup.and(dynamicBloomIndexLookup);
        int batchSize = bloomIndexPruner.hasIndex() && !lookup.isEmpty() ? BLOOM_INDEX_BATCH_SIZE : 1;
        List<DataFile> batch = new ArrayList<>();
        while (batch.size() < batchSize && scan.hasNext()) {
            DataFile file = scan.next();
            if (file.recordCount() == 0) {
                continue;
            }
            if (!matchesDynamicFilter(file)) {
                counters.addFilesSkippedByDynamicFilter(1);
                continue;
            }
            // the scan's files are copies (the manifest reader copies each entry it returns): kept as they are
            batch.add(file);
        }
        if (batchSize == 1) {
            bloomIndexPruner.countFilesWithoutIndex(batch.size(), lookup);
            pending.addAll(batch);
            return;
        }
        BitSet skippable = bloomIndexPruner.skippable(batch, lookup);
        for (int index = 0; index < batch.size(); index++) {
            if (!skippable.get(index)) {
                pending.add(batch.get(index));
            }
        }
    }

    private void updateDynamicFilter()
    {
        TupleDomain<ColumnHandle> current = dynamicFilter.getCurrentPredicate();
        if (current.isAll() || current.isNone() || current.equals(appliedDynamicPredicate)) {
            return;
        }
        appliedDynamicPredicate = current;
        TupleDomain<LakehouseColumnHandle> predicate = current.transformKeys(LakehouseColumnHandle.class::cast);
        Expression expression = PredicateConverter.toIcebergExpression(predicate);
        dynamicMetricsEvaluator = new InclusiveMetricsEvaluator(schema, expression, true);
        dynamicPartitionEvaluators.clear();
        for (Map.Entry<Integer, PartitionSpec> spec : specs.entrySet()) {
            dynamicPartitionEvaluators.put(spec.getKey(), new Evaluator(spec.getValue().partitionType(), Projections.inclusive(spec.getValue(), true).project(expression), true));
        }
        dynamicBloomIndexLookup = BloomIndexLookup.ofDynamicFilter(predicate, schema, schemas, maxDynamicFilterLookupValues);
    }

    private boolean matchesDynamicFilter(DataFile file)
    {
        TupleDomain<ColumnHandle> current = dynamicFilter.getCurrentPredicate();
        if (current.isAll()) {
            return true;
        }
        if (current.isNone()) {
            return false;
        }
        updateDynamicFilter();
        Evaluator partitionEvaluator = dynamicPartitionEvaluators.get(file.specId());
        return (partitionEvaluator == null || partitionEvaluator.eval(file.partition())) && dynamicMetricsEvaluator.eval(file);
    }

    private List<LakehouseSplit> splitsOf(DataFile file)
    {
        TupleDomain<LakehouseColumnHandle> fileDomain = FileStatisticsDomain.of(file, specs.get(file.specId()), dynamicFilterColumns);
        long fileSize = file.fileSizeInBytes();
        List<Long> offsets = file.splitOffsets();
        List<Long> boundaries = new ArrayList<>();
        boundaries.add(0L);
        if (offsets != null && !offsets.isEmpty()) {
            long splitStart = 0;
            for (long offset : offsets) {
                if (offset > splitStart && offset - splitStart >= splitSize && offset < fileSize) {
                    boundaries.add(offset);
                    splitStart = offset;
                }
            }
        }
        else {
            for (long offset = splitSize; offset < fileSize; offset += splitSize) {
                boundaries.add(offset);
            }
        }
        boundaries.add(fileSize);
        List<LakehouseDeleteFile> deletes = deletesOf(file);
        String partitionData = PartitionDataJson.toJson(specs.get(file.specId()), file.partition());

        ImmutableList.Builder<LakehouseSplit> splits = ImmutableList.builderWithExpectedSize(boundaries.size() - 1);
        for (int i = 0; i + 1 < boundaries.size(); i++) {
            long start = boundaries.get(i);
            long length = boundaries.get(i + 1) - start;
            SplitWeight weight = SplitWeight.fromProportion(clamp((double) length / splitSize, MINIMUM_SPLIT_WEIGHT, 1.0));
            splits.add(new LakehouseSplit(file.location(), start, length, fileSize, file.recordCount(), file.specId(), partitionData, fileDomain, weight, deletes));
        }
        return splits.build();
    }

    private List<LakehouseDeleteFile> deletesOf(DataFile file)
    {
        List<DeleteFile> deleteFiles = scan.deleteFilesOf(file);
        if (deleteFiles.isEmpty()) {
            return ImmutableList.of();
        }
        ImmutableList.Builder<LakehouseDeleteFile> deletes = ImmutableList.builderWithExpectedSize(deleteFiles.size());
        for (DeleteFile deleteFile : deleteFiles) {
            if (ContentFileUtil.isDV(deleteFile)) {
                deletes.add(deleteFileDescriptor.apply(deleteFile));
            }
            else {
                deletes.add(sharedDeleteFiles.computeIfAbsent(deleteFile.location(), _ -> deleteFileDescriptor.apply(deleteFile)));
            }
        }
        return deletes.build();
    }

    @Override
    public Metrics getMetrics()
    {
        return counters.toMetrics();
    }

    @Override
    public void close()
    {
        finished = true;
        if (scan != null) {
            scan.close();
        }
    }

    @Override
    public boolean isFinished()
    {
        return scan != null && pending.isEmpty() && !scan.hasNext() && smallFiles.isEmpty();
    }
}
