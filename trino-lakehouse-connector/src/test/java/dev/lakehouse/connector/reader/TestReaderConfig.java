package dev.lakehouse.connector.reader;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.DataSize;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.units.DataSize.Unit.KILOBYTE;
import static io.airlift.units.DataSize.Unit.MEGABYTE;

final class TestReaderConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(ReaderConfig.class)
                .setMaxReadBlockSize(DataSize.of(16, MEGABYTE))
                .setMaxReadBlockRowCount(8192)
                .setMaxBufferSize(DataSize.of(8, MEGABYTE))
                .setMaxMergeDistance(DataSize.of(1, MEGABYTE))
                .setBloomFilterEnabled(true)
                .setColumnIndexEnabled(true)
                .setVectorizedDecodingEnabled(true)
                .setSmallFileThreshold(DataSize.of(3, MEGABYTE)));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("lakehouse.reader.max-read-block-size", "8MB")
                .put("lakehouse.reader.max-read-block-row-count", "4096")
                .put("lakehouse.reader.max-buffer-size", "4MB")
                .put("lakehouse.reader.max-merge-distance", "512kB")
                .put("lakehouse.reader.bloom-filter.enabled", "false")
                .put("lakehouse.reader.column-index.enabled", "false")
                .put("lakehouse.reader.vectorized-decoding.enabled", "false")
                .put("lakehouse.reader.small-file-threshold", "1MB")
                .buildOrThrow();
        ReaderConfig expected = new ReaderConfig()
                .setMaxReadBlockSize(DataSize.of(8, MEGABYTE))
                .setMaxReadBlockRowCount(4096)
                .setMaxBufferSize(DataSize.of(4, MEGABYTE))
                .setMaxMergeDistance(DataSize.of(512, KILOBYTE))
                .setBloomFilterEnabled(false)
                .setColumnIndexEnabled(false)
                .setVectorizedDecodingEnabled(false)
                .setSmallFileThreshold(DataSize.of(1, MEGABYTE));
        assertFullMapping(properties, expected);
    }
}
