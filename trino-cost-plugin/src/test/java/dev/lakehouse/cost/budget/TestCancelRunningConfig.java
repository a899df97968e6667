package dev.lakehouse.cost.budget;

import com.google.common.collect.ImmutableMap;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestCancelRunningConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(CancelRunningConfig.class)
                .setCoordinatorUri(null)
                .setUser(null)
                .setPassword(null));
        CancelRunningConfig config = new CancelRunningConfig();
        config.validate();
        assertThat(config.isConfigured()).isFalse();
    }

    @Test
    void testExplicitPropertyMappings()
    {
        assertFullMapping(
                ImmutableMap.of(
                        "cost.budgets.cancel-running.coordinator-uri", "https://trino.example.com:8443",
                        "cost.budgets.cancel-running.user", "cost-budget",
                        "cost.budgets.cancel-running.password", "secret"),
                new CancelRunningConfig()
                        .setCoordinatorUri(URI.create("https://trino.example.com:8443"))
                        .setUser("cost-budget")
                        .setPassword("secret"));
    }

    @Test
    void testValidation()
    {
        CancelRunningConfig valid = new CancelRunningConfig().setCoordinatorUri(URI.create("http://localhost:8080")).setUser("cost-budget");
        valid.validate();
        assertThat(valid.isConfigured()).isTrue();

        assertInvalid(new CancelRunningConfig().setUser("cost-budget"),
                "cost.budgets.cancel-running.coordinator-uri is required with cost.budgets.cancel-running.user");
        assertInvalid(new CancelRunningConfig().setPassword("secret"),
                "cost.budgets.cancel-running.coordinator-uri is required with cost.budgets.cancel-running.password");
        assertInvalid(new CancelRunningConfig().setCoordinatorUri(URI.create("http://localhost:8080")),
                "cost.budgets.cancel-running.user is required with cost.budgets.cancel-running.coordinator-uri: the user that cancels queries");
        assertInvalid(new CancelRunningConfig().setCoordinatorUri(URI.create("http://localhost:8080")).setUser(" "),
                "cost.budgets.cancel-running.user is required with cost.budgets.cancel-running.coordinator-uri: the user that cancels queries");
        assertInvalid(new CancelRunningConfig().setCoordinatorUri(URI.create("ftp://localhost:8080")).setUser("u"),
                "cost.budgets.cancel-running.coordinator-uri must be the http or https URI of the coordinator, not 'ftp://localhost:8080'");
        assertInvalid(new CancelRunningConfig().setCoordinatorUri(URI.create("localhost:8080")).setUser("u"),
                "cost.budgets.cancel-running.coordinator-uri must be the http or https URI of the coordinator, not 'localhost:8080'");
        assertInvalid(new CancelRunningConfig().setCoordinatorUri(URI.create("http:///v1")).setUser("u"),
                "cost.budgets.cancel-running.coordinator-uri 'http:///v1' has no host");
        assertInvalid(new CancelRunningConfig().setCoordinatorUri(URI.create("http://localhost:8080")).setUser("u").setPassword("secret"),
                "cost.budgets.cancel-running.password needs an https cost.budgets.cancel-running.coordinator-uri: Trino accepts passwords only over HTTPS");
    }

    private static void assertInvalid(CancelRunningConfig config, String message)
    {
        assertThatThrownBy(config::validate)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
