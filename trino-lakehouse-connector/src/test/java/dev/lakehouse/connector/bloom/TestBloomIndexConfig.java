package dev.lakehouse.connector.bloom;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.DataSize;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.units.DataSize.Unit.KILOBYTE;
import static io.airlift.units.DataSize.Unit.MEGABYTE;

final class TestBloomIndexConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(BloomIndexConfig.class)
                .setMaxDistinctValuesPerFile(1_000_000)
                .setMaxPredicateValues(1_000)
                .setWriterBufferSize(DataSize.of(64, MEGABYTE))
                .setBuildThreads(Runtime.getRuntime().availableProcessors())
                .setMaxReadGap(null)
                .setFooterCacheSize(DataSize.of(64, MEGABYTE)));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("lakehouse.bloom-index.max-distinct-values-per-file", "50000")
                .put("lakehouse.bloom-index.max-predicate-values", "64")
                .put("lakehouse.bloom-index.writer-buffer-size", "16MB")
                .put("lakehouse.bloom-index.build-threads", "3")
                .put("lakehouse.bloom-index.max-read-gap", "64kB")
                .put("lakehouse.bloom-index.footer-cache-size", "8MB")
                .buildOrThrow();
        BloomIndexConfig expected = new BloomIndexConfig()
                .setMaxDistinctValuesPerFile(50_000)
                .setMaxPredicateValues(64)
                .setWriterBufferSize(DataSize.of(16, MEGABYTE))
                .setBuildThreads(3)
                .setMaxReadGap(DataSize.of(64, KILOBYTE))
                .setFooterCacheSize(DataSize.of(8, MEGABYTE));
        assertFullMapping(properties, expected);
    }
}
