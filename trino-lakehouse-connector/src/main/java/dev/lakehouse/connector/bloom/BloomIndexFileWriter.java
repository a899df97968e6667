package dev.lakehouse.connector.bloom;

import dev.lakehouse.connector.fileio.TrinoFileIo;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.TrinoException;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_WRITER_ERROR;
import static java.util.Comparator.comparingLong;
import static java.util.Objects.requireNonNull;

/**
 * The bloom index file of one writer: the filters of every data file the writer completes, in one Puffin
 * file beside the data files. Filters of a column with the same number of blocks are held and written
 * together as a group blob ({@link BloomFilterGroup}); past {@value #MAX_HELD_BYTES} bytes held, the largest
 * group is written out. Nothing is written when no file has a filter.
 */
public final class BloomIndexFileWriter
{
    // filters held for their groups, at most: a group written out early only means one more blob
    private static final long MAX_HELD_BYTES = 8L * 1024 * 1024;

    private final TrinoFileSystem fileSystem;
    private final Location location;
    private final Map<GroupKey, List<DataFileFilter>> groups = new LinkedHashMap<>();
    private long heldBytes;
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

    public void add(List<DataFileFilter> filters)
    {
        for (DataFileFilter filter : filters) {
            groups.computeIfAbsent(new GroupKey(filter.fieldId(), filter.blocks()), _ -> new ArrayList<>()).add(filter);
            heldBytes += filter.bitset().length;
        }
        while (heldBytes > MAX_HELD_BYTES) {
            GroupKey largest = groups.entrySet().stream()
                    .max(comparingLong(group -> group.getKey().blocks() * group.getValue().size()))
                    .orElseThrow()
                    .getKey();
            writeGroup(largest);
        }
    }

    private void writeGroup(GroupKey key)
    {
        List<DataFileFilter> filters = groups.remove(key);
        if (writer == null) {
            writer = Puffin.write(new TrinoFileIo(fileSystem).newOutputFile(location.toString()))
                    .createdBy("Trino Lakehouse")
                    .build();
        }
        writer.add(BloomFilterGroup.toBlob(key.fieldId(), key.blocks(), filters));
        heldBytes -= filters.stream().mapToLong(filter -> filter.bitset().length).sum();
    }

    /**
     * Bytes of the filters held for their groups, at most about {@value #MAX_HELD_BYTES}.
     */
    public long retainedBytes()
    {
        return heldBytes;
    }

    /**
     * Completes the file; empty when no filter was added.
     */
    public Optional<BloomIndexFile> finish()
    {
        try {
            for (GroupKey key : List.copyOf(groups.keySet())) {
                writeGroup(key);
            }
            finished = true;
            if (writer == null) {
                return Optional.empty();
            }
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
        groups.clear();
        heldBytes = 0;
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

    private record GroupKey(int fieldId, long blocks) {}
}
