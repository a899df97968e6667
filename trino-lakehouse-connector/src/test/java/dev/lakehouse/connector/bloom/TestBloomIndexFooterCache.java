package dev.lakehouse.connector.bloom;

import io.airlift.units.DataSize;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestBloomIndexFooterCache
{
    private static final BloomIndexFile INDEX_FILE = new BloomIndexFile("memory:///t/data/q-1.bloom-index.puffin", 10_000, 1_000);

    @Test
    void testFooterIsReadOnce()
    {
        BloomIndexFooterCache cache = new BloomIndexFooterCache(DataSize.of(1, MEGABYTE));
        CountingReader reader = new CountingReader(_ -> footer("memory:///t/data/a.parquet"));
        BloomIndexFooter first = cache.get(INDEX_FILE, reader);
        assertThat(cache.get(INDEX_FILE, reader)).isSameAs(first);
        assertThat(reader.reads()).isEqualTo(1);

        // another file at the same path (rewritten with another size) is another footer
        BloomIndexFile rewritten = new BloomIndexFile(INDEX_FILE.path(), 20_000, 1_000);
        cache.get(rewritten, reader);
        assertThat(reader.reads()).isEqualTo(2);
    }

    @Test
    void testFailedReadIsNotKept()
    {
        BloomIndexFooterCache cache = new BloomIndexFooterCache(DataSize.of(1, MEGABYTE));
        AtomicInteger attempts = new AtomicInteger();
        Function<BloomIndexFile, BloomIndexFooter> failingOnce = _ -> {
            if (attempts.incrementAndGet() == 1) {
                throw new UncheckedIOException(new IOException("connection reset"));
            }
            return footer("memory:///t/data/a.parquet");
        };
        assertThatThrownBy(() -> cache.get(INDEX_FILE, failingOnce))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("connection reset");
        assertThat(cache.get(INDEX_FILE, failingOnce).filtersByDataFile()).containsOnlyKeys("memory:///t/data/a.parquet");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void testFootersBeyondTheSizeAreNotKept()
    {
        CountingReader reader = new CountingReader(_ -> footer("memory:///t/data/a.parquet"));
        BloomIndexFooterCache notShared = BloomIndexFooterCache.notShared();
        notShared.get(INDEX_FILE, reader);
        notShared.get(INDEX_FILE, reader);
        assertThat(reader.reads()).isEqualTo(2);

        // a footer of 1,000 data files weighs more than 100 kB
        BloomIndexFooterCache small = new BloomIndexFooterCache(DataSize.ofBytes(100_000));
        CountingReader large = new CountingReader(_ -> footer(IntStream.range(0, 1_000).mapToObj("memory:///t/data/%s.parquet"::formatted).toArray(String[]::new)));
        small.get(INDEX_FILE, large);
        small.get(INDEX_FILE, large);
        assertThat(large.reads()).isEqualTo(2);
    }

    private static BloomIndexFooter footer(String... dataFiles)
    {
        Map<String, Map<Integer, BloomFilterLocation>> filters = new HashMap<>();
        for (int position = 0; position < dataFiles.length; position++) {
            filters.put(dataFiles[position], Map.of(1, new BloomFilterLocation(4, position, dataFiles.length, 2, 1234, 10)));
        }
        return new BloomIndexFooter(filters);
    }

    private static final class CountingReader
            implements Function<BloomIndexFile, BloomIndexFooter>
    {
        private final Function<BloomIndexFile, BloomIndexFooter> reader;
        private int reads;

        CountingReader(Function<BloomIndexFile, BloomIndexFooter> reader)
        {
            this.reader = reader;
        }

        @Override
        public BloomIndexFooter apply(BloomIndexFile indexFile)
        {
            reads++;
            return reader.apply(indexFile);
        }

        int reads()
        {
            return reads;
        }
    }
}
