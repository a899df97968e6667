package dev.lakehouse.connector.deletes;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import dev.lakehouse.connector.LakehouseColumnHandle;
import dev.lakehouse.connector.LakehouseSplit;
import dev.lakehouse.connector.fileio.FileLocations;
import dev.lakehouse.connector.reader.ParquetPageSourceFactory;
import io.airlift.slice.Slice;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.filesystem.TrinoInput;
import io.trino.spi.SplitWeight;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.TupleDomain;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileMetadata;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.deletes.Deletes;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.io.CloseableIterable;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_BAD_DATA;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_CANNOT_OPEN_SPLIT;
import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.lang.Math.toIntExact;
import static java.util.Objects.requireNonNull;

/**
 * Reads the delete files of a data file on the worker: the positions that position delete files list for
 * it (only their row groups whose file path bounds include it), the bitmap of its deletion vector, and the
 * rows of equality delete files.
 */
public class RowDeletesLoader
{
    private static final LakehouseColumnHandle DELETE_FILE_PATH = LakehouseColumnHandle.topLevel(MetadataColumns.DELETE_FILE_PATH.fieldId(), MetadataColumns.DELETE_FILE_PATH.name(), VARCHAR);
    private static final LakehouseColumnHandle DELETE_FILE_POSITION = LakehouseColumnHandle.topLevel(MetadataColumns.DELETE_FILE_POS.fieldId(), MetadataColumns.DELETE_FILE_POS.name(), BIGINT);

    private final TrinoFileSystemFactory fileSystemFactory;
    private final ParquetPageSourceFactory parquetPageSourceFactory;

    @Inject
    public RowDeletesLoader(TrinoFileSystemFactory fileSystemFactory, ParquetPageSourceFactory parquetPageSourceFactory)
    {
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.parquetPageSourceFactory = requireNonNull(parquetPageSourceFactory, "parquetPageSourceFactory is null");
    }

    public RowDeletes load(ConnectorSession session, String dataFilePath, List<LakehouseDeleteFile> deleteFiles)
    {
        Optional<PositionDeleteIndex> positions = Optional.empty();
        Map<List<Integer>, EqualityDeletes> equalityDeletes = new LinkedHashMap<>();
        for (LakehouseDeleteFile deleteFile : deleteFiles) {
            try {
                switch (deleteFile.kind()) {
                    case DELETION_VECTOR -> {
                        PositionDeleteIndex vector = readDeletionVector(session, dataFilePath, deleteFile);
                        positions = Optional.of(positions.map(index -> merge(index, vector)).orElse(vector));
                    }
                    case POSITION_DELETES -> {
                        PositionDeleteIndex index = positions.orElseGet(() -> Deletes.toPositionIndex(CloseableIterable.empty()));
                        readPositionDeletes(session, dataFilePath, deleteFile, index);
                        positions = Optional.of(index);
                    }
                    case EQUALITY_DELETES -> {
                        List<Integer> fieldIds = deleteFile.equalityColumns().stream().map(LakehouseColumnHandle::fieldId).toList();
                        EqualityDeletes deletes = equalityDeletes.computeIfAbsent(fieldIds, _ -> new EqualityDeletes(deleteFile.equalityColumns()));
                        readEqualityDeletes(session, deleteFile, deletes);
                    }
                }
            }
            catch (IOException | RuntimeException e) {
                throw new TrinoException(
                        e instanceof TrinoException trinoException && trinoException.getErrorCode().equals(LAKEHOUSE_BAD_DATA.toErrorCode()) ? LAKEHOUSE_BAD_DATA : LAKEHOUSE_CANNOT_OPEN_SPLIT,
                        "Failed to read delete file %s of data file %s: %s".formatted(deleteFile.path(), dataFilePath, e.getMessage()),
                        e);
            }
        }
        return new RowDeletes(positions, ImmutableList.copyOf(equalityDeletes.values()));
    }

