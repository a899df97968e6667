package dev.lakehouse.connector.reader;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ListMultimap;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import io.trino.filesystem.TrinoInput;
import io.trino.filesystem.TrinoInputFile;
import io.trino.memory.context.AggregatedMemoryContext;
import io.trino.memory.context.LocalMemoryContext;
import io.trino.parquet.ChunkReader;
import io.trino.parquet.DiskRange;
import io.trino.parquet.ParquetDataSource;
import io.trino.parquet.ParquetDataSourceId;
import io.trino.parquet.reader.ChunkedInputStream;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static com.google.common.base.Preconditions.checkArgument;
import static java.lang.Math.toIntExact;
import static java.util.Objects.requireNonNull;

/**
 * A small Parquet file read whole, in one request, the first time anything of it is needed: the footer
 * and the column chunks are then served from memory. For a file of a few kilobytes, reading the footer
 * (the reader asks for up to 48 kB of the tail) and then the chunks separately reads most of the file
 * twice, in two requests; this reads it once.
 */
final class WholeFileParquetDataSource
        implements ParquetDataSource
{
    private final ParquetDataSourceId id;
    private final TrinoInputFile file;
    private final int fileSize;
    private final LocalMemoryContext memory;
    private Slice data;
    // kept when the data is released: what was read stays read
    private long readBytes;
    private long readTimeNanos;

    WholeFileParquetDataSource(TrinoInputFile file, long fileSize, AggregatedMemoryContext memoryContext)
    {
        this.file = requireNonNull(file, "file is null");
        checkArgument(fileSize >= 0 && fileSize <= Integer.MAX_VALUE, "fileSize is out of range: %s", fileSize);
        this.id = new ParquetDataSourceId(file.location().toString());
        this.fileSize = toIntExact(fileSize);
        this.memory = memoryContext.newLocalMemoryContext(WholeFileParquetDataSource.class.getSimpleName());
    }

    @Override
    public ParquetDataSourceId getId()
    {
        return id;
    }

    @Override
    public long getReadBytes()
    {
        return readBytes;
    }

    @Override
    public long getReadTimeNanos()
    {
        return readTimeNanos;
    }

    @Override
    public long getEstimatedSize()
    {
        return fileSize;
    }

    @Override
    public Slice readTail(int length)
            throws IOException
    {
        int tail = Math.min(length, fileSize);
        return data().slice(fileSize - tail, tail);
    }

    @Override
    public Slice readFully(long position, int length)
            throws IOException
    {
        checkArgument(position >= 0 && position + length <= fileSize, "range %s+%s is outside file %s of %s bytes", position, length, id, fileSize);
        return data().slice(toIntExact(position), length);
    }

    @Override
    public <K> Map<K, ChunkedInputStream> planRead(ListMultimap<K, DiskRange> diskRanges, AggregatedMemoryContext memoryContext)
    {
        ImmutableMap.Builder<K, ChunkedInputStream> streams = ImmutableMap.builderWithExpectedSize(diskRanges.keySet().size());
        for (Map.Entry<K, Collection<DiskRange>> entry : diskRanges.asMap().entrySet()) {
            List<ChunkReader> chunks = new ArrayList<>(entry.getValue().size());
            for (DiskRange range : entry.getValue()) {
                chunks.add(new MemoryChunk(range));
            }
            streams.put(entry.getKey(), new ChunkedInputStream(chunks));
        }
        return streams.buildOrThrow();
    }

    private Slice data()
            throws IOException
    {
        if (data == null) {
            long start = System.nanoTime();
            byte[] bytes = new byte[fileSize];
            try (TrinoInput input = file.newInput()) {
                input.readFully(0, bytes, 0, fileSize);
            }
            readTimeNanos += System.nanoTime() - start;
            readBytes = fileSize;
            data = Slices.wrappedBuffer(bytes);
            memory.setBytes(data.getRetainedSize());
        }
        return data;
    }

    @Override
    public void close()
    {
        data = null;
        memory.close();
    }

    private final class MemoryChunk
            implements ChunkReader
    {
        private final DiskRange range;

        private MemoryChunk(DiskRange range)
        {
            this.range = range;
        }

        @Override
        public long getDiskOffset()
        {
            return range.getOffset();
        }

        @Override
        public Slice read()
                throws IOException
        {
            return readFully(range.getOffset(), toIntExact(range.getLength()));
        }

        @Override
        public void free() {}
    }
}
