package dev.lakehouse.connector.merge;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.connector.fileio.FileLocations;
import dev.lakehouse.connector.writer.DeleteFileFragment;
import dev.lakehouse.connector.writer.DeletionVectorWriter;
import dev.lakehouse.connector.writer.PositionDeleteFileWriter;
import dev.lakehouse.connector.writer.TargetDataFile;
import dev.lakehouse.connector.writer.WriterResult;
import io.airlift.json.JsonCodec;
import io.airlift.log.Logger;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.block.RowBlock;
import io.trino.spi.connector.ConnectorMergeSink;
import io.trino.spi.connector.ConnectorPageSink;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import org.apache.iceberg.deletes.Deletes;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.io.CloseableIterable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.TinyintType.TINYINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * The writer of a DELETE, UPDATE or MERGE on a worker. Rows to insert (new rows, and the new versions of
 * updated rows) go to a {@link ConnectorPageSink data file writer}; rows to delete are gathered by the data
 * file they are in, by their {@link MergeRowId row ids}, and written when the writer finishes: for each data
 * file, a position delete file (format version 2) or a deletion vector (format version 3).
 */
public final class LakehouseMergeSink
        implements ConnectorMergeSink
{
    private static final Logger log = Logger.get(LakehouseMergeSink.class);

    private final TrinoFileSystem fileSystem;
    private final int formatVersion;
    private final PositionDeleteFileWriter positionDeleteFileWriter;
    private final DeletionVectorWriter deletionVectorWriter;
    private final Function<TargetDataFile, Optional<PositionDeleteIndex>> previouslyDeletedPositions;
    private final Location dataLocation;
    private final Supplier<ConnectorPageSink> insertSinkFactory;
    private final JsonCodec<WriterResult> resultCodec;
    private final String fileNamePrefix;
    private final Map<Slice, DeletedRows> deletedRows = new LinkedHashMap<>();
    private final List<Location> writtenDeleteFiles = new ArrayList<>();
    private ConnectorPageSink insertSink;

    /**
     * @param formatVersion the table's: position delete files for version 2, deletion vectors from version 3
     * @param previouslyDeletedPositions reads the positions a data file's delete files deleted before
     * @param dataLocation where the Puffin file of deletion vectors goes
     */
    public LakehouseMergeSink(
            TrinoFileSystem fileSystem,
            int formatVersion,
            PositionDeleteFileWriter positionDeleteFileWriter,
            DeletionVectorWriter deletionVectorWriter,
            Function<TargetDataFile, Optional<PositionDeleteIndex>> previouslyDeletedPositions,
            Location dataLocation,
            Supplier<ConnectorPageSink> insertSinkFactory,
            JsonCodec<WriterResult> resultCodec,
            String queryId)
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.formatVersion = formatVersion;
        this.positionDeleteFileWriter = requireNonNull(positionDeleteFileWriter, "positionDeleteFileWriter is null");
        this.deletionVectorWriter = requireNonNull(deletionVectorWriter, "deletionVectorWriter is null");
        this.previouslyDeletedPositions = requireNonNull(previouslyDeletedPositions, "previouslyDeletedPositions is null");
        this.dataLocation = requireNonNull(dataLocation, "dataLocation is null");
        this.insertSinkFactory = requireNonNull(insertSinkFactory, "insertSinkFactory is null");
        this.resultCodec = requireNonNull(resultCodec, "resultCodec is null");
        this.fileNamePrefix = requireNonNull(queryId, "queryId is null") + "-";
    }

    @Override
    public void storeMergedRows(Page page)
    {
        int dataColumns = page.getChannelCount() - 3;
        Block operations = page.getBlock(dataColumns);
        List<Block> rowIdFields = RowBlock.getRowFieldsFromBlock(page.getBlock(dataColumns + 2));
        Block filePaths = rowIdFields.get(MergeRowId.FILE_PATH);
        Block positions = rowIdFields.get(MergeRowId.POSITION);

        int[] inserted = new int[page.getPositionCount()];
        int insertedCount = 0;
        Slice lastPath = null;
        DeletedRows lastFile = null;
        for (int position = 0; position < page.getPositionCount(); position++) {
            byte operation = TINYINT.getByte(operations, position);
            switch (operation) {
                case INSERT_OPERATION_NUMBER, UPDATE_INSERT_OPERATION_NUMBER -> inserted[insertedCount++] = position;
                case DELETE_OPERATION_NUMBER, UPDATE_DELETE_OPERATION_NUMBER -> {
                    Slice path = VARCHAR.getSlice(filePaths, position);
                    if (lastFile == null || !path.equals(lastPath)) {
                        lastPath = path;
                        lastFile = deletedRows.get(path);
                        if (lastFile == null) {
                            lastFile = new DeletedRows(targetDataFile(rowIdFields, position));
                            deletedRows.put(path.copy(), lastFile);
                        }
                    }
                    lastFile.positions().add(BIGINT.getLong(positions, position));
                }
                default -> throw new IllegalArgumentException("Unsupported merge operation: " + operation);
            }
        }
        if (insertedCount > 0) {
            if (insertSink == null) {
                insertSink = insertSinkFactory.get();
            }
            insertSink.appendPage(page.getColumns(IntStream.range(0, dataColumns).toArray()).getPositions(inserted, 0, insertedCount));
        }
    }

    private static TargetDataFile targetDataFile(List<Block> rowIdFields, int position)
    {
        return new TargetDataFile(
                VARCHAR.getSlice(rowIdFields.get(MergeRowId.FILE_PATH), position).toStringUtf8(),
                INTEGER.getInt(rowIdFields.get(MergeRowId.PARTITION_SPEC_ID), position),
                VARCHAR.getSlice(rowIdFields.get(MergeRowId.PARTITION_DATA), position).toStringUtf8(),
                BIGINT.getLong(rowIdFields.get(MergeRowId.FILE_RECORD_COUNT), position),
                PreviousDeletesJson.fromJson(VARCHAR.getSlice(rowIdFields.get(MergeRowId.PREVIOUS_DELETES), position).toStringUtf8()));
    }

    @Override
    public CompletableFuture<Collection<Slice>> finish()
    {
        List<DeleteFileFragment> deleteFiles = formatVersion >= 3 ? writeDeletionVectors() : writePositionDeleteFiles();
        deletedRows.clear();
        Slice deletes = Slices.wrappedBuffer(resultCodec.toJsonBytes(new WriterResult(List.of(), Map.of(), List.of(), deleteFiles)));
        if (insertSink == null) {
            return CompletableFuture.completedFuture(List.of(deletes));
        }
        return insertSink.finish().thenApply(inserts -> ImmutableList.<Slice>builder().addAll(inserts).add(deletes).build());
    }

    /**
     * One position delete file for each data file, beside it.
     */
    private List<DeleteFileFragment> writePositionDeleteFiles()
    {
        ImmutableList.Builder<DeleteFileFragment> deleteFiles = ImmutableList.builderWithExpectedSize(deletedRows.size());
        for (DeletedRows rows : deletedRows.values()) {
            Location dataFile = FileLocations.of(rows.dataFile().path());
            Location location = dataFile.parentDirectory().appendPath(fileNamePrefix + UUID.randomUUID() + "-deletes.parquet");
            writtenDeleteFiles.add(location);
            deleteFiles.add(positionDeleteFileWriter.write(location, rows.dataFile(), rows.sortedDistinctPositions()));
        }
        return deleteFiles.build();
    }

    /**
     * One deletion vector for each data file, holding the positions deleted before too, all in one Puffin file.
     */
    private List<DeleteFileFragment> writeDeletionVectors()
    {
        if (deletedRows.isEmpty()) {
            return List.of();
        }
        List<DeletionVectorWriter.DeletionVector> vectors = new ArrayList<>(deletedRows.size());
        for (DeletedRows rows : deletedRows.values()) {
            PositionDeleteIndex positions = Deletes.toPositionIndex(CloseableIterable.empty());
            previouslyDeletedPositions.apply(rows.dataFile()).ifPresent(previous -> previous.forEach(positions::delete));
            for (long position : rows.positions()) {
                positions.delete(position);
            }
            vectors.add(new DeletionVectorWriter.DeletionVector(rows.dataFile(), positions));
        }
        Location location = dataLocation.appendPath(fileNamePrefix + UUID.randomUUID() + "-deletes.puffin");
        writtenDeleteFiles.add(location);
        return deletionVectorWriter.write(location, vectors);
    }

    @Override
    public void abort()
    {
        deletedRows.clear();
        if (insertSink != null) {
            insertSink.abort();
        }
        try {
            fileSystem.deleteFiles(writtenDeleteFiles);
        }
        catch (Exception e) {
            // not referenced by the table: leaving one behind loses no data
            log.warn(e, "Failed to delete %s delete files of a failed write", writtenDeleteFiles.size());
        }
    }

    private record DeletedRows(TargetDataFile dataFile, LongArrayList positions)
    {
        DeletedRows(TargetDataFile dataFile)
        {
            this(dataFile, new LongArrayList());
        }

        long[] sortedDistinctPositions()
        {
            long[] sorted = positions.toLongArray();
            Arrays.sort(sorted);
            int distinct = 0;
            for (int index = 0; index < sorted.length; index++) {
                if (distinct == 0 || sorted[index] != sorted[distinct - 1]) {
                    sorted[distinct++] = sorted[index];
                }
            }
            return Arrays.copyOf(sorted, distinct);
        }
    }
}
