package dev.lakehouse.access.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.common.annotations.VisibleForTesting;
import com.google.inject.Inject;
import io.airlift.log.Logger;
import jakarta.annotation.PreDestroy;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;
import static java.util.Objects.requireNonNull;

/**
 * The audit log as a file of JSON lines, written by one background thread so that no query ever
 * waits for the disk.
 * <p>
 * Queries hand events to a bounded queue ({@code audit.queue-size}). When the queue is full, the
 * event is dropped and counted, the query goes on, and as soon as the writer catches up it writes an
 * {@code audit_events_dropped} line with the number lost, so a gap is never silent.
 * <p>
 * Flush policy: the writer takes every waiting event, writes the batch, and hands it to the
 * operating system before it waits again, so an event reaches the OS within milliseconds and
 * survives a crash of the Trino process. Written data is forced to the disk (fsync) at most every
 * {@code audit.sync-interval} (1 s by default; 0 forces after every batch), which bounds what a
 * power loss can take. On shutdown the queue is drained and the file forced.
 * <p>
 * Rotation: before a line would take the file past {@code audit.max-file-size}, the file is
 * closed and renamed {@code <file>.1} (older ones shift to {@code .2}, ...); only
 * {@code audit.max-history} rotated files are kept. Lines are never split across files.
 */
