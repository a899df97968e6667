package dev.lakehouse.connector.fileio;

import io.trino.filesystem.TrinoInputFile;
import io.trino.filesystem.TrinoInputStream;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.InputFile;
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

    TrinoIcebergInputFile(TrinoInputFile inputFile)
    {
        this.inputFile = requireNonNull(inputFile, "inputFile is null");
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
            return new TrinoSeekableInputStream(inputFile.newStream());
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
        return inputFile.location().toString();
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

    private static final class TrinoSeekableInputStream
            extends SeekableInputStream
    {
        private final TrinoInputStream stream;

        private TrinoSeekableInputStream(TrinoInputStream stream)
        {
            this.stream = requireNonNull(stream, "stream is null");
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
            stream.close();
        }
    }
}
