package dev.lakehouse.connector.fileio;

import com.google.common.io.CountingOutputStream;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import static java.util.Objects.requireNonNull;

final class TrinoIcebergOutputFile
        implements OutputFile
{
    private final TrinoFileSystem fileSystem;
    private final Location location;
    private final String path;

    /**
     * @param path the file's path as Iceberg gave it, which {@link #location()} returns and Iceberg records
     */
    TrinoIcebergOutputFile(TrinoFileSystem fileSystem, Location location, String path)
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.location = requireNonNull(location, "location is null");
        this.path = requireNonNull(path, "path is null");
    }

    @Override
    public PositionOutputStream create()
    {
        try {
            return new CountingPositionOutputStream(fileSystem.newOutputFile(location).create());
        }
        catch (IOException e) {
            throw new UncheckedIOException("Failed to create " + location, e);
        }
    }

    @Override
    public PositionOutputStream createOrOverwrite()
    {
        // every file Iceberg writes has a new, unique name, so there is nothing to overwrite
        return create();
    }

    @Override
    public String location()
    {
        return path;
    }

    @Override
    public InputFile toInputFile()
    {
        return new TrinoIcebergInputFile(fileSystem.newInputFile(location), path);
    }

    @Override
    public String toString()
    {
        return location.toString();
    }

    private static final class CountingPositionOutputStream
            extends PositionOutputStream
    {
        private final CountingOutputStream stream;

        private CountingPositionOutputStream(OutputStream stream)
        {
            this.stream = new CountingOutputStream(requireNonNull(stream, "stream is null"));
        }

        @Override
        public long getPos()
        {
            return stream.getCount();
        }

        @Override
        public void write(int b)
                throws IOException
        {
            stream.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length)
                throws IOException
        {
            stream.write(bytes, offset, length);
        }

        @Override
        public void flush()
                throws IOException
        {
            stream.flush();
        }

        @Override
        public void close()
                throws IOException
        {
            stream.close();
        }
    }
}
