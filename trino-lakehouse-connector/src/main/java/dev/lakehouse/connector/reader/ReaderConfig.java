package dev.lakehouse.connector.reader;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.DataSize;
import io.airlift.units.MaxDataSize;
import io.airlift.units.MinDataSize;
import io.trino.parquet.ParquetReaderOptions;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import static io.airlift.units.DataSize.Unit.MEGABYTE;

/**
 * How Parquet data files are read (Trino's Parquet reader options).
 */
public class ReaderConfig
{
    private DataSize maxReadBlockSize = DataSize.of(16, MEGABYTE);
    private int maxReadBlockRowCount = 8 * 1024;
    private DataSize maxBufferSize = DataSize.of(8, MEGABYTE);
    private DataSize maxMergeDistance = DataSize.of(1, MEGABYTE);
    private boolean bloomFilterEnabled = true;
    private boolean columnIndexEnabled = true;
    private boolean vectorizedDecodingEnabled = true;
    private DataSize smallFileThreshold = DataSize.of(3, MEGABYTE);

    @NotNull
    @MinDataSize("1kB")
    @MaxDataSize("1GB")
    public DataSize getMaxReadBlockSize()
    {
        return maxReadBlockSize;
    }

    @Config("lakehouse.reader.max-read-block-size")
    @ConfigDescription("Largest block of a column the reader produces at once")
    public ReaderConfig setMaxReadBlockSize(DataSize maxReadBlockSize)
    {
        this.maxReadBlockSize = maxReadBlockSize;
        return this;
    }

    @Min(128)
    @Max(65536)
    public int getMaxReadBlockRowCount()
    {
        return maxReadBlockRowCount;
    }

    @Config("lakehouse.reader.max-read-block-row-count")
    @ConfigDescription("Most rows in a block the reader produces")
    public ReaderConfig setMaxReadBlockRowCount(int maxReadBlockRowCount)
    {
        this.maxReadBlockRowCount = maxReadBlockRowCount;
        return this;
    }

    @NotNull
    public DataSize getMaxBufferSize()
    {
        return maxBufferSize;
    }

    @Config("lakehouse.reader.max-buffer-size")
    @ConfigDescription("Largest read request the reader issues")
    public ReaderConfig setMaxBufferSize(DataSize maxBufferSize)
    {
        this.maxBufferSize = maxBufferSize;
        return this;
    }

    @NotNull
    public DataSize getMaxMergeDistance()
    {
        return maxMergeDistance;
    }

    @Config("lakehouse.reader.max-merge-distance")
    @ConfigDescription("Column chunks closer than this are read in one request")
    public ReaderConfig setMaxMergeDistance(DataSize maxMergeDistance)
    {
        this.maxMergeDistance = maxMergeDistance;
        return this;
    }

    public boolean isBloomFilterEnabled()
    {
        return bloomFilterEnabled;
    }

    @Config("lakehouse.reader.bloom-filter.enabled")
    @ConfigDescription("Skip row groups using Parquet bloom filters")
    public ReaderConfig setBloomFilterEnabled(boolean bloomFilterEnabled)
    {
        this.bloomFilterEnabled = bloomFilterEnabled;
        return this;
    }

    public boolean isColumnIndexEnabled()
    {
        return columnIndexEnabled;
    }

    @Config("lakehouse.reader.column-index.enabled")
    @ConfigDescription("Skip row groups and pages using Parquet column and offset indexes, in files that have them")
    public ReaderConfig setColumnIndexEnabled(boolean columnIndexEnabled)
    {
        this.columnIndexEnabled = columnIndexEnabled;
        return this;
    }

    public boolean isVectorizedDecodingEnabled()
    {
        return vectorizedDecodingEnabled;
    }

    @Config("lakehouse.reader.vectorized-decoding.enabled")
    @ConfigDescription("Decode Parquet values with the JDK's vector instructions where available")
    public ReaderConfig setVectorizedDecodingEnabled(boolean vectorizedDecodingEnabled)
    {
        this.vectorizedDecodingEnabled = vectorizedDecodingEnabled;
        return this;
    }

    @NotNull
    @MaxDataSize("1GB")
    public DataSize getSmallFileThreshold()
    {
        return smallFileThreshold;
    }

    @Config("lakehouse.reader.small-file-threshold")
    @ConfigDescription("Data files up to this size are read whole, in one request, instead of footer and column chunks separately")
    public ReaderConfig setSmallFileThreshold(DataSize smallFileThreshold)
    {
        this.smallFileThreshold = smallFileThreshold;
        return this;
    }

    public ParquetReaderOptions toParquetReaderOptions()
    {
        return ParquetReaderOptions.builder()
                .withMaxReadBlockSize(maxReadBlockSize)
                .withMaxReadBlockRowCount(maxReadBlockRowCount)
                .withMaxBufferSize(maxBufferSize)
                .withMaxMergeDistance(maxMergeDistance)
                .withBloomFilter(bloomFilterEnabled)
                .withVectorizedDecodingEnabled(vectorizedDecodingEnabled)
                .withSmallFileThreshold(smallFileThreshold)
                .withUseColumnIndex(columnIndexEnabled)
                .build();
    }
}
