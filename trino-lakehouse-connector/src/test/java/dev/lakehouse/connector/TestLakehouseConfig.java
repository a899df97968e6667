package dev.lakehouse.connector;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.connector.catalog.CatalogType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.testing.ValidationAssertions.assertFailsValidation;
import static io.airlift.testing.ValidationAssertions.assertValidates;

final class TestLakehouseConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(LakehouseConfig.class)
                .setWarehouse(null)
                .setCatalogType(CatalogType.JDBC));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("lakehouse.warehouse", "s3://bucket/warehouse")
                .put("lakehouse.catalog.type", "REST")
                .buildOrThrow();
        LakehouseConfig expected = new LakehouseConfig()
                .setWarehouse("s3://bucket/warehouse")
                .setCatalogType(CatalogType.REST);
        assertFullMapping(properties, expected);
    }

    @Test
    void testValidation()
    {
        assertValidates(new LakehouseConfig().setWarehouse("/data/warehouse"));
        assertValidates(new LakehouseConfig().setWarehouse("s3://bucket/warehouse"));
        assertFailsValidation(new LakehouseConfig(), "warehouse", "must not be null", jakarta.validation.constraints.NotNull.class);
        assertFailsValidation(
                new LakehouseConfig().setWarehouse("relative/warehouse"),
                "warehouseValid",
                "lakehouse.warehouse must be an absolute path (/data/warehouse) or a URI with a scheme (s3://bucket/warehouse)",
                jakarta.validation.constraints.AssertTrue.class);
    }
}
