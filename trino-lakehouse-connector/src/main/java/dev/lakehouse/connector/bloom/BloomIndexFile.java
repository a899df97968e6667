package dev.lakehouse.connector.bloom;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A Puffin file of bloom filters that a writer wrote beside its data files, as the snapshot summary lists it.
 */
public record BloomIndexFile(String path, long fileSizeInBytes, long footerSizeInBytes)
{
    public BloomIndexFile
    {
        requireNonNull(path, "path is null");
        checkArgument(fileSizeInBytes > 0, "fileSizeInBytes must be positive");
        checkArgument(footerSizeInBytes > 0 && footerSizeInBytes < fileSizeInBytes, "footerSizeInBytes must be positive and less than the file size");
    }
}
