package dev.lakehouse.connector.procedure;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import dev.lakehouse.connector.LakehouseColumnHandle;
import dev.lakehouse.connector.LakehouseSplit;
import dev.lakehouse.connector.bloom.BloomFilterColumns;
import dev.lakehouse.connector.bloom.BloomIndexConfig;
import dev.lakehouse.connector.bloom.BloomIndexCounters;
import dev.lakehouse.connector.bloom.BloomIndexDirectory;
import dev.lakehouse.connector.bloom.BloomIndexFile;
import dev.lakehouse.connector.bloom.BloomIndexFileWriter;
import dev.lakehouse.connector.bloom.BloomIndexFooterCache;
import dev.lakehouse.connector.bloom.BloomIndexFormat;
import dev.lakehouse.connector.bloom.DataFileBloomFilters;
import dev.lakehouse.connector.bloom.DataFileFilter;
import dev.lakehouse.connector.commit.WriteCommitter;
import dev.lakehouse.connector.convert.TypeConverter;
import dev.lakehouse.connector.fileio.FileLocations;
import dev.lakehouse.connector.reader.ParquetPageSourceFactory;
import io.airlift.log.Logger;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.spi.SplitWeight;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;
import jakarta.annotation.PreDestroy;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import static com.google.common.base.Throwables.throwIfInstanceOf;
import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_BAD_DATA;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_WRITER_ERROR;
import static io.airlift.concurrent.Threads.daemonThreadsNamed;
import static io.trino.spi.StandardErrorCode.INVALID_PROCEDURE_ARGUMENT;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.Executors.newFixedThreadPool;

/**
 * Builds the bloom index of the data files of a table's current snapshot that have no filter for some
 * declared bloom filter column (written before the column was declared, or by another engine): reads
 * those columns of each such file, several files at once, writes their filters to Puffin files beside the
 * data ({@value #DATA_FILES_PER_INDEX_FILE} data files per index file, so that a scan reads small footers),
 * and commits them in one snapshot that adds no data.
 */
public class BloomIndexBuilder
{
    private static final Logger log = Logger.get(BloomIndexBuilder.class);
    static final int DATA_FILES_PER_INDEX_FILE = 1000;

    private final TrinoFileSystemFactory fileSystemFactory;
    private final ParquetPageSourceFactory pageSourceFactory;
    private final WriteCommitter writeCommitter;
    private final TypeManager typeManager;
    private final int maxDistinctValuesPerFile;
    private final ExecutorService executor;
    private final BloomIndexFooterCache footerCache;

