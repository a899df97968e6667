package dev.lakehouse.connector.bloom;

import com.google.common.collect.ImmutableMap;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;

final class TestBloomIndexConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(BloomIndexConfig.class)
                .setMaxDistinctValuesPerFile(1_000_000)
                .setMaxPredicateValues(1_000));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("lakehouse.bloom-index.max-distinct-values-per-file", "50000")
                .put("lakehouse.bloom-index.max-predicate-values", "64")
                .buildOrThrow();
        BloomIndexConfig expected = new BloomIndexConfig()
                .setMaxDistinctValuesPerFile(50_000)
                .setMaxPredicateValues(64);
        assertFullMapping(properties, expected);
    }
}
