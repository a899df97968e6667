package dev.lakehouse.connector.bloom;

import dev.lakehouse.connector.fileio.TrinoFileIo;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.TrinoException;
import org.apache.iceberg.puffin.Blob;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinWriter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_WRITER_ERROR;
import static java.util.Objects.requireNonNull;

/**
 * The bloom index file of one writer: the filters of every data file the writer completes, appended as the
 * files complete, in one Puffin file beside the data files. Nothing is written when no file has a filter.
 */
public final class BloomIndexFileWriter
{
    private final TrinoFileSystem fileSystem;
    private final Location location;
    private PuffinWriter writer;
    private boolean finished;

    public BloomIndexFileWriter(TrinoFileSystem fileSystem, Location location)
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.location = requireNonNull(location, "location is null");
    }

    public Location location()
    {
        return location;
    }

    public void add(List<Blob> blobs)
    {
        if (blobs.isEmpty()) {
            return;
        }
        if (writer == null) {
            writer = Puffin.write(new TrinoFileIo(fileSystem).newOutputFile(location.toString()))
                    .createdBy("Trino Lakehouse")
                    .build();
        }
        for (Blob blob : blobs) {
            writer.add(blob);
        }
    }

    /**
     * Completes the file; empty when no filter was added.
     */
    public Optional<BloomIndexFile> finish()
    {
        finished = true;
        if (writer == null) {
            return Optional.empty();
        }
        try {
            writer.finish();
            writer.close();
            return Optional.of(new BloomIndexFile(location.toString(), writer.fileSize(), writer.footerSize()));
        }
        catch (IOException | RuntimeException e) {
            throw new TrinoException(LAKEHOUSE_WRITER_ERROR, "Failed to write bloom index file %s: %s".formatted(location, e.getMessage()), e);
        }
    }

    /**
     * Closes and deletes the file, if one was started.
     */
    public void abort()
            throws IOException
    {
        if (writer == null) {
            return;
        }
        try {
            if (!finished) {
                writer.close();
            }
        }
        finally {
            fileSystem.deleteFile(location);
        }
    }
}
