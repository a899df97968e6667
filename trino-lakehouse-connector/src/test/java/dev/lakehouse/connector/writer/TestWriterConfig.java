package dev.lakehouse.connector.writer;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.DataSize;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.units.DataSize.Unit.GIGABYTE;
import static io.airlift.units.DataSize.Unit.KILOBYTE;
import static io.airlift.units.DataSize.Unit.MEGABYTE;

final class TestWriterConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(WriterConfig.class)
                .setTargetFileSize(DataSize.of(256, MEGABYTE))
                .setCompression(LakehouseCompression.ZSTD)
                .setRowGroupSize(DataSize.of(128, MEGABYTE))
                .setPageSize(DataSize.of(1, MEGABYTE))
                .setMaxOpenPartitions(100)
                .setSortBufferSize(DataSize.of(128, MEGABYTE))
                .setMaxMemory(WriterConfig.defaultMaxMemory()));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("lakehouse.writer.target-file-size", "512MB")
                .put("lakehouse.writer.compression", "SNAPPY")
                .put("lakehouse.writer.row-group-size", "64MB")
                .put("lakehouse.writer.page-size", "512kB")
                .put("lakehouse.writer.max-open-partitions", "500")
                .put("lakehouse.writer.sort-buffer-size", "256MB")
                .put("lakehouse.writer.max-memory", "2GB")
                .buildOrThrow();
        WriterConfig expected = new WriterConfig()
                .setTargetFileSize(DataSize.of(512, MEGABYTE))
                .setCompression(LakehouseCompression.SNAPPY)
                .setRowGroupSize(DataSize.of(64, MEGABYTE))
                .setPageSize(DataSize.of(512, KILOBYTE))
                .setMaxOpenPartitions(500)
                .setSortBufferSize(DataSize.of(256, MEGABYTE))
                .setMaxMemory(DataSize.of(2, GIGABYTE));
        assertFullMapping(properties, expected);
    }
}
