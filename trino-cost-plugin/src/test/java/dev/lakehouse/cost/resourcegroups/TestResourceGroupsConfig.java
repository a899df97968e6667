package dev.lakehouse.cost.resourcegroups;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static java.util.concurrent.TimeUnit.SECONDS;

final class TestResourceGroupsConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(ResourceGroupsConfig.class)
                .setConfigFile(null)
                .setRefreshInterval(new Duration(5, SECONDS)));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        assertFullMapping(
                ImmutableMap.of(
                        "resource-groups.config-file", "etc/resource-groups.json",
                        "resource-groups.refresh-interval", "1s"),
                new ResourceGroupsConfig()
                        .setConfigFile("etc/resource-groups.json")
                        .setRefreshInterval(new Duration(1, SECONDS)));
    }
}
