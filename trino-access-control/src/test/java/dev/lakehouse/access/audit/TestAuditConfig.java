package dev.lakehouse.access.audit;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

final class TestAuditConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(AuditConfig.class)
                .setEnabled(true)
                .setPath(Path.of("var/log/access-audit.log"))
                .setLogAllowed(false)
                .setMaxFileSize(DataSize.of(100, MEGABYTE))
                .setMaxHistory(10)
                .setQueueSize(10_000)
                .setSyncInterval(new Duration(1, SECONDS)));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("audit.enabled", "false")
                .put("audit.path", "/var/log/trino/audit.jsonl")
                .put("audit.log-allowed", "true")
                .put("audit.max-file-size", "16MB")
                .put("audit.max-history", "3")
                .put("audit.queue-size", "500")
                .put("audit.sync-interval", "250ms")
                .buildOrThrow();

        assertFullMapping(properties, new AuditConfig()
                .setEnabled(false)
                .setPath(Path.of("/var/log/trino/audit.jsonl"))
                .setLogAllowed(true)
                .setMaxFileSize(DataSize.of(16, MEGABYTE))
                .setMaxHistory(3)
                .setQueueSize(500)
                .setSyncInterval(new Duration(250, MILLISECONDS)));
    }
}
