package dev.lakehouse.cost.pricing;

import com.google.common.collect.ImmutableMap;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;

final class TestPricingConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(PricingConfig.class)
                .setPhysicalInputPerTib(new BigDecimal("5.00"))
                .setCpuPerHour(BigDecimal.ZERO)
                .setMemoryPerGibHour(BigDecimal.ZERO)
                .setWrittenPerTib(BigDecimal.ZERO));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("cost.price.physical-input-per-tib", "6.25")
                .put("cost.price.cpu-per-hour", "0.048")
                .put("cost.price.memory-per-gib-hour", "0.0053")
                .put("cost.price.written-per-tib", "10")
                .buildOrThrow();

        assertFullMapping(properties, new PricingConfig()
                .setPhysicalInputPerTib(new BigDecimal("6.25"))
                .setCpuPerHour(new BigDecimal("0.048"))
                .setMemoryPerGibHour(new BigDecimal("0.0053"))
                .setWrittenPerTib(new BigDecimal("10")));
    }
}
