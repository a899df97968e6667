package dev.lakehouse.connector.writer;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.connector.LakehouseColumnHandle;
import dev.lakehouse.connector.bloom.BloomFilterColumns;
import dev.lakehouse.connector.bloom.BloomIndexFile;
import dev.lakehouse.connector.bloom.BloomIndexFileWriter;
import dev.lakehouse.connector.bloom.BloomIndexFormat;
import dev.lakehouse.connector.bloom.DataFileBloomFilters;
import dev.lakehouse.connector.statistics.DistinctValueSketches;
import io.airlift.json.JsonCodec;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import io.airlift.units.DataSize;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.parquet.writer.ParquetWriterOptions;
import io.trino.spi.Page;
import io.trino.spi.PageSorter;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorPageSink;
import io.trino.spi.connector.SortOrder;
import io.trino.spi.type.Type;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortField;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.parquet.format.CompressionCodec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_TOO_MANY_OPEN_PARTITIONS;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_UNSUPPORTED_TABLE_FEATURE;
import static java.lang.Math.max;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.CompletableFuture.completedFuture;

/**
 * Writes the rows one writer task receives into Parquet data files: a file per partition at a time, a new
 * one when a file reaches the target size, rows sorted within each file for sorted tables. The rows held in
 * memory (gathered, or in open files) stay below the writer's memory limit: past it, the partitions holding
 * most are written out as finished files, so a write over thousands of partitions makes more files rather
 * than fill the heap. {@link #finish} returns the files for the coordinator to commit; {@link #abort}
 * deletes every file this sink wrote, so a failed or cancelled write leaves nothing behind.
 */
