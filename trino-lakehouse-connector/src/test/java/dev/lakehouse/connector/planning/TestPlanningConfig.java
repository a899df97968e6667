package dev.lakehouse.connector.planning;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

final class TestPlanningConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(PlanningConfig.class)
                .setSplitSize(DataSize.of(64, MEGABYTE))
                .setDynamicFilteringWaitTimeout(new Duration(1, SECONDS))
                .setFileOpenCost(DataSize.of(4, MEGABYTE)));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("lakehouse.planning.split-size", "128MB")
                .put("lakehouse.dynamic-filtering.wait-timeout", "500ms")
                .put("lakehouse.planning.file-open-cost", "8MB")
                .buildOrThrow();
        PlanningConfig expected = new PlanningConfig()
                .setSplitSize(DataSize.of(128, MEGABYTE))
                .setDynamicFilteringWaitTimeout(new Duration(500, MILLISECONDS))
                .setFileOpenCost(DataSize.of(8, MEGABYTE));
        assertFullMapping(properties, expected);
    }
}