    @Inject
    public BloomIndexBuilder(
            TrinoFileSystemFactory fileSystemFactory,
            ParquetPageSourceFactory pageSourceFactory,
            WriteCommitter writeCommitter,
            TypeManager typeManager,
            BloomIndexFooterCache footerCache,
            BloomIndexConfig config)
    {
        this.footerCache = requireNonNull(footerCache, "footerCache is null");
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.pageSourceFactory = requireNonNull(pageSourceFactory, "pageSourceFactory is null");
        this.writeCommitter = requireNonNull(writeCommitter, "writeCommitter is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
        this.maxDistinctValuesPerFile = config.getMaxDistinctValuesPerFile();
        this.executor = newFixedThreadPool(config.getBuildThreads(), daemonThreadsNamed("lakehouse-bloom-index-build-%s"));
    }

    @PreDestroy
    public void shutdown()
    {
        executor.shutdownNow();
    }

    /**
     * Builds and commits the missing filters of the table's current snapshot.
     *
     * @return how many data files got filters
     */
    public int build(ConnectorSession session, SchemaTableName name, Table table)
    {
        Schema schema = table.schema();
        BloomFilterColumns bloomFilterColumns = BloomFilterColumns.of(schema, table.properties());
        if (bloomFilterColumns.isEmpty()) {
            throw new TrinoException(INVALID_PROCEDURE_ARGUMENT, "Table '%s' declares no bloom filter columns: set the table property bloom_filter_columns first".formatted(name));
        }
        Snapshot snapshot = table.currentSnapshot();
        if (snapshot == null) {
            return 0;
        }
        List<FileToIndex> files = filesToIndex(name, table, snapshot, bloomFilterColumns);
        if (files.isEmpty()) {
            return 0;
        }

        TrinoFileSystem fileSystem = fileSystemFactory.create(session);
        Location dataLocation = Optional.ofNullable(table.properties().get(TableProperties.WRITE_DATA_LOCATION))
                .map(Location::of)
                .orElseGet(() -> FileLocations.of(table.location()).appendPath("data"));
        List<BloomIndexFileWriter> writers = new ArrayList<>();
        List<BloomIndexFile> indexFiles = new ArrayList<>();
        List<Future<List<DataFileFilter>>> futures = new ArrayList<>();
        try {
            for (FileToIndex file : files) {
                futures.add(executor.submit(() -> filters(session, schema, file, bloomFilterColumns.fpp())));
            }
            for (int start = 0; start < futures.size(); start += DATA_FILES_PER_INDEX_FILE) {
                BloomIndexFileWriter writer = new BloomIndexFileWriter(fileSystem, dataLocation.appendPath(session.getQueryId() + "-" + UUID.randomUUID() + BloomIndexFormat.FILE_SUFFIX));
                writers.add(writer);
                for (Future<List<DataFileFilter>> future : futures.subList(start, Math.min(futures.size(), start + DATA_FILES_PER_INDEX_FILE))) {
                    writer.add(getDone(future));
                }
                writer.finish().ifPresent(indexFiles::add);
            }
        }
        catch (RuntimeException e) {
            futures.forEach(future -> future.cancel(true));
            abort(writers);
            throw e;
        }
        writeCommitter.commitBuiltBloomIndex(session, name, indexFiles);
        log.info("Built the bloom index of %s data files of table %s in %s index files", files.size(), name, indexFiles.size());
        return files.size();
    }

    /**
     * The Parquet data files of the snapshot lacking a filter for some declared column, with those columns.
     */
    private List<FileToIndex> filesToIndex(SchemaTableName name, Table table, Snapshot snapshot, BloomFilterColumns bloomFilterColumns)
    {
        BloomIndexDirectory directory = new BloomIndexDirectory(name.toString(), table, snapshot, footerCache, BloomIndexCounters.IGNORED);
        List<FileToIndex> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
            for (FileScanTask task : tasks) {
                DataFile file = task.file();
                if (file.format() != FileFormat.PARQUET || !seen.add(file.location())) {
                    continue;
                }
                Set<Integer> indexed = directory.filters(file).keySet();
                List<Integer> missing = bloomFilterColumns.fieldIds().stream()
                        .filter(fieldId -> !indexed.contains(fieldId))
                        .sorted()
                        .collect(toImmutableList());
                if (!missing.isEmpty()) {
                    files.add(new FileToIndex(file, missing));
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private List<DataFileFilter> filters(ConnectorSession session, Schema schema, FileToIndex file, double fpp)
    {
        List<LakehouseColumnHandle> columns = new ArrayList<>();
        Map<Integer, Map.Entry<Integer, Type>> channels = new LinkedHashMap<>();
        for (int fieldId : file.fieldIds()) {
            Types.NestedField field = schema.findField(fieldId);
            Type type = TypeConverter.toTrinoType(field.type(), typeManager);
            channels.put(fieldId, new SimpleImmutableEntry<>(columns.size(), type));
            columns.add(LakehouseColumnHandle.topLevel(fieldId, field.name(), type));
        }
        DataFile dataFile = file.dataFile();
        LakehouseSplit split = new LakehouseSplit(
                dataFile.location(),
                0,
                dataFile.fileSizeInBytes(),
                dataFile.fileSizeInBytes(),
                dataFile.recordCount(),
                dataFile.specId(),
                "[]",
                TupleDomain.all(),
                SplitWeight.standard(),
                // deleted rows stay in the index: it only has to hold every value the file may return
                List.of());
        DataFileBloomFilters filters = new DataFileBloomFilters(ImmutableMap.copyOf(channels), fpp, maxDistinctValuesPerFile);
        try (ConnectorPageSource pageSource = pageSourceFactory.create(session, split, columns, TupleDomain.all(), TupleDomain.all())) {
            while (!pageSource.isFinished()) {
                SourcePage page = pageSource.getNextSourcePage();
                if (page != null) {
                    filters.add(page.getPage());
                }
            }
        }
        catch (IOException e) {
            throw new TrinoException(LAKEHOUSE_BAD_DATA, "Failed to read data file %s: %s".formatted(dataFile.location(), e.getMessage()), e);
        }
        return filters.filters(dataFile.location(), dataFile.fileSizeInBytes());
    }

    private static List<DataFileFilter> getDone(Future<List<DataFileFilter>> future)
    {
        try {
            return future.get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrinoException(LAKEHOUSE_WRITER_ERROR, "Interrupted while building the bloom index", e);
        }
        catch (ExecutionException e) {
            throwIfInstanceOf(e.getCause(), TrinoException.class);
            throw new TrinoException(LAKEHOUSE_WRITER_ERROR, "Failed to build the bloom index: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static void abort(List<BloomIndexFileWriter> writers)
    {
        for (BloomIndexFileWriter writer : writers) {
            try {
                writer.abort();
            }
            catch (IOException | RuntimeException e) {
                log.warn(e, "Failed to delete bloom index file %s of a build that failed", writer.location());
            }
        }
    }

    private record FileToIndex(DataFile dataFile, List<Integer> fieldIds)
    {
        FileToIndex
        {
            requireNonNull(dataFile, "dataFile is null");
            fieldIds = ImmutableList.copyOf(fieldIds);
        }
    }
}
