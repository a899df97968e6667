package dev.lakehouse.cost.budget;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

final class TestBudgetsConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(BudgetsConfig.class)
                .setConfigFile(null)
                .setRefreshInterval(new Duration(5, SECONDS)));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        assertFullMapping(
                ImmutableMap.of(
                        "cost.budgets.config-file", "etc/budgets.json",
                        "cost.budgets.refresh-interval", "500ms"),
                new BudgetsConfig()
                        .setConfigFile("etc/budgets.json")
                        .setRefreshInterval(new Duration(500, MILLISECONDS)));
    }
}
