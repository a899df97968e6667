package dev.lakehouse.cost.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

final class TestSpool
{
    @TempDir
    Path directory;

    @Test
    void testReadsInOrderAndDeletesConsumedSegments()
            throws IOException
    {
        try (Spool spool = new Spool(directory, 64 * 1024)) {
            for (int i = 0; i < 5; i++) {
                spool.append(entry(i));
            }
            Spool.Batch first = spool.read(3);
            assertThat(strings(first)).containsExactly("entry-0", "entry-1", "entry-2");
            Spool.Batch second = spool.read(10);
            assertThat(strings(second)).containsExactly("entry-3", "entry-4");
            assertThat(spool.read(10).isEmpty()).isTrue();

            assertThat(segmentFiles()).hasSize(1);
            spool.consumed(first);
            assertThat(segmentFiles()).hasSize(1);
            spool.consumed(second);
            // an idle spool whose entries are all confirmed holds no file
            assertThat(segmentFiles()).isEmpty();

            spool.append(entry(5));
            assertThat(strings(spool.read(10))).containsExactly("entry-5");
        }
    }

    @Test
    void testRotatesSegments()
            throws IOException
    {
        try (Spool spool = new Spool(directory, 1000)) {
            for (int i = 0; i < 300; i++) {
                spool.append(entry(i));
            }
            assertThat(segmentFiles().size()).isGreaterThan(3);
            List<String> read = new ArrayList<>();
            while (true) {
                Spool.Batch batch = spool.read(7);
                if (batch.isEmpty()) {
                    break;
                }
                read.addAll(strings(batch));
                spool.consumed(batch);
            }
            assertThat(read).hasSize(300);
            for (int i = 0; i < 300; i++) {
                assertThat(read.get(i)).isEqualTo("entry-" + i);
            }
            assertThat(segmentFiles()).isEmpty();
        }
    }

    @Test
    void testUnconfirmedEntriesAreReadAgainAfterRestart()
            throws IOException
    {
        try (Spool spool = new Spool(directory, 64 * 1024)) {
            for (int i = 0; i < 4; i++) {
                spool.append(entry(i));
            }
            spool.consumed(spool.read(2));
            spool.read(2);
            // "crash": the last two were read but never confirmed
        }
        try (Spool spool = new Spool(directory, 64 * 1024)) {
            assertThat(strings(spool.read(10))).containsExactly("entry-0", "entry-1", "entry-2", "entry-3");
            spool.append(entry(4));
            assertThat(strings(spool.read(10))).containsExactly("entry-4");
        }
    }

    @Test
    void testAppendedEntriesSurviveACrashOfTheServer()
            throws IOException
    {
        // appended, never synchronized nor closed: the server is killed
        Spool crashed = new Spool(directory, 64 * 1024);
        crashed.append(entry(0));
        crashed.append(entry(1));
        try (Spool spool = new Spool(directory, 64 * 1024)) {
            assertThat(strings(spool.read(10))).containsExactly("entry-0", "entry-1");
        }
        finally {
            crashed.close();
        }
    }

    @Test
    void testTornTailIsDroppedAndEntriesBeforeItKept()
            throws IOException
    {
        try (Spool spool = new Spool(directory, 64 * 1024)) {
            for (int i = 0; i < 3; i++) {
                spool.append(entry(i));
            }
        }
        Path segment = segmentFiles().getFirst();
        long size = Files.size(segment);
        // a crash in the middle of the last entry
        try (FileChannel channel = FileChannel.open(segment, WRITE)) {
            channel.truncate(size - 3);
        }
        try (Spool spool = new Spool(directory, 64 * 1024)) {
            assertThat(strings(spool.read(10))).containsExactly("entry-0", "entry-1");
        }
    }

    @Test
    void testCorruptEntryEndsTheSegment()
            throws IOException
    {
        try (Spool spool = new Spool(directory, 64 * 1024)) {
            for (int i = 0; i < 3; i++) {
                spool.append(entry(i));
            }
        }
        Path segment = segmentFiles().getFirst();
        byte[] bytes = Files.readAllBytes(segment);
        // flip a byte of the second entry's payload
        int second = 8 + (8 + "entry-0".length()) + 8 + 2;
        bytes[second] ^= 0x55;
        Files.write(segment, bytes);
        try (Spool spool = new Spool(directory, 64 * 1024)) {
            assertThat(strings(spool.read(10))).containsExactly("entry-0");
        }
    }

    @Test
    void testConcurrentAppendsAreEachReadOnce()
            throws Exception
    {
        int threads = 8;
        int perThread = 250;
        try (Spool spool = new Spool(directory, 16 * 1024)) {
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int thread = 0; thread < threads; thread++) {
                    int first = thread * perThread;
                    futures.add(executor.submit(() -> {
                        for (int i = first; i < first + perThread; i++) {
                            try {
                                spool.append(entry(i));
                            }
                            catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    }));
                }
                Set<String> read = new HashSet<>();
                int total = 0;
                // consume while the appends run
                while (total < threads * perThread) {
                    Spool.Batch batch = spool.read(50);
                    for (String value : strings(batch)) {
                        assertThat(read.add(value)).as("read twice: %s", value).isTrue();
                        total++;
                    }
                    spool.consumed(batch);
                    for (Future<?> future : futures) {
                        if (future.isDone()) {
                            future.get();
                        }
                    }
                }
                for (Future<?> future : futures) {
                    future.get();
                }
                assertThat(spool.read(10).isEmpty()).isTrue();
                assertThat(read).hasSize(threads * perThread);
            }
            finally {
                executor.shutdownNow();
            }
        }
    }

    private static byte[] entry(int index)
    {
        return ("entry-" + index).getBytes(UTF_8);
    }

    private static List<String> strings(Spool.Batch batch)
    {
        return batch.entries().stream().map(bytes -> new String(bytes, UTF_8)).collect(toImmutableList());
    }

    private List<Path> segmentFiles()
            throws IOException
    {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }
}
