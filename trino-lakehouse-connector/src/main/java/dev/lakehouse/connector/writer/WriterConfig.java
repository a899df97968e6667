package dev.lakehouse.connector.writer;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.DataSize;
import io.airlift.units.MaxDataSize;
import io.airlift.units.MinDataSize;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import static io.airlift.units.DataSize.Unit.MEGABYTE;

/**
 * How data files are written: their target size, compression and Parquet layout.
 */
public class WriterConfig
{
    private DataSize targetFileSize = DataSize.of(256, MEGABYTE);
    private LakehouseCompression compression = LakehouseCompression.ZSTD;
    private DataSize rowGroupSize = DataSize.of(128, MEGABYTE);
    private DataSize pageSize = DataSize.of(1, MEGABYTE);
    private int maxOpenPartitions = 100;
    private DataSize sortBufferSize = DataSize.of(128, MEGABYTE);
    private DataSize maxMemory = defaultMaxMemory();

    @NotNull
    @MinDataSize("1MB")
    @MaxDataSize("16GB")
    public DataSize getTargetFileSize()
    {
        return targetFileSize;
    }

    @Config("lakehouse.writer.target-file-size")
    @ConfigDescription("Size at which a writer closes a data file and starts a new one, for tables without the target_file_size property")
    public WriterConfig setTargetFileSize(DataSize targetFileSize)
    {
        this.targetFileSize = targetFileSize;
        return this;
    }

    @NotNull
    public LakehouseCompression getCompression()
    {
        return compression;
    }

    @Config("lakehouse.writer.compression")
    @ConfigDescription("Compression of new data files: ZSTD, SNAPPY, GZIP, LZ4 or NONE")
    public WriterConfig setCompression(LakehouseCompression compression)
    {
        this.compression = compression;
        return this;
    }

    @NotNull
    @MinDataSize("64kB")
    @MaxDataSize("1GB")
    public DataSize getRowGroupSize()
    {
        return rowGroupSize;
    }

    @Config("lakehouse.writer.row-group-size")
    @ConfigDescription("Target size of a Parquet row group")
    public WriterConfig setRowGroupSize(DataSize rowGroupSize)
    {
        this.rowGroupSize = rowGroupSize;
        return this;
    }

    @NotNull
    @MinDataSize("8kB")
    @MaxDataSize("16MB")
    public DataSize getPageSize()
    {
        return pageSize;
    }

    @Config("lakehouse.writer.page-size")
    @ConfigDescription("Target size of a Parquet page")
    public WriterConfig setPageSize(DataSize pageSize)
    {
        this.pageSize = pageSize;
        return this;
    }

    @Min(1)
    @Max(10_000)
    public int getMaxOpenPartitions()
    {
        return maxOpenPartitions;
    }

    @Config("lakehouse.writer.max-open-partitions")
    @ConfigDescription("Most partitions one writer may write at once; a write needing more fails with a clear error")
    public WriterConfig setMaxOpenPartitions(int maxOpenPartitions)
    {
        this.maxOpenPartitions = maxOpenPartitions;
        return this;
    }

    @NotNull
    @MinDataSize("1MB")
    public DataSize getSortBufferSize()
    {
        return sortBufferSize;
    }

    @Config("lakehouse.writer.sort-buffer-size")
    @ConfigDescription("For tables with sorted_by: rows a writer sorts in memory before writing them as one sorted data file")
    public WriterConfig setSortBufferSize(DataSize sortBufferSize)
    {
        this.sortBufferSize = sortBufferSize;
        return this;
    }

    @NotNull
    @MinDataSize("1MB")
    public DataSize getMaxMemory()
    {
        return maxMemory;
    }

    @Config("lakehouse.writer.max-memory")
    @ConfigDescription("Memory the writers on a node share for rows not yet in finished files (default: a fifth of the heap); past its share, a writer writes out the partitions holding most as finished files")
    public WriterConfig setMaxMemory(DataSize maxMemory)
    {
        this.maxMemory = maxMemory;
        return this;
    }

    /**
     * A fifth of the heap: below Trino's default memory limit of a query on a node (three tenths), with room
     * for the query's other operators.
     */
    public static DataSize defaultMaxMemory()
    {
        return DataSize.ofBytes(Runtime.getRuntime().maxMemory() / 5).succinct();
    }
}
