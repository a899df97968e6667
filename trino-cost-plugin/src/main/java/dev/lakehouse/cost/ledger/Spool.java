package dev.lakehouse.cost.ledger;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.airlift.log.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static java.util.Objects.requireNonNull;

/**
 * A local, durable queue of byte entries: what the ledger has not taken yet survives a crash or kill
 * of the server, and, once synchronized, of the machine.
 *
 * <p>Entries are appended to numbered segment files. {@link #append} returns once the entry is
 * written to the file (in the operating system's cache: a crash of the server cannot lose it) and
 * does not wait for the disk. A single consumer {@linkplain #read reads} batches in order; each read
 * first synchronizes the file to disk ({@code fsync}), so the consumer only ever passes on entries
 * that are on disk, and all entries appended meanwhile share that one {@code fsync}. The consumer
 * {@linkplain #consumed confirms} a batch once it is safe elsewhere; segments whose entries are all
 * confirmed are deleted. Only a failure of the machine between an append and the next read (the
 * consumer reads as soon as it is told of new entries) can lose an entry.
 *
 * <p>Each entry is framed with its length and a CRC-32C. When the spool is opened, the segments left
 * by an earlier run are read again from the start (the consumer must accept an entry twice, which
 * the ledger does), up to the first torn or corrupt entry of each: an entry cut short by a crash was
 * never acknowledged to its writer.
 */
