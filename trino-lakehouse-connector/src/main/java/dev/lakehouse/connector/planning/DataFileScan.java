package dev.lakehouse.connector.planning;

import com.google.common.base.Suppliers;
import com.google.common.collect.AbstractIterator;
import dev.lakehouse.connector.deletes.DeleteFileIndex;
import io.trino.spi.TrinoException;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.InclusiveMetricsEvaluator;
import org.apache.iceberg.expressions.ManifestEvaluator;
import org.apache.iceberg.expressions.Projections;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.io.FileIO;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_UNSUPPORTED_TABLE_FEATURE;
import static java.util.Objects.requireNonNull;

/**
 * The live data files of a snapshot that a filter may match, read manifest by manifest, with each pruning
 * stage counted: manifests skipped by their partition summaries, then files skipped by their partition
 * values, then by their column min/max values and null counts. Every stage is inclusive: a file is only
 * skipped when no row of it can match.
 */
public final class DataFileScan
        extends AbstractIterator<DataFile>
        implements Closeable
{
    private final String tableName;
    private final FileIO io;
    private final Map<Integer, PartitionSpec> specs;
    private final Expression filter;
    private final Iterator<ManifestFile> manifests;
    private final InclusiveMetricsEvaluator metricsEvaluator;
    // whether the manifest reader may evaluate min/max itself: the filter is bound to the schema it binds to
    private final boolean canFilterInReader;
    private final Map<Integer, ManifestEvaluator> manifestEvaluators = new HashMap<>();
    private final Map<Integer, Evaluator> partitionEvaluators = new HashMap<>();
    private final ScanCounters counters;
    // read when the first data file asks for its delete files
    private final Supplier<DeleteFileIndex> deleteFiles;

    private ManifestReader<DataFile> reader;
    private CloseableIterator<DataFile> files;
    private Evaluator partitionEvaluator;
    // for a manifest whose reader evaluates min/max: its live files, and those the reader returned
    private long filteredManifestFiles = -1;
    private long filteredManifestMatches;

    public DataFileScan(String tableName, Table table, Snapshot snapshot, Schema schema, Expression filter, ScanCounters counters)
    {
        this.tableName = requireNonNull(tableName, "tableName is null");
        this.io = table.io();
        this.specs = table.specs();
        this.filter = requireNonNull(filter, "filter is null");
        this.counters = requireNonNull(counters, "counters is null");
        Map<Integer, PartitionSpec> tableSpecs = this.specs;
        this.deleteFiles = Suppliers.memoize(() -> DeleteFileIndex.load(tableName, snapshot, io, tableSpecs, filter));
        List<ManifestFile> dataManifests = snapshot.dataManifests(io);
        counters.addManifests(dataManifests.size());
        this.manifests = dataManifests.iterator();
        this.metricsEvaluator = new InclusiveMetricsEvaluator(schema, filter, true);
        this.canFilterInReader = filter.op() != Expression.Operation.TRUE && schema.sameSchema(table.schema());
    }

    @Override
    protected DataFile computeNext()
    {
        while (true) {
            if (files != null && files.hasNext()) {
                DataFile file = files.next();
                if (filteredManifestFiles >= 0) {
                    // the reader kept only files that pass min/max
                    filteredManifestMatches++;
                    return checkFormat(file);
                }
                counters.addFiles(1);
                if (!partitionEvaluator.eval(file.partition())) {
                    counters.addFilesSkippedByPartition(1);
                    continue;
                }
                if (!metricsEvaluator.eval(file)) {
                    counters.addFilesSkippedByMinMax(1);
                    continue;
                }
                return checkFormat(file);
            }
            closeReader();
            if (!manifests.hasNext()) {
                return endOfData();
            }
            ManifestFile manifest = manifests.next();
            ManifestEvaluator manifestEvaluator = manifestEvaluators.computeIfAbsent(
                    manifest.partitionSpecId(),
                    specId -> ManifestEvaluator.forRowFilter(filter, specs.get(specId), true));
            if (!manifestEvaluator.eval(manifest)) {
                counters.addManifestsSkippedByPartition(1);
                long skippedFiles = count(manifest.addedFilesCount()) + count(manifest.existingFilesCount());
                counters.addFiles(skippedFiles);
                counters.addFilesSkippedByPartition(skippedFiles);
                continue;
            }
            PartitionSpec spec = specs.get(manifest.partitionSpecId());
            Expression partitionFilter = Projections.inclusive(spec, true).project(filter);
            partitionEvaluator = partitionEvaluators.computeIfAbsent(manifest.partitionSpecId(), _ -> new Evaluator(spec.partitionType(), partitionFilter, true));
            reader = ManifestFiles.read(manifest, io, specs);
            if (canFilterInReader && partitionFilter.op() == Expression.Operation.TRUE && manifest.addedFilesCount() != null && manifest.existingFilesCount() != null) {
                // no partition can be ruled out: the reader evaluates min/max on the entries it reads, before
                // copying them, and copies only the files that pass (all files it skips are skipped by min/max)
                reader = reader.filterRows(filter).caseSensitive(true);
                filteredManifestFiles = manifest.addedFilesCount() + manifest.existingFilesCount();
                filteredManifestMatches = 0;
                counters.addFiles(filteredManifestFiles);
            }
            files = reader.iterator();
        }
    }

    /**
     * The delete files that apply to a data file of this scan.
     */
    public List<DeleteFile> deleteFilesOf(DataFile file)
    {
        return deleteFiles.get().forDataFile(file);
    }

    private static long count(Integer count)
    {
        return count == null ? 0 : count;
    }

    private DataFile checkFormat(DataFile file)
    {
        if (file.format() != FileFormat.PARQUET) {
            throw new TrinoException(LAKEHOUSE_UNSUPPORTED_TABLE_FEATURE, "Table '%s' has a data file in %s format (%s): this connector reads Parquet data files only"
                    .formatted(tableName, file.format(), file.location()));
        }
        return file;
    }

    private void closeReader()
    {
        if (filteredManifestFiles >= 0 && files != null && !files.hasNext()) {
            counters.addFilesSkippedByMinMax(filteredManifestFiles - filteredManifestMatches);
        }
        filteredManifestFiles = -1;
        try {
            if (files != null) {
                files.close();
            }
            if (reader != null) {
                reader.close();
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        finally {
            files = null;
            reader = null;
        }
    }

    @Override
    public void close()
    {
        closeReader();
    }
}