public final class FileAuditLog
        implements AuditLog
{
    private static final Logger log = Logger.get(FileAuditLog.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Path path;
    private final long maxFileSize;
    private final int maxHistory;
    private final long syncIntervalNanos;
    private final boolean recordsAllowed;
    private final BlockingQueue<AuditEvent> queue;
    private final AtomicLong pendingDrops = new AtomicLong();
    private final AtomicLong droppedEvents = new AtomicLong();
    private final AtomicLong writtenEvents = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;
    private volatile long lastDropWarning = System.nanoTime() - WARNING_INTERVAL_NANOS;

    // owned by the writer thread
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    private FileChannel channel;
    private OutputStream output;
    private long size;
    private boolean unsynced;
    private long lastSync = System.nanoTime();

    @Inject
    public FileAuditLog(AuditConfig config)
    {
        this(config, null);
        start();
    }

    private FileAuditLog(AuditConfig config, Void notStarted)
    {
        this.path = requireNonNull(config.getPath(), "path is null").toAbsolutePath();
        this.maxFileSize = config.getMaxFileSize().toBytes();
        this.maxHistory = config.getMaxHistory();
        this.syncIntervalNanos = config.getSyncInterval().roundTo(TimeUnit.NANOSECONDS);
        this.recordsAllowed = config.isLogAllowed();
        this.queue = new ArrayBlockingQueue<>(config.getQueueSize());
        try {
            Files.createDirectories(this.path.getParent());
            open();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot open the audit log %s (audit.path): %s".formatted(this.path, e.getMessage()), e);
        }
        this.writer = Thread.ofPlatform()
                .name("lakehouse-access-audit")
                .daemon(true)
                .unstarted(this::run);
    }

    /**
     * A log whose writer waits for {@link #start}, so tests can fill the queue first.
     */
    @VisibleForTesting
    static FileAuditLog createStopped(AuditConfig config)
    {
        return new FileAuditLog(config, null);
    }

    @VisibleForTesting
    void start()
    {
        writer.start();
    }

    @Override
    public boolean recordsAllowed()
    {
        return recordsAllowed;
    }

    @Override
    public void record(AuditEvent event)
    {
        if (closing || !queue.offer(event)) {
            pendingDrops.incrementAndGet();
            droppedEvents.incrementAndGet();
            long now = System.nanoTime();
            if (now - lastDropWarning >= WARNING_INTERVAL_NANOS) {
                lastDropWarning = now;
                log.warn("Audit log %s cannot keep up: events are being dropped (audit.queue-size=%s); the log records how many", path, queue.remainingCapacity() + queue.size());
            }
        }
    }

    public Path path()
    {
        return path;
    }

    @VisibleForTesting
    long droppedEvents()
    {
        return droppedEvents.get();
    }

    @VisibleForTesting
    long writtenEvents()
    {
        return writtenEvents.get();
    }

    /**
     * Writes what is queued, forces the file to disk and stops the writer.
     */
    @PreDestroy
    public void close()
    {
        closing = true;
        try {
            writer.join(Duration.ofSeconds(30));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            log.error("Audit log %s: the writer did not finish within 30 seconds; %s events were not written", path, queue.size());
        }
    }

    private void run()
    {
        List<AuditEvent> batch = new ArrayList<>();
        while (true) {
            try {
                AuditEvent first = queue.poll(waitNanos(), TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch);
                }
            }
            catch (InterruptedException e) {
                closing = true;
            }
            try {
                writeBatch(batch);
                if (unsynced && (closing || System.nanoTime() - lastSync >= syncIntervalNanos)) {
                    channel.force(false);
                    unsynced = false;
                    lastSync = System.nanoTime();
                }
            }
            catch (IOException | RuntimeException e) {
                droppedEvents.addAndGet(batch.size());
                pendingDrops.addAndGet(batch.size());
                log.error(e, "Cannot write the audit log %s; %s events were lost", path, batch.size());
                reopen();
            }
            batch.clear();
            if (closing && queue.isEmpty()) {
                break;
            }
        }
        try {
            output.flush();
            channel.force(true);
            output.close();
        }
        catch (IOException e) {
            log.error(e, "Cannot close the audit log %s", path);
        }
    }

    private long waitNanos()
    {
        if (closing) {
            return 0;
        }
        if (unsynced) {
            return Math.max(0, Math.min(MAX_WAIT_NANOS, syncIntervalNanos - (System.nanoTime() - lastSync)));
        }
        return MAX_WAIT_NANOS;
    }

    private void writeBatch(List<AuditEvent> batch)
            throws IOException
    {
        long drops = pendingDrops.getAndSet(0);
        if (drops > 0) {
            write(AuditEvent.builder(AuditEvent.EVENTS_DROPPED)
                    .count(drops)
                    .detail("events lost because the audit queue was full or the file could not be written")
                    .build());
        }
        if (batch.isEmpty() && drops == 0) {
            return;
        }
        for (AuditEvent event : batch) {
            write(event);
        }
        output.flush();
        unsynced = true;
        writtenEvents.addAndGet(batch.size());
    }

    private void write(AuditEvent event)
            throws IOException
    {
        line.reset();
        try (JsonGenerator generator = JSON.createGenerator(line)) {
            event.write(generator);
        }
        line.write('\n');
        if (size > 0 && size + line.size() > maxFileSize) {
            rotate();
        }
        line.writeTo(output);
        size += line.size();
    }

    private void rotate()
            throws IOException
    {
        output.flush();
        channel.force(true);
        output.close();
        if (maxHistory == 0) {
            Files.delete(path);
        }
        else {
            Files.deleteIfExists(rotated(maxHistory));
            for (int index = maxHistory - 1; index >= 1; index--) {
                if (Files.exists(rotated(index))) {
                    Files.move(rotated(index), rotated(index + 1), ATOMIC_MOVE);
                }
            }
            Files.move(path, rotated(1), ATOMIC_MOVE);
        }
        unsynced = false;
        open();
    }

    private Path rotated(int index)
    {
        return path.resolveSibling(path.getFileName() + "." + index);
    }

    private void open()
            throws IOException
    {
        channel = FileChannel.open(path, CREATE, WRITE, APPEND);
        output = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
        size = channel.size();
    }

    private void reopen()
    {
        try {
            output.close();
        }
        catch (IOException ignored) {
            // the stream is broken; a new one is opened below
        }
        try {
            open();
        }
        catch (IOException e) {
            log.error(e, "Cannot reopen the audit log %s", path);
        }
    }
}