public final class Spool
        implements AutoCloseable
{
    private static final Logger log = Logger.get(Spool.class);
    private static final Pattern SEGMENT_NAME = Pattern.compile("segment-(\\d{20})\\.spool");
    private static final byte[] MAGIC = {'L', 'H', 'S', 'P', 'O', 'O', 'L', '1'};
    private static final int ENTRY_HEADER_BYTES = Integer.BYTES * 2;
    private static final int MAX_ENTRY_BYTES = 64 << 20;

    private final Path directory;
    private final long segmentBytes;

    // appends take writeLock (the file position), syncs take forceLock (the fsync); sealing takes both, in this order
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Object forceLock = new Object();

    // all segments not yet deleted, by id; guarded by writeLock
    @GuardedBy("writeLock")
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    @GuardedBy("writeLock")
    private Segment active;
    @GuardedBy("writeLock")
    private long nextSegmentId;
    @GuardedBy("writeLock")
    private boolean closed;

    // consumer state: only the consumer thread touches it
    private Position readPosition;
    private FileChannel readChannel;
    private long readChannelSegment = -1;

    public Spool(Path directory, long segmentBytes)
            throws IOException
    {
        checkArgument(segmentBytes > MAGIC.length, "segmentBytes is too small");
        this.directory = requireNonNull(directory, "directory is null").toAbsolutePath().normalize();
        this.segmentBytes = segmentBytes;
        Files.createDirectories(this.directory);
        recover();
    }

    public Path directory()
    {
        return directory;
    }

    private void recover()
            throws IOException
    {
        TreeMap<Long, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path file : stream) {
                Matcher matcher = SEGMENT_NAME.matcher(file.getFileName().toString());
                if (matcher.matches()) {
                    files.put(Long.parseLong(matcher.group(1)), file);
                }
            }
        }
        writeLock.lock();
        try {
            long entries = 0;
            for (Map.Entry<Long, Path> file : files.entrySet()) {
                Recovered recovered = scan(file.getValue());
                entries += recovered.entries();
                Segment segment = new Segment(file.getKey(), file.getValue(), null);
                segment.written = recovered.validBytes();
                segment.durable = recovered.validBytes();
                segments.put(segment.id, segment);
            }
            nextSegmentId = files.isEmpty() ? 1 : files.lastKey() + 1;
            readPosition = new Position(segments.isEmpty() ? nextSegmentId : segments.firstKey(), MAGIC.length);
            if (entries > 0) {
                log.info("Spool %s holds %s entries from before the restart; they go to the ledger again (the ledger keeps each query once)", directory, entries);
            }
        }
        finally {
            writeLock.unlock();
        }
    }

    private static Recovered scan(Path file)
            throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, READ)) {
            long size = channel.size();
            ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
            readFully(channel, magic, 0);
            if (magic.hasRemaining() || !magic.flip().equals(ByteBuffer.wrap(MAGIC))) {
                log.error("Spool file %s has no valid header; its content is ignored", file);
                return new Recovered(0, MAGIC.length);
            }
            long position = MAGIC.length;
            long entries = 0;
            while (position < size) {
                byte[] payload = readEntry(channel, position, size);
                if (payload == null) {
                    log.warn("Spool file %s ends with a torn or corrupt entry at byte %s of %s; the entries before it are kept", file, position, size);
                    break;
                }
                position += ENTRY_HEADER_BYTES + payload.length;
                entries++;
            }
            return new Recovered(entries, position);
        }
    }

    /**
     * Writes the entry to the spool file; {@link #read} and {@link #sync} put it on disk.
     */
    public void append(byte[] payload)
            throws IOException
    {
        checkArgument(payload.length > 0 && payload.length <= MAX_ENTRY_BYTES, "Spool entry size %s is out of range", payload.length);
        ByteBuffer entry = ByteBuffer.allocate(ENTRY_HEADER_BYTES + payload.length);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        entry.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();

        writeLock.lock();
        try {
            checkState(!closed, "Spool %s is closed", directory);
            if (active == null) {
                active = createSegment();
            }
            Segment segment = active;
            long position = segment.written;
            while (entry.hasRemaining()) {
                position += segment.channel.write(entry, position);
            }
            segment.written = position;
            if (position >= segmentBytes) {
                seal(segment);
            }
        }
        finally {
            writeLock.unlock();
        }
    }

    /**
     * Puts every entry appended so far on disk.
     */
    public void sync()
            throws IOException
    {
        Segment segment;
        writeLock.lock();
        try {
            segment = active;
        }
        finally {
            writeLock.unlock();
        }
        if (segment == null) {
            // sealed segments were synchronized when sealed
            return;
        }
        synchronized (forceLock) {
            long target = segment.written;
            if (segment.durable >= target || segment.channel == null) {
                return;
            }
            segment.channel.force(false);
            segment.durable = target;
        }
    }

    @GuardedBy("writeLock")
    private Segment createSegment()
            throws IOException
    {
        long id = nextSegmentId++;
        Path file = directory.resolve("segment-%020d.spool".formatted(id));
        FileChannel channel = FileChannel.open(file, CREATE_NEW, WRITE, READ);
        channel.write(ByteBuffer.wrap(MAGIC), 0);
        channel.force(true);
        // the new file's name must be durable too
        try (FileChannel folder = FileChannel.open(directory, READ)) {
            folder.force(true);
        }
        Segment segment = new Segment(id, file, channel);
        segment.written = MAGIC.length;
        segment.durable = MAGIC.length;
        segments.put(id, segment);
        return segment;
    }

    @GuardedBy("writeLock")
    private void seal(Segment segment)
            throws IOException
    {
        synchronized (forceLock) {
            segment.channel.force(false);
            segment.durable = segment.written;
            segment.channel.close();
            segment.channel = null;
        }
        if (active == segment) {
            active = null;
        }
    }

    /**
     * Puts what was appended on disk, then returns the next entries after the last batch read, at
     * most {@code maxEntries}. The consumer confirms a batch with {@link #consumed} once it is safe
     * elsewhere; until it does, the entries are read again after a restart. Reads continue after
     * the batch whether or not it was confirmed; a consumer that fails to store a batch
     * {@linkplain #rewind rewinds} and reads it again.
     */
    public Batch read(int maxEntries)
            throws IOException
    {
        checkArgument(maxEntries > 0, "maxEntries must be positive");
        sync();
        List<byte[]> entries = new ArrayList<>();
        Position position = readPosition;
        while (entries.size() < maxEntries) {
            SegmentView view = view(position.segment());
            if (view == null) {
                // nothing at or after this segment yet
                break;
            }
            if (view.id() != position.segment()) {
                position = new Position(view.id(), MAGIC.length);
            }
            if (position.offset() >= view.limit()) {
                if (!view.sealed()) {
                    break;
                }
                // the sealed segment is read: go on with the next one, existing or still to come
                position = positionAfter(view.id());
                continue;
            }
            FileChannel channel = readChannel(view);
            byte[] payload = readEntry(channel, position.offset(), view.limit());
            if (payload == null) {
                // corrupt tail of a recovered segment: skip the rest of it
                position = new Position(position.segment(), view.limit());
                continue;
            }
            entries.add(payload);
            position = new Position(position.segment(), position.offset() + ENTRY_HEADER_BYTES + payload.length);
        }
        Batch batch = new Batch(ImmutableList.copyOf(entries), readPosition, position);
        readPosition = position;
        return batch;
    }

    /**
     * Makes the consumer read again from the start of this batch (after it failed to store it).
     */
    public void rewind(Batch batch)
    {
        readPosition = batch.start();
    }

    /**
     * Confirms every entry up to the end of the batch; deletes the segments that hold nothing else.
     */
    public void consumed(Batch batch)
            throws IOException
    {
        Position end = batch.end();
        List<Path> deletions = new ArrayList<>();
        writeLock.lock();
        try {
            while (!segments.isEmpty()) {
                Segment first = segments.firstEntry().getValue();
                boolean sealed = first.channel == null && first != active;
                boolean fullyRead = first.id < end.segment() || (first.id == end.segment() && end.offset() >= first.written);
                if (!fullyRead) {
                    break;
                }
                if (!sealed) {
                    // the active segment: drop it once everything in it is confirmed and durable, so an idle spool holds no file
                    if (first.durable != first.written) {
                        break;
                    }
                    seal(first);
                }
                segments.pollFirstEntry();
                deletions.add(first.file);
            }
        }
        finally {
            writeLock.unlock();
        }
        for (Path file : deletions) {
            if (readChannel != null && file.equals(directory.resolve("segment-%020d.spool".formatted(readChannelSegment)))) {
                readChannel.close();
                readChannel = null;
                readChannelSegment = -1;
            }
            Files.deleteIfExists(file);
        }
    }

    /**
     * The number of segment files not yet deleted.
     */
    public int segmentCount()
    {
        writeLock.lock();
        try {
            return segments.size();
        }
        finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close()
            throws IOException
    {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (active != null) {
                seal(active);
            }
        }
        finally {
            writeLock.unlock();
        }
        if (readChannel != null) {
            readChannel.close();
            readChannel = null;
        }
    }

    private SegmentView view(long fromSegment)
    {
        writeLock.lock();
        try {
            Map.Entry<Long, Segment> entry = segments.ceilingEntry(fromSegment);
            if (entry == null) {
                return null;
            }
            Segment segment = entry.getValue();
            boolean sealed = segment != active;
            // what is durable only: an entry is passed on once no crash can take it back
            long limit;
            synchronized (forceLock) {
                limit = segment.durable;
            }
            return new SegmentView(segment.id, segment.file, limit, sealed);
        }
        finally {
            writeLock.unlock();
        }
    }

    private Position positionAfter(long id)
    {
        writeLock.lock();
        try {
            Map.Entry<Long, Segment> next = segments.higherEntry(id);
            return new Position(next == null ? nextSegmentId : next.getKey(), MAGIC.length);
        }
        finally {
            writeLock.unlock();
        }
    }

    private FileChannel readChannel(SegmentView view)
            throws IOException
    {
        if (readChannelSegment != view.id()) {
            if (readChannel != null) {
                readChannel.close();
            }
            readChannel = FileChannel.open(view.file(), READ);
            readChannelSegment = view.id();
        }
        return readChannel;
    }

    /**
     * The payload of the entry at {@code position}, or null when the entry is torn or corrupt.
     */
    private static byte[] readEntry(FileChannel channel, long position, long limit)
            throws IOException
    {
        if (position + ENTRY_HEADER_BYTES > limit) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(ENTRY_HEADER_BYTES);
        readFully(channel, header, position);
        if (header.hasRemaining()) {
            return null;
        }
        header.flip();
        int length = header.getInt();
        int checksum = header.getInt();
        if (length <= 0 || length > MAX_ENTRY_BYTES || position + ENTRY_HEADER_BYTES + length > limit) {
            return null;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(channel, payload, position + ENTRY_HEADER_BYTES);
        if (payload.hasRemaining()) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(payload.array());
        if ((int) crc.getValue() != checksum) {
            return null;
        }
        return payload.array();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
            throws IOException
    {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position);
            if (read < 0) {
                return;
            }
            position += read;
        }
    }

    private static final class Segment
    {
        final long id;
        final Path file;
        // null once sealed
        volatile FileChannel channel;
        // bytes written, and bytes known to be on disk
        volatile long written;
        volatile long durable;

        Segment(long id, Path file, FileChannel channel)
        {
            this.id = id;
            this.file = file;
            this.channel = channel;
        }
    }

    private record SegmentView(long id, Path file, long limit, boolean sealed) {}

    private record Recovered(long entries, long validBytes) {}

    /**
     * A place in the spool: a segment and a byte offset in it.
     */
    public record Position(long segment, long offset) {}

    /**
     * Entries read together, and where they start and end in the spool.
     */
    public record Batch(List<byte[]> entries, Position start, Position end)
    {
        public Batch
        {
            entries = ImmutableList.copyOf(requireNonNull(entries, "entries is null"));
            requireNonNull(start, "start is null");
            requireNonNull(end, "end is null");
        }

        public boolean isEmpty()
        {
            return entries.isEmpty();
        }
    }
}
