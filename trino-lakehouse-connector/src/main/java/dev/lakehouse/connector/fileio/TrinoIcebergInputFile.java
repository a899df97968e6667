package dev.lakehouse.connector.fileio;

import io.trino.filesystem.TrinoInput;
import io.trino.filesystem.TrinoInputFile;
import io.trino.filesystem.TrinoInputStream;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.RangeReadable;
import org.apache.iceberg.io.SeekableInputStream;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

import static java.util.Objects.requireNonNull;

final class TrinoIcebergInputFile
        implements InputFile
{
    private final TrinoInputFile inputFile;
    private final String path;

    /**
     * @param path the file's path as Iceberg gave it, which {@link #location()} returns
     */
    TrinoIcebergInputFile(TrinoInputFile inputFile, String path)
    {
        this.inputFile = requireNonNull(inputFile, "inputFile is null");
        this.path = requireNonNull(path, "path is null");
    }

    @Override
    public long getLength()
    {
        try {
            return inputFile.length();
        }
        catch (FileNotFoundException | NoSuchFileException e) {
            throw new NotFoundException(e, "File does not exist: %s", location());
        }
        catch (IOException e) {
            throw new UncheckedIOException("Failed to get the length of " + location(), e);
        }
    }

    @Override
    public SeekableInputStream newStream()
    {
        try {
            return new TrinoSeekableInputStream(inputFile, inputFile.newStream());
        }
        catch (FileNotFoundException | NoSuchFileException e) {
            throw new NotFoundException(e, "File does not exist: %s", location());
        }
        catch (IOException e) {
            throw new UncheckedIOException("Failed to open " + location(), e);
        }
    }

    @Override
    public String location()
    {
        return path;
    }

    @Override
    public boolean exists()
    {
        try {
            return inputFile.exists();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Failed to check whether " + location() + " exists", e);
        }
    }

    @Override
    public String toString()
    {
        return location();
    }

    /**
     * A stream that also reads at positions without moving, for readers that read scattered ranges (the
     * footers and blocks of Puffin files): a positioned read is one request, where seek and read may be
     * several.
     */
    private static final class TrinoSeekableInputStream
            extends SeekableInputStream
            implements RangeReadable
    {
        private final TrinoInputFile inputFile;
        private final TrinoInputStream stream;
        private TrinoInput input;

        private TrinoSeekableInputStream(TrinoInputFile inputFile, TrinoInputStream stream)
        {
            this.inputFile = requireNonNull(inputFile, "inputFile is null");
            this.stream = requireNonNull(stream, "stream is null");
        }

        @Override
        public void readFully(long position, byte[] buffer, int offset, int length)
                throws IOException
        {
            input().readFully(position, buffer, offset, length);
        }

        @Override
        public int readTail(byte[] buffer, int offset, int length)
                throws IOException
        {
            return input().readTail(buffer, offset, length);
        }

        private TrinoInput input()
                throws IOException
        {
            if (input == null) {
                input = inputFile.newInput();
            }
            return input;
        }

        @Override
        public long getPos()
                throws IOException
        {
            return stream.getPosition();
        }

        @Override
        public void seek(long position)
                throws IOException
        {
            stream.seek(position);
        }

        @Override
        public int read()
                throws IOException
        {
            return stream.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length)
                throws IOException
        {
            return stream.read(buffer, offset, length);
        }

        @Override
        public long skip(long count)
                throws IOException
        {
            return stream.skip(count);
        }

        @Override
        public void close()
                throws IOException
        {
            try (stream) {
                if (input != null) {
                    input.close();
                }
            }
        }
    }
}