    private static PositionDeleteIndex merge(PositionDeleteIndex index, PositionDeleteIndex other)
    {
        PositionDeleteIndex merged = Deletes.toPositionIndex(CloseableIterable.empty());
        index.forEach(merged::delete);
        other.forEach(merged::delete);
        return merged;
    }

    private PositionDeleteIndex readDeletionVector(ConnectorSession session, String dataFilePath, LakehouseDeleteFile deleteFile)
            throws IOException
    {
        byte[] blob = new byte[toIntExact(deleteFile.contentLength())];
        try (TrinoInput input = fileSystemFactory.create(session).newInputFile(FileLocations.of(deleteFile.path()), deleteFile.fileSize()).newInput()) {
            input.readFully(deleteFile.contentOffset(), blob, 0, blob.length);
        }
        // the Iceberg file description the deserializer checks the blob's length against
        DeleteFile vectorFile = FileMetadata.deleteFileBuilder(PartitionSpec.unpartitioned())
                .ofPositionDeletes()
                .withFormat(FileFormat.PUFFIN)
                .withPath(deleteFile.path())
                .withFileSizeInBytes(deleteFile.fileSize())
                .withRecordCount(deleteFile.recordCount())
                .withReferencedDataFile(dataFilePath)
                .withContentOffset(deleteFile.contentOffset())
                .withContentSizeInBytes(deleteFile.contentLength())
                .build();
        try {
            return PositionDeleteIndex.deserialize(blob, vectorFile);
        }
        catch (IllegalArgumentException e) {
            throw new TrinoException(LAKEHOUSE_BAD_DATA, "Deletion vector at offset %s of %s is not valid: %s".formatted(deleteFile.contentOffset(), deleteFile.path(), e.getMessage()), e);
        }
    }

    private void readPositionDeletes(ConnectorSession session, String dataFilePath, LakehouseDeleteFile deleteFile, PositionDeleteIndex index)
            throws IOException
    {
        Slice path = utf8Slice(dataFilePath);
        // only the row groups whose file_path bounds include this data file (Iceberg sorts them by path)
        TupleDomain<LakehouseColumnHandle> predicate = TupleDomain.withColumnDomains(Map.of(DELETE_FILE_PATH, Domain.singleValue(VARCHAR, path)));
        try (ConnectorPageSource source = parquetPageSourceFactory.create(session, wholeFileSplit(deleteFile), List.of(DELETE_FILE_PATH, DELETE_FILE_POSITION), predicate, TupleDomain.all())) {
            for (SourcePage page = source.getNextSourcePage(); page != null; page = source.getNextSourcePage()) {
                Block paths = page.getBlock(0);
                Block positions = page.getBlock(1);
                for (int row = 0; row < page.getPositionCount(); row++) {
                    if (!paths.isNull(row) && !positions.isNull(row) && VARCHAR.getSlice(paths, row).equals(path)) {
                        index.delete(BIGINT.getLong(positions, row));
                    }
                }
            }
        }
    }

    private void readEqualityDeletes(ConnectorSession session, LakehouseDeleteFile deleteFile, EqualityDeletes deletes)
            throws IOException
    {
        try (ConnectorPageSource source = parquetPageSourceFactory.create(session, wholeFileSplit(deleteFile), deleteFile.equalityColumns(), TupleDomain.all(), TupleDomain.all())) {
            for (SourcePage page = source.getNextSourcePage(); page != null; page = source.getNextSourcePage()) {
                deletes.addDeletedRows(page);
            }
        }
    }

    private static LakehouseSplit wholeFileSplit(LakehouseDeleteFile deleteFile)
    {
        return new LakehouseSplit(deleteFile.path(), 0, deleteFile.fileSize(), deleteFile.fileSize(), deleteFile.recordCount(), 0, "[]", TupleDomain.all(), SplitWeight.standard(), List.of());
    }
}
