package dev.lakehouse.access;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

final class TestLakehouseAccessControlConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(LakehouseAccessControlConfig.class)
                .setConfigFile(null)
                .setRefreshPeriod(new Duration(10, SECONDS))
                .setJsonPointer(""));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("security.config-file", "/etc/trino/access-policy.json")
                .put("security.refresh-period", "2m")
                .put("security.json-pointer", "/trino/policy")
                .buildOrThrow();

        assertFullMapping(properties, new LakehouseAccessControlConfig()
                .setConfigFile(Path.of("/etc/trino/access-policy.json"))
                .setRefreshPeriod(new Duration(2, MINUTES))
                .setJsonPointer("/trino/policy"));
    }
}
