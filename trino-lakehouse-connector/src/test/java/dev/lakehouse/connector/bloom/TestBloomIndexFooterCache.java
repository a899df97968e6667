package dev.lakehouse.connector.bloom;

import dev.lakehouse.connector.bloom.BloomIndexFooterCache.Footer;
import io.airlift.units.DataSize;
import org.apache.iceberg.puffin.BlobMetadata;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import static dev.lakehouse.connector.bloom.BloomIndexFormat.BLOB_TYPE;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.DATA_FILE_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.DATA_FILE_SIZE_PROPERTY;
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
        Footer first = cache.get(INDEX_FILE, reader);
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
        Function<BloomIndexFile, Footer> failingOnce = _ -> {
            if (attempts.incrementAndGet() == 1) {
                throw new UncheckedIOException(new IOException("connection reset"));
            }
            return footer("memory:///t/data/a.parquet");
        };
        assertThatThrownBy(() -> cache.get(INDEX_FILE, failingOnce))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("connection reset");
        assertThat(cache.get(INDEX_FILE, failingOnce).blobsByDataFile()).containsOnlyKeys("memory:///t/data/a.parquet");
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

    private static Footer footer(String... dataFiles)
    {
        Map<String, Map<Integer, BlobMetadata>> blobs = new HashMap<>();
        long offset = 4;
        for (String dataFile : dataFiles) {
            blobs.put(dataFile, Map.of(1, new BlobMetadata(BLOB_TYPE, List.of(1), 1, 1, offset, 64, null, Map.of(DATA_FILE_PROPERTY, dataFile, DATA_FILE_SIZE_PROPERTY, "1234"))));
            offset += 64;
        }
        return new Footer(blobs);
    }

    private static final class CountingReader
            implements Function<BloomIndexFile, Footer>
    {
        private final Function<BloomIndexFile, Footer> reader;
        private int reads;

        CountingReader(Function<BloomIndexFile, Footer> reader)
        {
            this.reader = reader;
        }

        @Override
        public Footer apply(BloomIndexFile indexFile)
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
