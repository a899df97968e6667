package dev.lakehouse.connector.bloom;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.UncheckedExecutionException;
import com.google.inject.Inject;
import io.airlift.units.DataSize;
import org.apache.iceberg.puffin.BlobMetadata;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import static com.google.common.base.Throwables.throwIfUnchecked;
import static java.lang.Math.min;
import static java.lang.Math.toIntExact;
import static java.util.Objects.requireNonNull;

/**
 * The footers of bloom index files, kept across queries once read, up to a total size. An index file is
 * never changed once written (a new index gets a new file), so a footer read by one query's planning serves
 * every later one: a needle on a table of many files then reads only the filters' blocks, not the footers
 * that locate them, which hold a few hundred bytes of JSON per data file and column. Footers are keyed by
 * path, size and footer size; one that could not be read is not kept.
 */
public final class BloomIndexFooterCache
{
    // what a blob's metadata holds besides its properties' characters: the objects of the parsed JSON
    private static final long BLOB_OVERHEAD_BYTES = 400;

    private final Cache<BloomIndexFile, Footer> footers;

    @Inject
    public BloomIndexFooterCache(BloomIndexConfig config)
    {
        this(config.getFooterCacheSize());
    }

    public BloomIndexFooterCache(DataSize maxSize)
    {
        this.footers = CacheBuilder.newBuilder()
                .maximumWeight(maxSize.toBytes())
                .<BloomIndexFile, Footer>weigher((_, footer) -> toIntExact(min(Integer.MAX_VALUE, footer.retainedBytes())))
                .build();
    }

    /**
     * A cache that keeps nothing once its caller has the footer, for readers of an index that need no
     * footer twice.
     */
    public static BloomIndexFooterCache notShared()
    {
        return new BloomIndexFooterCache(DataSize.ofBytes(0));
    }

    /**
     * The footer of the index file, from the cache or read by the reader; a reader's failure is thrown,
     * and the footer is then not kept.
     */
    public Footer get(BloomIndexFile indexFile, Function<BloomIndexFile, Footer> reader)
    {
        try {
            return footers.get(indexFile, () -> reader.apply(indexFile));
        }
        catch (ExecutionException | UncheckedExecutionException e) {
            throwIfUnchecked(e.getCause());
            throw new RuntimeException(e.getCause());
        }
    }

    /**
     * The usable filters of an index file, by data file location and field id.
     */
    public record Footer(Map<String, Map<Integer, BlobMetadata>> blobsByDataFile)
    {
        public Footer
        {
            requireNonNull(blobsByDataFile, "blobsByDataFile is null");
        }

        long retainedBytes()
        {
            long bytes = 0;
            for (Map<Integer, BlobMetadata> blobs : blobsByDataFile.values()) {
                for (BlobMetadata blob : blobs.values()) {
                    bytes += BLOB_OVERHEAD_BYTES + 2L * blob.properties().entrySet().stream()
                            .mapToLong(property -> property.getKey().length() + property.getValue().length())
                            .sum();
                }
            }
            return bytes;
        }
    }
}
