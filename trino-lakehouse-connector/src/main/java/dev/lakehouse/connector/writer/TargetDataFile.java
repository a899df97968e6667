package dev.lakehouse.connector.writer;

import com.google.common.collect.ImmutableList;

import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A data file that a DELETE, UPDATE or MERGE deletes rows of, as its row ids describe it.
 *
 * @param partitionData the file's partition, as {@link dev.lakehouse.connector.merge.PartitionDataJson} has it
 * @param previousDeletes the position delete files and deletion vector that deleted rows of it before
 */
public record TargetDataFile(String path, int partitionSpecId, String partitionData, long recordCount, List<PreviousDeleteFile> previousDeletes)
{
    public TargetDataFile
    {
        requireNonNull(path, "path is null");
        requireNonNull(partitionData, "partitionData is null");
        checkArgument(recordCount >= 0, "recordCount is negative");
        previousDeletes = ImmutableList.copyOf(requireNonNull(previousDeletes, "previousDeletes is null"));
    }
}
