package dev.lakehouse.connector.catalog;

import com.google.common.collect.ImmutableMap;
import jakarta.validation.constraints.AssertTrue;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.testing.ValidationAssertions.assertFailsValidation;
import static io.airlift.testing.ValidationAssertions.assertValidates;

final class TestRestCatalogConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(RestCatalogConfig.class)
                .setUri(null)
                .setCredential(null)
                .setToken(null));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("lakehouse.catalog.rest.uri", "http://catalog:8181")
                .put("lakehouse.catalog.rest.credential", "client:secret")
                .put("lakehouse.catalog.rest.token", "token")
                .buildOrThrow();
        RestCatalogConfig expected = new RestCatalogConfig()
                .setUri(URI.create("http://catalog:8181"))
                .setCredential("client:secret")
                .setToken("token");
        assertFullMapping(properties, expected);
    }

    @Test
    void testValidation()
    {
        assertValidates(new RestCatalogConfig().setUri(URI.create("https://catalog.example.com/api")));
        assertFailsValidation(
                new RestCatalogConfig().setUri(URI.create("thrift://metastore:9083")),
                "uriValid",
                "lakehouse.catalog.rest.uri must be an http or https URI",
                AssertTrue.class);
    }
}
