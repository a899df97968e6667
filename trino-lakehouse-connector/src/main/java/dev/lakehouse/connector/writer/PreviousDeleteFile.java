package dev.lakehouse.connector.writer;

import dev.lakehouse.connector.deletes.LakehouseDeleteFile;

import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A position delete file or deletion vector that already deleted rows of a data file a statement deletes
 * more rows of. On a format version 3 table, its positions go into the data file's new deletion vector,
 * which replaces it where it deletes rows of that data file only ({@code fileScoped}).
 */
public record PreviousDeleteFile(
        boolean deletionVector,
        String path,
        long fileSize,
        long recordCount,
        long contentOffset,
        long contentLength,
        boolean fileScoped)
{
    public PreviousDeleteFile
    {
        requireNonNull(path, "path is null");
        checkArgument(!deletionVector || fileScoped, "a deletion vector is of one data file");
    }

    /**
     * The position delete files and deletion vectors among a data file's delete files.
     */
    public static List<PreviousDeleteFile> of(List<LakehouseDeleteFile> deletes)
    {
        return deletes.stream()
                .filter(file -> file.kind() != LakehouseDeleteFile.Kind.EQUALITY_DELETES)
                .map(file -> new PreviousDeleteFile(
                        file.kind() == LakehouseDeleteFile.Kind.DELETION_VECTOR,
                        file.path(),
                        file.fileSize(),
                        file.recordCount(),
                        file.contentOffset(),
                        file.contentLength(),
                        file.fileScoped()))
                .toList();
    }

    public LakehouseDeleteFile toDeleteFile()
    {
        return new LakehouseDeleteFile(
                deletionVector ? LakehouseDeleteFile.Kind.DELETION_VECTOR : LakehouseDeleteFile.Kind.POSITION_DELETES,
                path,
                fileSize,
                recordCount,
                contentOffset,
                contentLength,
                fileScoped,
                List.of());
    }
}
