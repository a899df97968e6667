package dev.lakehouse.connector;

import com.google.inject.Inject;
import dev.lakehouse.connector.bloom.BloomIndexConfig;
import dev.lakehouse.connector.deletes.RowDeletesLoader;
import dev.lakehouse.connector.fileio.FileLocations;
import dev.lakehouse.connector.merge.LakehouseMergeSink;
import dev.lakehouse.connector.writer.DeletionVectorWriter;
import dev.lakehouse.connector.writer.LakehousePageSink;
import dev.lakehouse.connector.writer.PositionDeleteFileWriter;
import dev.lakehouse.connector.writer.PreviousDeleteFile;
import dev.lakehouse.connector.writer.WriterConfig;
import dev.lakehouse.connector.writer.WriterMemoryBudget;
import dev.lakehouse.connector.writer.WriterResult;
import io.airlift.json.JsonCodec;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.parquet.writer.ParquetWriterOptions;
import io.trino.spi.PageSorter;
import io.trino.spi.connector.ConnectorInsertTableHandle;
import io.trino.spi.connector.ConnectorMergeSink;
import io.trino.spi.connector.ConnectorMergeTableHandle;
import io.trino.spi.connector.ConnectorOutputTableHandle;
import io.trino.spi.connector.ConnectorPageSink;
import io.trino.spi.connector.ConnectorPageSinkId;
import io.trino.spi.connector.ConnectorPageSinkProvider;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.PartitionSpecParser;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.SortOrderParser;

import static dev.lakehouse.connector.LakehouseSessionProperties.getWriterMaxMemory;
import static java.util.Objects.requireNonNull;

public class LakehousePageSinkProvider
        implements ConnectorPageSinkProvider
{
    private final TrinoFileSystemFactory fileSystemFactory;
    private final WriterConfig writerConfig;
    private final JsonCodec<WriterResult> resultCodec;
    private final PageSorter pageSorter;
    private final LakehouseNodeVersion nodeVersion;
    private final int maxBloomDistinctValues;
    private final long bloomFilterBufferSize;
    private final WriterMemoryBudget memoryBudget;
    private final RowDeletesLoader rowDeletesLoader;

    @Inject
    public LakehousePageSinkProvider(
            TrinoFileSystemFactory fileSystemFactory,
            WriterConfig writerConfig,
            JsonCodec<WriterResult> resultCodec,
            PageSorter pageSorter,
            LakehouseNodeVersion nodeVersion,
            BloomIndexConfig bloomIndexConfig,
            WriterMemoryBudget memoryBudget,
            RowDeletesLoader rowDeletesLoader)
    {
        this.rowDeletesLoader = requireNonNull(rowDeletesLoader, "rowDeletesLoader is null");
        this.memoryBudget = requireNonNull(memoryBudget, "memoryBudget is null");
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.writerConfig = requireNonNull(writerConfig, "writerConfig is null");
        this.resultCodec = requireNonNull(resultCodec, "resultCodec is null");
        this.pageSorter = requireNonNull(pageSorter, "pageSorter is null");
        this.nodeVersion = requireNonNull(nodeVersion, "nodeVersion is null");
        this.maxBloomDistinctValues = bloomIndexConfig.getMaxDistinctValuesPerFile();
        this.bloomFilterBufferSize = bloomIndexConfig.getWriterBufferSize().toBytes();
    }

    @Override
    public ConnectorPageSink createPageSink(ConnectorTransactionHandle transactionHandle, ConnectorSession session, ConnectorOutputTableHandle outputTableHandle, ConnectorPageSinkId pageSinkId)
    {
        return createPageSink(session, (LakehouseWritableTableHandle) outputTableHandle);
    }

    @Override
    public ConnectorPageSink createPageSink(ConnectorTransactionHandle transactionHandle, ConnectorSession session, ConnectorInsertTableHandle insertTableHandle, ConnectorPageSinkId pageSinkId)
    {
        return createPageSink(session, (LakehouseWritableTableHandle) insertTableHandle);
    }

    @Override
    public ConnectorMergeSink createMergeSink(ConnectorTransactionHandle transactionHandle, ConnectorSession session, ConnectorMergeTableHandle mergeHandle, ConnectorPageSinkId pageSinkId)
    {
        LakehouseMergeTableHandle handle = (LakehouseMergeTableHandle) mergeHandle;
        PositionDeleteFileWriter deleteFileWriter = new PositionDeleteFileWriter(
                fileSystemFactory.create(session),
                parquetWriterOptions(),
                handle.insert().compression().parquetCodec(),
                nodeVersion.version());
        return new LakehouseMergeSink(
                fileSystemFactory.create(session),
                handle.formatVersion(),
                deleteFileWriter,
                new DeletionVectorWriter(fileSystemFactory.create(session)),
                dataFile -> rowDeletesLoader.load(session, dataFile.path(), dataFile.previousDeletes().stream().map(PreviousDeleteFile::toDeleteFile).toList()).deletedPositions(),
                FileLocations.of(handle.insert().dataLocation()),
                () -> createPageSink(session, handle.insert()),
                resultCodec,
                session.getQueryId());
    }

    private ParquetWriterOptions parquetWriterOptions()
    {
        return ParquetWriterOptions.builder()
                .setMaxBlockSize(writerConfig.getRowGroupSize())
                .setMaxPageSize(writerConfig.getPageSize())
                .build();
    }

    private ConnectorPageSink createPageSink(ConnectorSession session, LakehouseWritableTableHandle handle)
    {
        Schema schema = SchemaParser.fromJson(handle.schemaJson());
        PartitionSpec spec = PartitionSpecParser.fromJson(schema, handle.partitionSpecJson());
        SortOrder sortOrder = SortOrderParser.fromJson(schema, handle.sortOrderJson());
        ParquetWriterOptions writerOptions = parquetWriterOptions();
        return new LakehousePageSink(
                handle.schemaTableName().toString(),
                fileSystemFactory.create(session),
                schema,
                spec,
                sortOrder,
                handle.inputColumns(),
                FileLocations.of(handle.dataLocation()),
                session.getQueryId(),
                handle.targetFileSizeBytes(),
                writerConfig.getMaxOpenPartitions(),
                writerOptions,
                handle.compression().parquetCodec(),
                nodeVersion.version(),
                resultCodec,
                pageSorter,
                writerConfig.getSortBufferSize().toBytes(),
                handle.bloomFilterColumns(),
                maxBloomDistinctValues,
                bloomFilterBufferSize,
                memoryBudget.open(),
                getWriterMaxMemory(session).toBytes());
    }
}
