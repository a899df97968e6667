package dev.lakehouse.connector.bloom;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.UncheckedExecutionException;
import com.google.inject.Inject;
import io.airlift.units.DataSize;

import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import static com.google.common.base.Throwables.throwIfUnchecked;
import static java.lang.Math.min;
import static java.lang.Math.toIntExact;

/**
 * The footers of bloom index files, kept across queries once read, up to a total size. An index file is
 * never changed once written (a new index gets a new file), so a footer read by one query's planning serves
 * every later one: a needle on a table of many files then reads only the filters' blocks, not the footers
 * that locate them, which hold a few hundred bytes of JSON per data file and column. Footers are keyed by
 * path, size and footer size; one that could not be read is not kept.
 */
public final class BloomIndexFooterCache
{
    private final Cache<BloomIndexFile, BloomIndexFooter> footers;

    @Inject
    public BloomIndexFooterCache(BloomIndexConfig config)
    {
        this(config.getFooterCacheSize());
    }

    public BloomIndexFooterCache(DataSize maxSize)
    {
        this.footers = CacheBuilder.newBuilder()
                .maximumWeight(maxSize.toBytes())
                .<BloomIndexFile, BloomIndexFooter>weigher((_, footer) -> toIntExact(min(Integer.MAX_VALUE, footer.retainedBytes())))
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
    public BloomIndexFooter get(BloomIndexFile indexFile, Function<BloomIndexFile, BloomIndexFooter> reader)
    {
        try {
            return footers.get(indexFile, () -> reader.apply(indexFile));
        }
        catch (ExecutionException | UncheckedExecutionException e) {
            throwIfUnchecked(e.getCause());
            throw new RuntimeException(e.getCause());
        }
    }
}
