package dev.lakehouse.connector.deletes;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.connector.LakehouseColumnHandle;
import io.trino.spi.TrinoException;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.util.ContentFileUtil;

import java.util.List;
import java.util.function.IntFunction;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_UNSUPPORTED_TABLE_FEATURE;
import static io.airlift.slice.SizeOf.estimatedSizeOf;
import static io.airlift.slice.SizeOf.instanceSize;
import static java.util.Objects.requireNonNull;

/**
 * A delete file that applies to the data file of a split, as the worker needs it: where the deleted rows
 * are and how they are identified.
 *
 * @param contentOffset for a deletion vector, where its blob starts in the Puffin file; 0 otherwise
 * @param contentLength for a deletion vector, the length of its blob; 0 otherwise
 * @param fileScoped whether it deletes rows of one data file only (a deletion vector always does)
 * @param equalityColumns for equality deletes, the columns whose values identify deleted rows; empty otherwise
 */
public record LakehouseDeleteFile(
        Kind kind,
        String path,
        long fileSize,
        long recordCount,
        long contentOffset,
        long contentLength,
        boolean fileScoped,
        List<LakehouseColumnHandle> equalityColumns)
{
    private static final int INSTANCE_SIZE = instanceSize(LakehouseDeleteFile.class);

    public enum Kind
    {
        /** A Parquet file of (file_path, pos) rows. */
        POSITION_DELETES,
        /** A deletion vector: a bitmap of positions in a blob of a Puffin file (format version 3). */
        DELETION_VECTOR,
        /** A Parquet file of rows whose values in the equality columns identify deleted rows. */
        EQUALITY_DELETES,
    }

    public LakehouseDeleteFile
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(path, "path is null");
        equalityColumns = ImmutableList.copyOf(requireNonNull(equalityColumns, "equalityColumns is null"));
        checkArgument(equalityColumns.isEmpty() != (kind == Kind.EQUALITY_DELETES), "equality columns are given for equality deletes only, and always for them");
    }

    /**
     * The delete file of an Iceberg manifest entry.
     *
     * @param columnById the column of an equality field id
     * @throws TrinoException when the delete file is in a format this connector does not read
     */
    public static LakehouseDeleteFile of(String tableName, DeleteFile file, IntFunction<LakehouseColumnHandle> columnById)
    {
        return switch (file.content()) {
            case POSITION_DELETES -> {
                if (ContentFileUtil.isDV(file)) {
                    yield new LakehouseDeleteFile(Kind.DELETION_VECTOR, file.location(), file.fileSizeInBytes(), file.recordCount(), file.contentOffset(), file.contentSizeInBytes(), true, ImmutableList.of());
                }
                checkParquet(tableName, file);
                yield new LakehouseDeleteFile(Kind.POSITION_DELETES, file.location(), file.fileSizeInBytes(), file.recordCount(), 0, 0, ContentFileUtil.isFileScoped(file), ImmutableList.of());
            }
            case EQUALITY_DELETES -> {
                checkParquet(tableName, file);
                if (file.equalityFieldIds() == null || file.equalityFieldIds().isEmpty()) {
                    throw new TrinoException(LAKEHOUSE_UNSUPPORTED_TABLE_FEATURE, "Equality delete file %s of table '%s' names no equality columns".formatted(file.location(), tableName));
                }
                List<LakehouseColumnHandle> columns = file.equalityFieldIds().stream()
                        .map(columnById::apply)
                        .collect(toImmutableList());
                yield new LakehouseDeleteFile(Kind.EQUALITY_DELETES, file.location(), file.fileSizeInBytes(), file.recordCount(), 0, 0, false, columns);
            }
            case DATA -> throw new IllegalArgumentException("Not a delete file: " + file.location());
        };
    }

    private static void checkParquet(String tableName, DeleteFile file)
    {
        if (file.format() != FileFormat.PARQUET) {
            throw new TrinoException(LAKEHOUSE_UNSUPPORTED_TABLE_FEATURE, "Table '%s' has a delete file in %s format (%s): this connector reads Parquet delete files and deletion vectors only"
                    .formatted(tableName, file.format(), file.location()));
        }
    }

    public long retainedSizeInBytes()
    {
        return INSTANCE_SIZE + estimatedSizeOf(path) + equalityColumns.size() * 128L;
    }
}
