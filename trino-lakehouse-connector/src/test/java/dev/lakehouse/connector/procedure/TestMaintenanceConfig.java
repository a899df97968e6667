package dev.lakehouse.connector.procedure;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static java.util.concurrent.TimeUnit.DAYS;
import static java.util.concurrent.TimeUnit.HOURS;

final class TestMaintenanceConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(MaintenanceConfig.class)
                .setExpireSnapshotsMinRetention(new Duration(7, DAYS))
                .setRemoveOrphanFilesMinRetention(new Duration(7, DAYS)));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("lakehouse.expire-snapshots.min-retention", "1h")
                .put("lakehouse.remove-orphan-files.min-retention", "2d")
                .buildOrThrow();
        MaintenanceConfig expected = new MaintenanceConfig()
                .setExpireSnapshotsMinRetention(new Duration(1, HOURS))
                .setRemoveOrphanFilesMinRetention(new Duration(2, DAYS));
        assertFullMapping(properties, expected);
    }
}
