package dev.lakehouse.connector.bloom;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.DataSize;
import io.airlift.units.MaxDataSize;
import io.airlift.units.MinDataSize;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.Optional;

import static io.airlift.units.DataSize.Unit.MEGABYTE;

/**
 * Limits of the file-level bloom index: how many distinct values one data file's filter may hold, and how
 * many values of a predicate planning looks up.
 */
public class BloomIndexConfig
{
    private int maxDistinctValuesPerFile = 1_000_000;
    private int maxPredicateValues = 1_000;
    private DataSize writerBufferSize = DataSize.of(64, MEGABYTE);
    private int buildThreads = Runtime.getRuntime().availableProcessors();
    private DataSize maxReadGap;
    private DataSize footerCacheSize = DataSize.of(64, MEGABYTE);

    @Min(1)
    @Max(100_000_000)
    public int getMaxDistinctValuesPerFile()
    {
        return maxDistinctValuesPerFile;
    }

    @Config("lakehouse.bloom-index.max-distinct-values-per-file")
    @ConfigDescription("Distinct values of a column above which a data file gets no bloom filter for it (writers hold one hash per distinct value until the file is complete)")
    public BloomIndexConfig setMaxDistinctValuesPerFile(int maxDistinctValuesPerFile)
    {
        this.maxDistinctValuesPerFile = maxDistinctValuesPerFile;
        return this;
    }

    @NotNull
    @MinDataSize("1kB")
    @MaxDataSize("1GB")
    public DataSize getWriterBufferSize()
    {
        return writerBufferSize;
    }

    @Config("lakehouse.bloom-index.writer-buffer-size")
    @ConfigDescription("Rows a writer holds, across its new files, before opening them, so that their Parquet row-group bloom filters are sized for their distinct values")
    public BloomIndexConfig setWriterBufferSize(DataSize writerBufferSize)
    {
        this.writerBufferSize = writerBufferSize;
        return this;
    }

    @Min(1)
    @Max(1_000_000)
    public int getMaxPredicateValues()
    {
        return maxPredicateValues;
    }

    @Config("lakehouse.bloom-index.max-predicate-values")
    @ConfigDescription("Most values of one column's predicate (an IN list, a dynamic filter) that planning looks up in the bloom index; larger predicates do not use it")
    public BloomIndexConfig setMaxPredicateValues(int maxPredicateValues)
    {
        this.maxPredicateValues = maxPredicateValues;
        return this;
    }

    @Min(1)
    @Max(256)
    public int getBuildThreads()
    {
        return buildThreads;
    }

    @Config("lakehouse.bloom-index.build-threads")
    @ConfigDescription("Data files read at once on the coordinator by ALTER TABLE ... EXECUTE build_bloom_index")
    public BloomIndexConfig setBuildThreads(int buildThreads)
    {
        this.buildThreads = buildThreads;
        return this;
    }

    @NotNull
    @MaxDataSize("16GB")
    public DataSize getFooterCacheSize()
    {
        return footerCacheSize;
    }

    @Config("lakehouse.bloom-index.footer-cache-size")
    @ConfigDescription("Memory on the coordinator for the footers of bloom index files, kept across queries (about 1 kB per data file and indexed column; 0B keeps none)")
    public BloomIndexConfig setFooterCacheSize(DataSize footerCacheSize)
    {
        this.footerCacheSize = footerCacheSize;
        return this;
    }

    public Optional<@MinDataSize("0B") @MaxDataSize("64MB") DataSize> getMaxReadGap()
    {
        return Optional.ofNullable(maxReadGap);
    }

    @Config("lakehouse.bloom-index.max-read-gap")
    @ConfigDescription("Blocks of one bloom index file at most this far apart are read at once during planning (default: 1MB on object stores, 4kB on a local file system)")
    public BloomIndexConfig setMaxReadGap(DataSize maxReadGap)
    {
        this.maxReadGap = maxReadGap;
        return this;
    }
}