public class LakehousePageSink
        implements ConnectorPageSink
{
    // rows of a new file with bloom filter columns held before it is opened, to size its row-group filters
    private static final long ROWS_BEFORE_OPENING_FILE = 100_000;
    // room in the row-group filters of a file opened before it is complete, for the values still to come
    private static final long GROWTH_ALLOWANCE = 4;
    // a smaller bound leaves Parquet's filter at its default maximum
    private static final long MIN_ROW_GROUP_FILTER_BYTES = 64;
    // rows of one partition gathered before they are written as one page
    private static final int BATCH_ROWS = 8192;

    private final String tableName;
    private final TrinoFileSystem fileSystem;
    private final Schema schema;
    private final PartitionSpec spec;
    private final int sortOrderId;
    private final PartitionFunction partitionFunction;
    private final int[] fileChannels;
    private final List<Type> fileTypes;
    private final Location dataLocation;
    private final String fileNamePrefix;
    private final long targetFileSize;
    private final int maxOpenPartitions;
    private final ParquetWriterOptions writerOptions;
    private final CompressionCodec compression;
    private final String trinoVersion;
    private final JsonCodec<WriterResult> resultCodec;
    private final Optional<SortSpec> sortSpec;
    private final DistinctValueSketches distinctValueSketches;
    private final long sortBufferSize;
    private final PageSorter pageSorter;
    private final BloomFilterColumns bloomFilterColumns;
    private final int maxBloomDistinctValues;
    // all new files' held rows together; past it, the files holding most are opened
    private final long maxPendingBytes;
    // the memory of the rows not yet in finished files, shared with the node's other writers: past this
    // writer's share, its largest partitions are written out
    private final WriterMemoryBudget.Share memoryShare;
    private final long memoryBudget;
    private final Map<Integer, Map.Entry<Integer, Type>> bloomColumns;
    private final Set<String> rowGroupBloomFilterColumns;
    private final BloomIndexFileWriter bloomIndexWriter;

    private final Map<PartitionValues, PartitionWriter> writers = new HashMap<>();
    private final List<DataFileFragment> fragments = new ArrayList<>();
    private final List<Location> writtenFiles = new ArrayList<>();
    private long bufferedSortBytes;
    private long pendingBytes;
    private long batchRetainedBytes;
    // the memory of the open files, as each partition's writer last measured its own
    private long openFileBytes;
    private long writtenBytes;

    public LakehousePageSink(
            String tableName,
            TrinoFileSystem fileSystem,
            Schema schema,
            PartitionSpec spec,
            org.apache.iceberg.SortOrder sortOrder,
            List<LakehouseColumnHandle> inputColumns,
            Location dataLocation,
            String queryId,
            long targetFileSize,
            int maxOpenPartitions,
            ParquetWriterOptions writerOptions,
            CompressionCodec compression,
            String trinoVersion,
            JsonCodec<WriterResult> resultCodec,
            PageSorter pageSorter,
            long sortBufferSize,
            BloomFilterColumns bloomFilterColumns,
            int maxBloomDistinctValues,
            long maxPendingBytes,
            WriterMemoryBudget.Share memoryShare,
            long memoryBudget)
    {
        this.maxPendingBytes = maxPendingBytes;
        this.memoryShare = requireNonNull(memoryShare, "memoryShare is null");
        this.memoryBudget = memoryBudget;
        this.tableName = requireNonNull(tableName, "tableName is null");
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.spec = requireNonNull(spec, "spec is null");
        this.sortOrderId = sortOrder.orderId();
        this.dataLocation = requireNonNull(dataLocation, "dataLocation is null");
        this.fileNamePrefix = requireNonNull(queryId, "queryId is null") + "-";
        this.targetFileSize = targetFileSize;
        this.maxOpenPartitions = maxOpenPartitions;
        this.writerOptions = requireNonNull(writerOptions, "writerOptions is null");
        this.compression = requireNonNull(compression, "compression is null");
        this.trinoVersion = requireNonNull(trinoVersion, "trinoVersion is null");
        this.resultCodec = requireNonNull(resultCodec, "resultCodec is null");
        this.sortBufferSize = sortBufferSize;

        // pages arrive in the order of inputColumns; files are written in the order of the schema's columns
        List<Types.NestedField> columns = schema.columns();
        fileChannels = new int[columns.size()];
        ImmutableList.Builder<Type> types = ImmutableList.builder();
        for (int i = 0; i < columns.size(); i++) {
            int channel = channelOf(inputColumns, columns.get(i).fieldId());
            if (channel < 0) {
                throw new IllegalArgumentException("No input column for " + columns.get(i));
            }
            fileChannels[i] = channel;
            types.add(inputColumns.get(channel).type());
        }
        fileTypes = types.build();
        distinctValueSketches = new DistinctValueSketches(columns, fileTypes);
        partitionFunction = new PartitionFunction(spec, schema, inputColumns, tableName);
        sortSpec = sortSpec(sortOrder, schema, tableName);
        this.pageSorter = requireNonNull(pageSorter, "pageSorter is null");
        this.bloomFilterColumns = requireNonNull(bloomFilterColumns, "bloomFilterColumns is null");
        this.maxBloomDistinctValues = maxBloomDistinctValues;
        Map<Integer, Map.Entry<Integer, Type>> bloomColumns = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (bloomFilterColumns.fieldIds().contains(columns.get(i).fieldId())) {
                bloomColumns.put(columns.get(i).fieldId(), new SimpleImmutableEntry<>(i, fileTypes.get(i)));
            }
        }
        this.bloomColumns = bloomColumns;
        // Parquet row-group bloom filters for the same columns, named as in the file's Parquet schema; none
        // for real and double: Trino's Parquet reader (ours and other catalogs') looks 0.0 and -0.0 up by
        // their bits, and would skip row groups holding the other zero, which SQL holds equal
        ImmutableSet.Builder<String> rowGroupBloomFilterColumns = ImmutableSet.builder();
        for (org.apache.parquet.schema.Type field : ParquetSchemaUtil.convert(schema, "table").getFields()) {
            if (field.getId() != null && bloomColumns.containsKey(field.getId().intValue()) && !isFloatingPoint(schema.findType(field.getId().intValue()))) {
                rowGroupBloomFilterColumns.add(field.getName());
            }
        }
        this.rowGroupBloomFilterColumns = rowGroupBloomFilterColumns.build();
        this.bloomIndexWriter = new BloomIndexFileWriter(fileSystem, dataLocation.appendPath(fileNamePrefix + UUID.randomUUID() + BloomIndexFormat.FILE_SUFFIX));
    }

    @Override
    public CompletableFuture<?> appendPage(Page page)
    {
        if (page.getPositionCount() == 0) {
            return NOT_BLOCKED;
        }
        Page filePage = page.getColumns(fileChannels);
        distinctValueSketches.add(filePage);
        if (partitionFunction.isUnpartitioned()) {
            writer(PartitionValues.UNPARTITIONED).append(filePage);
            enforceMemoryLimit();
            return NOT_BLOCKED;
        }

        // group the rows by partition, keeping their order
        List<PartitionValues> partitions = new ArrayList<>();
        int[] partitionIndexes = partitionFunction.assign(page, partitions);
        if (partitions.size() == 1) {
            writer(partitions.getFirst()).append(filePage);
            enforceMemoryLimit();
            return NOT_BLOCKED;
        }
        int[] counts = new int[partitions.size()];
        for (int index : partitionIndexes) {
            counts[index]++;
        }
        int[][] positions = new int[partitions.size()][];
        for (int partition = 0; partition < positions.length; partition++) {
            positions[partition] = new int[counts[partition]];
        }
        int[] filled = new int[partitions.size()];
        for (int position = 0; position < partitionIndexes.length; position++) {
            int partition = partitionIndexes[position];
            positions[partition][filled[partition]++] = position;
        }
        for (int partition = 0; partition < positions.length; partition++) {
            PartitionWriter writer = writer(partitions.get(partition));
            if (sortSpec.isPresent()) {
                writer.append(filePage.getPositions(positions[partition], 0, counts[partition]));
            }
            else {
                writer.appendRows(filePage, positions[partition], counts[partition]);
            }
        }
        enforceMemoryLimit();
        return NOT_BLOCKED;
    }

    /**
     * Past this writer's share of the memory, writes out the partitions holding most until half the share is
     * used: their rows go into finished files, as large as the share allows, and each pass frees enough that
     * a page arriving for many small partitions does not cost a pass over all of them.
     */
    private void enforceMemoryLimit()
    {
        long maxMemory = memoryShare.maxBytes(memoryBudget);
        if (partitionMemoryBytes() <= maxMemory) {
            return;
        }
        for (PartitionWriter writer : largestFirst(PartitionWriter::memoryBytes)) {
            if (partitionMemoryBytes() <= maxMemory / 2) {
                return;
            }
            writer.writeOut();
        }
    }

    private PartitionWriter writer(PartitionValues partition)
    {
        PartitionWriter writer = writers.get(partition);
        if (writer == null) {
            if (writers.size() >= maxOpenPartitions) {
                throw new TrinoException(LAKEHOUSE_TOO_MANY_OPEN_PARTITIONS,
                        "Writing to table '%s' would open more than %s partitions in one writer (lakehouse.writer.max-open-partitions)".formatted(tableName, maxOpenPartitions));
            }
            writer = new PartitionWriter(partition);
            writers.put(partition, writer);
        }
        return writer;
    }

    @Override
    public long getCompletedBytes()
    {
        return writtenBytes;
    }

    @Override
    public long getMemoryUsage()
    {
        return partitionMemoryBytes() + bloomIndexWriter.retainedBytes();
    }

    /**
     * What the partitions hold, which writing them out releases (the bloom index writer holds a bounded
     * amount of its own).
     */
    private long partitionMemoryBytes()
    {
        // kept up to date as partitions change, not summed over them: a write may hold thousands
        return bufferedSortBytes + pendingBytes + batchRetainedBytes + openFileBytes + distinctValueSketches.retainedBytes();
    }

    @Override
    public CompletableFuture<Collection<Slice>> finish()
    {
        memoryShare.close();
        for (PartitionWriter writer : writers.values()) {
            writer.finish();
        }
        writers.clear();
        Optional<BloomIndexFile> bloomIndexFile = bloomIndexWriter.finish();
        WriterResult result = new WriterResult(fragments, distinctValueSketches.serialize(), bloomIndexFile.map(List::of).orElse(List.of()), List.of());
        return completedFuture(ImmutableList.of(Slices.wrappedBuffer(resultCodec.toJsonBytes(result))));
    }

    @Override
    public void abort()
    {
        memoryShare.close();
        RuntimeException failure = null;
        for (PartitionWriter writer : writers.values()) {
            try {
                writer.abort();
            }
            catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        writers.clear();
        try {
            bloomIndexWriter.abort();
        }
        catch (IOException | RuntimeException e) {
            if (failure == null) {
                failure = new RuntimeException("Failed to delete bloom index file %s written for table '%s'".formatted(bloomIndexWriter.location(), tableName), e);
            }
        }
        try {
            fileSystem.deleteFiles(writtenFiles);
        }
        catch (Exception e) {
            if (failure == null) {
                failure = new RuntimeException("Failed to delete data files written for table '%s'".formatted(tableName), e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private ParquetFileWriter newFileWriter(PartitionValues partition, ParquetWriterOptions options)
    {
        String fileName = fileNamePrefix + UUID.randomUUID() + ".parquet";
        Location location = partitionFunction.isUnpartitioned()
                ? dataLocation.appendPath(fileName)
                : dataLocation.appendPath(spec.partitionToPath(partition)).appendPath(fileName);
        ParquetFileWriter writer = new ParquetFileWriter(fileSystem, location, schema, fileTypes, options, compression, trinoVersion);
        writtenFiles.add(location);
        return writer;
    }

    /**
     * Writer options whose row-group bloom filters hold the given number of distinct values at the table's
     * false-positive rate. Trino's Parquet writer sizes each filter for 100,000 values, bounded by the
     * maximum size: the bound sizes it for what the file holds.
     */
    private ParquetWriterOptions writerOptions(long distinctValues)
    {
        long filterBytes = DataFileBloomFilters.newFilter(distinctValues, bloomFilterColumns.fpp()).getBitsetSize();
        return ParquetWriterOptions.builder()
                .setMaxBlockSize(DataSize.ofBytes(writerOptions.getMaxRowGroupSize()))
                .setMaxPageSize(DataSize.ofBytes(writerOptions.getMaxPageSize()))
                .setMaxPageValueCount(writerOptions.getMaxPageValueCount())
                .setBatchSize(writerOptions.getBatchSize())
                .setBloomFilterColumns(rowGroupBloomFilterColumns)
                .setBloomFilterFpp(bloomFilterColumns.fpp())
                .setMaxBloomFilterSize(DataSize.ofBytes(max(filterBytes, MIN_ROW_GROUP_FILTER_BYTES)))
                .build();
    }

    /**
     * Opens the files holding most rows until the held rows take half the limit: each pass over the
     * partitions frees at least half of it, so many small partitions do not cost a pass per page.
     */
    private void openLargestPendingFiles()
    {
        for (PartitionWriter writer : largestFirst(PartitionWriter::pendingBytes)) {
            if (pendingBytes <= maxPendingBytes / 2) {
                return;
            }
            writer.openPendingFile();
        }
    }

    /**
     * The partitions holding any of the given memory, those holding most first.
     */
    private List<PartitionWriter> largestFirst(ToLongFunction<PartitionWriter> memory)
    {
        List<PartitionWriter> holding = new ArrayList<>();
        for (PartitionWriter writer : writers.values()) {
            if (memory.applyAsLong(writer) > 0) {
                holding.add(writer);
            }
        }
        holding.sort(Comparator.comparingLong(memory).reversed());
        return holding;
    }

    private Optional<DataFileBloomFilters> newBloomFilters()
    {
        if (bloomColumns.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DataFileBloomFilters(bloomColumns, bloomFilterColumns.fpp(), maxBloomDistinctValues));
    }

    private void addFragment(PartitionValues partition, WrittenFile file, Optional<DataFileBloomFilters> bloomFilters)
    {
        writtenBytes += file.fileSize();
        ParquetFileMetrics metrics = file.metrics();
        if (metrics.recordCount() == 0) {
            return;
        }
        bloomFilters.ifPresent(filters -> bloomIndexWriter.add(filters.filters(file.location().toString(), file.fileSize())));
        List<Optional<byte[]>> partitionValues = new ArrayList<>();
        for (int i = 0; i < spec.fields().size(); i++) {
            Object value = partition.value(i);
            if (value == null) {
                partitionValues.add(Optional.empty());
                continue;
            }
            ByteBuffer buffer = Conversions.toByteBuffer(spec.partitionType().fields().get(i).type(), value);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            partitionValues.add(Optional.of(bytes));
        }
        fragments.add(new DataFileFragment(
                file.location().toString(),
                file.fileSize(),
                metrics.recordCount(),
                spec.specId(),
                partitionValues,
                metrics.columnSizes(),
                metrics.valueCounts(),
                metrics.nullValueCounts(),
                metrics.lowerBounds(schema),
                metrics.upperBounds(schema),
                metrics.splitOffsets(),
                sortOrderId));
    }

    private static boolean isFloatingPoint(org.apache.iceberg.types.Type type)
    {
        return type.typeId() == org.apache.iceberg.types.Type.TypeID.FLOAT || type.typeId() == org.apache.iceberg.types.Type.TypeID.DOUBLE;
    }

    private static int channelOf(List<LakehouseColumnHandle> columns, int fieldId)
    {
        for (int channel = 0; channel < columns.size(); channel++) {
            if (columns.get(channel).baseFieldId() == fieldId) {
                return channel;
            }
        }
        return -1;
    }

    private static Optional<SortSpec> sortSpec(org.apache.iceberg.SortOrder sortOrder, Schema schema, String tableName)
    {
        if (sortOrder.isUnsorted()) {
            return Optional.empty();
        }
        ImmutableList.Builder<Integer> channels = ImmutableList.builder();
        ImmutableList.Builder<SortOrder> orders = ImmutableList.builder();
        List<Types.NestedField> columns = schema.columns();
        for (SortField field : sortOrder.fields()) {
            int channel = -1;
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).fieldId() == field.sourceId()) {
                    channel = i;
                }
            }
            if (channel < 0 || !field.transform().isIdentity()) {
                throw new TrinoException(LAKEHOUSE_UNSUPPORTED_TABLE_FEATURE, "Table '%s' is sorted by %s: writing to it is not supported".formatted(tableName, field));
            }
            channels.add(channel);
            boolean ascending = field.direction() == SortDirection.ASC;
            boolean nullsFirst = field.nullOrder() == NullOrder.NULLS_FIRST;
            orders.add(ascending
                    ? (nullsFirst ? SortOrder.ASC_NULLS_FIRST : SortOrder.ASC_NULLS_LAST)
                    : (nullsFirst ? SortOrder.DESC_NULLS_FIRST : SortOrder.DESC_NULLS_LAST));
        }
        return Optional.of(new SortSpec(channels.build(), orders.build()));
    }

    private record SortSpec(List<Integer> channels, List<SortOrder> orders) {}

    /**
     * The data files of one partition: one open file at a time, or, for a sorted table, a buffer of rows.
     */
    private final class PartitionWriter
    {
        private final PartitionValues partition;
        private final Optional<SortBuffer> sortBuffer;
        private ParquetFileWriter current;
        private Optional<DataFileBloomFilters> currentBloomFilters = Optional.empty();
        // with bloom filter columns: the first rows of the next file, held until their distinct values size its row-group filters
        private final List<Page> pendingPages = new ArrayList<>();
        private long pendingRows;
        private long pendingPageBytes;
        // without a sort order: rows of several input pages, written as one page
        private PartitionRowBatch batch;
        private long reportedBatchRetainedBytes;
        private long reportedFileBytes;

        private PartitionWriter(PartitionValues partition)
        {
            this.partition = partition;
            this.sortBuffer = sortSpec.map(sort -> new SortBuffer(pageSorter, fileTypes, sort.channels(), sort.orders()));
        }

        void append(Page page)
        {
            if (sortBuffer.isPresent()) {
                long before = sortBuffer.get().retainedBytes();
                sortBuffer.get().add(page);
                bufferedSortBytes += sortBuffer.get().retainedBytes() - before;
                if (bufferedSortBytes > sortBufferSize) {
                    flushLargestSortBuffer();
                }
                return;
            }
            writeBatch();
            write(page);
        }

        /**
         * Gathers the rows at the positions of the page, to be written with the partition's next rows.
         */
        void appendRows(Page page, int[] positions, int length)
        {
            if (batch == null) {
                batch = new PartitionRowBatch(fileTypes);
            }
            batch.add(page, positions, length);
            if (batch.rowCount() >= BATCH_ROWS) {
                writeBatch();
            }
            else {
                updateBatchMemory();
            }
        }

        void writeBatch()
        {
            if (batch == null || batch.isEmpty()) {
                return;
            }
            Page page = batch.take();
            updateBatchMemory();
            write(page);
        }

        private void updateBatchMemory()
        {
            long retainedBytes = batch.retainedBytes();
            batchRetainedBytes += retainedBytes - reportedBatchRetainedBytes;
            reportedBatchRetainedBytes = retainedBytes;
        }

        /**
         * The memory of this partition's rows not yet in finished files.
         */
        long memoryBytes()
        {
            return reportedBatchRetainedBytes + pendingPageBytes + reportedFileBytes + sortBufferBytes();
        }

        /**
         * Writes every row this partition holds into finished files; its next rows start a new file.
         */
        void writeOut()
        {
            if (sortBuffer.isPresent()) {
                flushSorted();
                return;
            }
            writeBatch();
            closeCurrent();
        }

        private void updateFileMemory()
        {
            long bytes = current == null ? 0 : current.retainedBytes() + currentBloomFilters.map(DataFileBloomFilters::retainedBytes).orElse(0L);
            openFileBytes += bytes - reportedFileBytes;
            reportedFileBytes = bytes;
        }

        private void write(Page page)
        {
            if (current == null) {
                if (currentBloomFilters.isEmpty()) {
                    currentBloomFilters = newBloomFilters();
                }
                if (currentBloomFilters.isPresent()) {
                    currentBloomFilters.get().add(page);
                    // the page may be a view of a larger one (a sorted table's rows): held, it keeps only its own values
                    page.compact();
                    long bytes = page.getRetainedSizeInBytes();
                    pendingPages.add(page);
                    pendingRows += page.getPositionCount();
                    pendingPageBytes += bytes;
                    pendingBytes += bytes;
                    if (pendingRows >= ROWS_BEFORE_OPENING_FILE) {
                        openPendingFile();
                    }
                    else if (pendingBytes > maxPendingBytes) {
                        openLargestPendingFiles();
                    }
                    return;
                }
                current = newFileWriter(partition, writerOptions);
            }
            current.append(page);
            if (currentBloomFilters.isPresent()) {
                currentBloomFilters.get().add(page);
            }
            if (current.estimatedSize() >= targetFileSize) {
                closeCurrent();
            }
            updateFileMemory();
        }

        long pendingBytes()
        {
            return pendingPageBytes;
        }

        /**
         * Opens the file for the pending rows before it is complete: more rows may follow, so its row-group
         * bloom filters get room for several times the distinct values seen.
         */
        void openPendingFile()
        {
            openPendingFile(currentBloomFilters.orElseThrow().maxDistinctValues() * GROWTH_ALLOWANCE);
        }

        /**
         * Opens the file for the pending rows, its row-group bloom filters sized for the given number of
         * distinct values.
         */
        private void openPendingFile(long distinctValues)
        {
            if (pendingPages.isEmpty()) {
                return;
            }
            current = newFileWriter(partition, writerOptions(distinctValues));
            for (Page pending : pendingPages) {
                current.append(pending);
            }
            pendingPages.clear();
            pendingRows = 0;
            pendingBytes -= pendingPageBytes;
            pendingPageBytes = 0;
            if (current.estimatedSize() >= targetFileSize) {
                closeCurrent();
            }
            updateFileMemory();
        }

        /**
         * Writes the buffered rows, sorted, as complete data files.
         */
        void flushSorted()
        {
            SortBuffer buffer = sortBuffer.orElseThrow();
            if (buffer.isEmpty()) {
                return;
            }
            bufferedSortBytes -= buffer.retainedBytes();
            buffer.drainSorted(this::write);
            closeCurrent();
        }

        long sortBufferBytes()
        {
            return sortBuffer.map(SortBuffer::retainedBytes).orElse(0L);
        }

        private void closeCurrent()
        {
            if (current == null && !pendingPages.isEmpty()) {
                // the file is complete: its distinct values are known
                openPendingFile(currentBloomFilters.orElseThrow().maxDistinctValues());
            }
            if (current != null) {
                ParquetFileWriter writer = current;
                Optional<DataFileBloomFilters> bloomFilters = currentBloomFilters;
                current = null;
                currentBloomFilters = Optional.empty();
                updateFileMemory();
                addFragment(partition, writer.close(), bloomFilters);
            }
        }

        void finish()
        {
            if (sortBuffer.isPresent()) {
                flushSorted();
            }
            writeBatch();
            closeCurrent();
        }

        void abort()
        {
            batch = null;
            pendingPages.clear();
            if (current != null) {
                current.abort();
                current = null;
            }
        }
    }

    private void flushLargestSortBuffer()
    {
        PartitionWriter largest = null;
        for (PartitionWriter writer : writers.values()) {
            if (largest == null || writer.sortBufferBytes() > largest.sortBufferBytes()) {
                largest = writer;
            }
        }
        if (largest != null) {
            largest.flushSorted();
        }
    }
}
