package dev.lakehouse.cost.resourcegroups;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.cost.CostServices;
import dev.lakehouse.cost.TestingClock;
import dev.lakehouse.cost.ledger.Ledger;
import dev.lakehouse.cost.ledger.LedgerActivity;
import dev.lakehouse.cost.ledger.LedgerRecord;
import dev.lakehouse.cost.ledger.SqliteConnectionFactory;
import io.trino.plugin.resourcegroups.ResourceGroupIdTemplate;
import io.trino.spi.TrinoException;
import io.trino.spi.memory.ClusterMemoryPoolManager;
import io.trino.spi.resourcegroups.ResourceGroupConfigurationManagerContext;
import io.trino.spi.resourcegroups.ResourceGroupId;
import io.trino.spi.resourcegroups.SelectionContext;
import io.trino.spi.resourcegroups.SelectionCriteria;
import io.trino.spi.session.ResourceEstimates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.lakehouse.cost.CostErrorCode.BUDGET_EXCEEDED;
import static dev.lakehouse.cost.ledger.TestingLedgerRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestBudgetResourceGroupConfigurationManager
{
    private static final String RESOURCE_GROUPS = """
            {
              "rootGroups": [
                {
                  "name": "global",
                  "softMemoryLimit": "80%",
                  "hardConcurrencyLimit": 100,
                  "maxQueued": 1000,
                  "schedulingPolicy": "weighted",
                  "subGroups": [
                    {"name": "analytics", "softMemoryLimit": "50%", "hardConcurrencyLimit": 10, "maxQueued": 100, "schedulingWeight": 5,
                     "subGroups": [{"name": "${USER}", "softMemoryLimit": "10%", "hardConcurrencyLimit": 4, "maxQueued": 20}]},
                    {"name": "marketing", "softMemoryLimit": "30%", "hardConcurrencyLimit": 8, "softConcurrencyLimit": 6, "maxQueued": 100, "schedulingWeight": 3},
                    {"name": "etl", "softMemoryLimit": "30%", "hardConcurrencyLimit": 5, "maxQueued": 100, "schedulingWeight": 2,
                     "softCpuLimit": "1h", "hardCpuLimit": "2h"},
                    {"name": "low-priority", "softMemoryLimit": "10%", "hardConcurrencyLimit": 1, "maxQueued": 100, "schedulingWeight": 1}
                  ]
                }
              ],
              "selectors": [
                {"user": "etl_.*", "source": "airflow", "queryType": "INSERT", "group": "global.etl"},
                {"userGroup": "analysts", "group": "global.analytics.${USER}"},
                {"clientTags": ["marketing"], "group": "global.marketing"},
                {"user": "mkt_.*", "group": "global.marketing"}
              ],
              "cpuQuotaPeriod": "1h"
            }
            """;

    // days in UTC; the clock starts an hour before midnight
    private static final String BUDGETS = """
            {
              "teams": [
                {"name": "analytics", "resourceGroup": "global.analytics",
                 "budget": {"amount": 10, "period": "day",
                   "thresholds": [{"percent": 50, "action": "throttle", "hardConcurrencyLimit": 2}, {"percent": 100, "action": "block"}]}},
                {"name": "marketing", "resourceGroup": "global.marketing",
                 "budget": {"amount": 10, "period": "day",
                   "thresholds": [{"percent": 100, "action": "throttle", "resourceGroup": "global.low-priority"}]}},
                {"name": "etl", "user": "etl_.*", "budget": {"amount": 1000, "period": "month"}}
              ]
            }
            """;
    private static final Instant START = Instant.parse("2025-06-30T23:00:00Z");

    @TempDir
    Path directory;

    private final TestingClock clock = new TestingClock(START);
    private final CostServices services = new CostServices();
    private Path resourceGroupsFile;
    private Path budgetsFile;
    private BudgetResourceGroupConfigurationManager manager;
    private Ledger writer;
    private LedgerActivity activity;

    @BeforeEach
    void setUp()
            throws IOException
    {
        resourceGroupsFile = Files.writeString(directory.resolve("resource-groups.json"), RESOURCE_GROUPS);
        budgetsFile = Files.writeString(directory.resolve("budgets.json"), BUDGETS);
        manager = create(ImmutableMap.of());
        writer = new Ledger(new SqliteConnectionFactory(directory.resolve("ledger.sqlite")));
        writer.initialize();
        activity = services.ledgerActivity(writer.identity());
    }

    @AfterEach
    void tearDown()
    {
        manager.shutdown();
        writer.close();
    }

    @Test
    void testSelectsAsTrinoFileFormatDoes()
    {
        assertThat(select("etl_nightly", ImmutableSet.of(), Optional.of("airflow"), ImmutableSet.of(), "INSERT")).contains("global.etl");
        // the query type and the source must match too
        assertThat(select("etl_nightly", ImmutableSet.of(), Optional.of("airflow"), ImmutableSet.of(), "SELECT")).isEmpty();
        assertThat(select("alice", ImmutableSet.of("analysts"), Optional.empty(), ImmutableSet.of(), "SELECT")).contains("global.analytics.alice");
        assertThat(select("bob", ImmutableSet.of(), Optional.empty(), ImmutableSet.of("marketing", "q3"), "SELECT")).contains("global.marketing");
        assertThat(select("bob", ImmutableSet.of(), Optional.empty(), ImmutableSet.of(), "SELECT")).isEmpty();
    }

    @Test
    void testConfiguresGroupsFromTheFile()
    {
        TestingResourceGroup marketing = configure("global.marketing");
        assertThat(marketing.getHardConcurrencyLimit()).isEqualTo(8);
        assertThat(marketing.getSoftConcurrencyLimit()).isEqualTo(6);
        assertThat(marketing.getMaxQueuedQueries()).isEqualTo(100);
        assertThat(marketing.getSchedulingWeight()).isEqualTo(3);

        TestingResourceGroup etl = configure("global.etl");
        assertThat(etl.getHardCpuLimit()).isEqualTo(Duration.ofHours(2));
        assertThat(etl.getSoftCpuLimit()).isEqualTo(Duration.ofHours(1));
        // a quota of 2 CPU-hours per 1-hour period regenerates 2000 ms per second
        assertThat(etl.getCpuQuotaGenerationMillisPerSecond()).isEqualTo(2000);
    }

    @Test
    void testBlockRejectsTheTeamsNewQueriesUntilThePeriodEnds()
            throws Exception
    {
        SelectionCriteria alice = criteria("alice", ImmutableSet.of("analysts"), ImmutableSet.of());
        SelectionCriteria bob = criteria("bob", ImmutableSet.of(), ImmutableSet.of("marketing"));
        assertThat(manager.match(alice)).isPresent();

        write(record("q1", Optional.of("analytics"), clock.instant(), 6_000_000));
        write(record("q2", Optional.of("analytics"), clock.instant(), 4_500_000));
        assertThatThrownBy(() -> manager.match(alice))
                .isInstanceOfSatisfying(TrinoException.class, e -> assertThat(e.getErrorCode()).isEqualTo(BUDGET_EXCEEDED.toErrorCode()))
                .hasMessage("Query rejected by the budget: team 'analytics' has spent 10.50 USD of its daily budget of 10.00 USD (105%); new queries of the team are blocked until the budget resets at 2025-07-01 00:00 UTC");
        // the other team runs
        assertThat(manager.match(bob).map(SelectionContext::getResourceGroupId).map(ResourceGroupId::toString)).contains("global.marketing");

        clock.set(Instant.parse("2025-06-30T23:59:59.999Z"));
        assertThatThrownBy(() -> manager.match(alice)).isInstanceOf(TrinoException.class);
        clock.set(Instant.parse("2025-07-01T00:00:00Z"));
        assertThat(manager.match(alice).map(SelectionContext::getResourceGroupId).map(ResourceGroupId::toString)).contains("global.analytics.alice");
    }

    @Test
    void testThrottleMovesNewQueriesToTheLowPriorityGroup()
            throws Exception
    {
        SelectionCriteria bob = criteria("bob", ImmutableSet.of(), ImmutableSet.of("marketing"));
        write(record("q1", Optional.of("marketing"), clock.instant(), 10_000_000));
        SelectionContext<ResourceGroupIdTemplate> context = manager.match(bob).orElseThrow();
        assertThat(context.getResourceGroupId().toString()).isEqualTo("global.low-priority");
        // the group is configured from its own definition
        TestingResourceGroup group = new TestingResourceGroup(context.getResourceGroupId());
        manager.configure(group, context);
        assertThat(group.getHardConcurrencyLimit()).isEqualTo(1);
        // attribution still sees the group the selectors chose
        assertThat(services.selectResourceGroup(bob).map(ResourceGroupId::toString)).contains("global.marketing");
    }

    @Test
    void testThrottleLowersTheTeamsConcurrencyAndLiftsItInTheNextPeriod()
            throws Exception
    {
        TestingResourceGroup analytics = configure("global.analytics");
        TestingResourceGroup alice = configure("global.analytics.alice", "global.analytics.${USER}");
        assertThat(analytics.getHardConcurrencyLimit()).isEqualTo(10);

        write(record("q1", Optional.of("analytics"), clock.instant(), 5_000_000));
        assertThat(manager.match(criteria("alice", ImmutableSet.of("analysts"), ImmutableSet.of()))).isPresent();
        assertThat(analytics.getHardConcurrencyLimit()).isEqualTo(2);
        assertThat(analytics.getSoftConcurrencyLimit()).isEqualTo(2);
        // only the team's own group: it holds the sub-groups' queries
        assertThat(alice.getHardConcurrencyLimit()).isEqualTo(4);

        clock.set(Instant.parse("2025-07-01T00:00:00Z"));
        manager.reloadBudgets();
        assertThat(analytics.getHardConcurrencyLimit()).isEqualTo(10);
    }

    @Test
    void testReloadsAChangedFileAndKeepsTheLastValidOne()
            throws Exception
    {
        TestingResourceGroup marketing = configure("global.marketing");
        TestingResourceGroup etl = configure("global.etl");

        Files.writeString(resourceGroupsFile, RESOURCE_GROUPS.replace("\"hardConcurrencyLimit\": 8", "\"hardConcurrencyLimit\": 7"));
        manager.reloadResourceGroups();
        assertThat(marketing.getHardConcurrencyLimit()).isEqualTo(7);

        // invalid: rejected, the version in force stays
        Files.writeString(resourceGroupsFile, RESOURCE_GROUPS.replace("\"hardConcurrencyLimit\": 8", "\"hardConcurrencyLimit\": 3, \"maxRunning\": 2"));
        manager.reloadResourceGroups();
        assertThat(marketing.getHardConcurrencyLimit()).isEqualTo(7);
        assertThat(select("bob", ImmutableSet.of(), Optional.empty(), ImmutableSet.of("marketing"), "SELECT")).contains("global.marketing");

        // a group that is gone is disabled, and a selector to it would be an error
        String withoutEtl = RESOURCE_GROUPS
                .replace("{\"user\": \"etl_.*\", \"source\": \"airflow\", \"queryType\": \"INSERT\", \"group\": \"global.etl\"},", "")
                .replaceAll("(?s)\\{\"name\": \"etl\".*?\"hardCpuLimit\": \"2h\"},", "");
        assertThat(withoutEtl).doesNotContain("etl");
        Files.writeString(resourceGroupsFile, withoutEtl);
        manager.reloadResourceGroups();
        assertThat(etl.isDisabled()).isTrue();
        assertThat(marketing.isDisabled()).isFalse();
    }

    @Test
    void testInvalidFilesAreRejectedWithTheirNameAndProblem()
            throws Exception
    {
        Files.writeString(resourceGroupsFile, "{\"rootGroups\": [], \"selectors\": [{\"group\": \"global.nowhere\"}]}");
        assertThatThrownBy(() -> create(ImmutableMap.of()))
                .hasMessageContaining("Invalid resource group file " + resourceGroupsFile + ": Selector refers to nonexistent group: global");

        Files.writeString(resourceGroupsFile, RESOURCE_GROUPS.replace("\"maxQueued\": 1000,", "\"maxQueued\": 1000, \"colour\": \"red\","));
        assertThatThrownBy(() -> create(ImmutableMap.of()))
                .hasMessageContaining("Invalid resource group file " + resourceGroupsFile + ": unknown property 'colour' (at rootGroups[0].colour)");

        Files.writeString(resourceGroupsFile, RESOURCE_GROUPS);
        Files.writeString(budgetsFile, BUDGETS.replace("global.low-priority", "global.slow"));
        assertThatThrownBy(() -> create(ImmutableMap.of()))
                .hasMessageContaining("Invalid budgets file " + budgetsFile + ": team 'marketing': throttle group 'global.slow', used by the budget, is not in the resource group file");

        Files.writeString(budgetsFile, BUDGETS.replace("global.low-priority", "global.analytics"));
        assertThatThrownBy(() -> create(ImmutableMap.of()))
                .hasMessageContaining("team 'marketing': throttle group 'global.analytics' has sub-groups; queries can only run in a group without sub-groups");

        Files.delete(budgetsFile);
        assertThatThrownBy(() -> create(ImmutableMap.of()))
                .hasMessageContaining("The budgets file " + budgetsFile + " does not exist");
    }

    @Test
    void testRejectsUnknownProperty()
    {
        assertThatThrownBy(() -> create(ImmutableMap.of("resource-groups.colour", "red")))
                .hasMessageContaining("Configuration property 'resource-groups.colour' was not used");
    }

    private BudgetResourceGroupConfigurationManager create(Map<String, String> extraProperties)
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("resource-groups.config-file", resourceGroupsFile.toString())
                .put("cost.budgets.config-file", budgetsFile.toString())
                .put("cost.ledger.sqlite.path", directory.resolve("ledger.sqlite").toString())
                .putAll(extraProperties)
                .buildOrThrow();
        ClusterMemoryPoolManager memoryPoolManager = _ -> {};
        return (BudgetResourceGroupConfigurationManager) new BudgetResourceGroupConfigurationManagerFactory(services, clock)
                .create(properties, new ResourceGroupConfigurationManagerContext()
                {
                    @Override
                    public ClusterMemoryPoolManager getMemoryPoolManager()
                    {
                        return memoryPoolManager;
                    }
                });
    }

    private void write(LedgerRecord record)
            throws Exception
    {
        activity.beginWrite();
        try {
            writer.append(ImmutableList.of(record));
        }
        finally {
            activity.endWrite();
        }
    }

    private TestingResourceGroup configure(String id)
    {
        return configure(id, id);
    }

    private TestingResourceGroup configure(String id, String template)
    {
        TestingResourceGroup group = new TestingResourceGroup(new ResourceGroupId(ImmutableList.copyOf(id.split("\\."))));
        manager.configure(group, new SelectionContext<>(group.getId(), new ResourceGroupIdTemplate(template)));
        return group;
    }

    private Optional<String> select(String user, Set<String> groups, Optional<String> source, Set<String> tags, String queryType)
    {
        return manager.match(new SelectionCriteria(true, user, groups, user, Optional.empty(), source, tags, new ResourceEstimates(Optional.empty(), Optional.empty(), Optional.empty()), Optional.of(queryType)))
                .map(context -> context.getResourceGroupId().toString());
    }

    private static SelectionCriteria criteria(String user, Set<String> groups, Set<String> tags)
    {
        return new SelectionCriteria(true, user, groups, user, Optional.empty(), Optional.empty(), tags, new ResourceEstimates(Optional.empty(), Optional.empty(), Optional.empty()), Optional.of("SELECT"));
    }
}
