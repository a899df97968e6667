package dev.lakehouse.connector.fileio;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Iterables;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SupportsBulkOperations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Iceberg's {@link org.apache.iceberg.io.FileIO} over a Trino file system, so the catalog, manifests and
 * data files all go through the same file system layer (local, S3, and its caches).
 */
public final class TrinoFileIo
        implements SupportsBulkOperations
{
    private static final int DELETE_BATCH_SIZE = 1000;

    private final TrinoFileSystem fileSystem;

    public TrinoFileIo(TrinoFileSystem fileSystem)
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
    }

    public TrinoFileSystem fileSystem()
    {
        return fileSystem;
    }

    @Override
    public InputFile newInputFile(String path)
    {
        return new TrinoIcebergInputFile(opened(path, location -> fileSystem.newInputFile(location)), path);
    }

    @Override
    public InputFile newInputFile(String path, long length)
    {
        // the length recorded in metadata saves a request for the file's size on object stores
        return new TrinoIcebergInputFile(opened(path, location -> fileSystem.newInputFile(location, length)), path);
    }

    @Override
    public OutputFile newOutputFile(String path)
    {
        Location location = opened(path, candidate -> {
            // fails here for a location no file system takes
            fileSystem.newOutputFile(candidate);
            return candidate;
        });
        return new TrinoIcebergOutputFile(fileSystem, location, path);
    }

    /**
     * Opens the location; file systems refuse a location they do not take at once, before any I/O.
     */
    private static <T> T opened(String path, Function<Location, T> open)
    {
        try {
            return open.apply(FileLocations.of(path));
        }
        catch (IllegalArgumentException e) {
            throw new UnreadableLocationException(path, e);
        }
    }

    @Override
    public void deleteFile(String path)
    {
        try {
            fileSystem.deleteFile(FileLocations.of(path));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Failed to delete file " + path, e);
        }
    }

    @Override
    public void deleteFiles(Iterable<String> paths)
            throws BulkDeletionFailureException
    {
        int failed = 0;
        IOException firstFailure = null;
        for (List<String> batch : Iterables.partition(paths, DELETE_BATCH_SIZE)) {
            ImmutableList.Builder<Location> locations = ImmutableList.builderWithExpectedSize(batch.size());
            batch.forEach(path -> locations.add(FileLocations.of(path)));
            try {
                fileSystem.deleteFiles(locations.build());
            }
            catch (IOException e) {
                failed += batch.size();
                if (firstFailure == null) {
                    firstFailure = e;
                }
            }
        }
        if (firstFailure != null) {
            BulkDeletionFailureException exception = new BulkDeletionFailureException(failed);
            exception.addSuppressed(firstFailure);
            throw exception;
        }
    }

    @Override
    public Map<String, String> properties()
    {
        return ImmutableMap.of();
    }

    @Override
    public void initialize(Map<String, String> properties)
    {
        throw new UnsupportedOperationException("TrinoFileIo is created by the connector, not from properties");
    }

    @Override
    public void close() {}
}
