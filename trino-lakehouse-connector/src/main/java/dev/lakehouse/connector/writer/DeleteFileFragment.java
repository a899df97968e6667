package dev.lakehouse.connector.writer;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import org.apache.iceberg.FileFormat;

import java.util.List;
import java.util.Map;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A delete file a writer finished: the positions of deleted rows of one data file, as the coordinator
 * commits it. Travels from the workers to the coordinator as JSON.
 *
 * @param format Parquet for a position delete file, Puffin for a deletion vector
 * @param recordCount how many rows of the data file it deletes
 * @param referencedDataFile the data file whose rows it deletes
 * @param partitionSpecId the data file's partition spec, which the delete file shares
 * @param partitionData the data file's partition, as {@link dev.lakehouse.connector.merge.PartitionDataJson} has it
 * @param dataFileRecordCount how many rows the data file has: when all are deleted, the data file is removed instead
 * @param contentOffset where a deletion vector starts in its Puffin file; 0 for a position delete file
 * @param contentSizeInBytes the length of a deletion vector; the file size for a position delete file
 * @param lowerBounds the lower bounds of the file's columns, by field id, in Iceberg's single-value binary form
 * @param upperBounds the upper bounds, likewise
 * @param replacedDeleteFiles the delete files of the data file whose positions a deletion vector took over, to be removed with its commit
 */
public record DeleteFileFragment(
        String path,
        FileFormat format,
        long fileSizeInBytes,
        long recordCount,
        String referencedDataFile,
        int partitionSpecId,
        String partitionData,
        long dataFileRecordCount,
        long contentOffset,
        long contentSizeInBytes,
        Map<Integer, byte[]> lowerBounds,
        Map<Integer, byte[]> upperBounds,
        List<PreviousDeleteFile> replacedDeleteFiles)
{
    public DeleteFileFragment
    {
        requireNonNull(path, "path is null");
        checkArgument(format == FileFormat.PARQUET || format == FileFormat.PUFFIN, "unsupported delete file format: %s", format);
        checkArgument(fileSizeInBytes >= 0, "fileSizeInBytes is negative");
        checkArgument(recordCount > 0, "recordCount is not positive");
        requireNonNull(referencedDataFile, "referencedDataFile is null");
        requireNonNull(partitionData, "partitionData is null");
        lowerBounds = ImmutableMap.copyOf(requireNonNull(lowerBounds, "lowerBounds is null"));
        upperBounds = ImmutableMap.copyOf(requireNonNull(upperBounds, "upperBounds is null"));
        replacedDeleteFiles = ImmutableList.copyOf(requireNonNull(replacedDeleteFiles, "replacedDeleteFiles is null"));
    }
}
