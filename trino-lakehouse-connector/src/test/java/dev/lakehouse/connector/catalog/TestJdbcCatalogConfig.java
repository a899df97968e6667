package dev.lakehouse.connector.catalog;

import com.google.common.collect.ImmutableMap;
import jakarta.validation.constraints.AssertTrue;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.testing.ValidationAssertions.assertFailsValidation;
import static io.airlift.testing.ValidationAssertions.assertValidates;

final class TestJdbcCatalogConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(JdbcCatalogConfig.class)
                .setUrl(null)
                .setUser(null)
                .setPassword(null)
                .setCatalogName("lakehouse"));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("lakehouse.catalog.jdbc.url", "jdbc:postgresql://db:5432/catalog")
                .put("lakehouse.catalog.jdbc.user", "iceberg")
                .put("lakehouse.catalog.jdbc.password", "secret")
                .put("lakehouse.catalog.jdbc.catalog-name", "shared")
                .buildOrThrow();
        JdbcCatalogConfig expected = new JdbcCatalogConfig()
                .setUrl("jdbc:postgresql://db:5432/catalog")
                .setUser("iceberg")
                .setPassword("secret")
                .setCatalogName("shared");
        assertFullMapping(properties, expected);
    }

    @Test
    void testValidation()
    {
        assertValidates(new JdbcCatalogConfig().setUrl("jdbc:sqlite:/data/catalog.sqlite"));
        assertFailsValidation(
                new JdbcCatalogConfig().setUrl("jdbc:mysql://db/catalog"),
                "urlSupported",
                "lakehouse.catalog.jdbc.url must start with jdbc:sqlite: or jdbc:postgresql:",
                AssertTrue.class);
    }
}
