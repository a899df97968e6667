package dev.lakehouse.cost.connector;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.cost.CostPlugin;
import dev.lakehouse.cost.TestingClock;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.trino.Session;
import io.trino.execution.QueryInfo;
import io.trino.execution.QueryStats;
import io.trino.plugin.tpch.TpchPlugin;
import io.trino.spi.Plugin;
import io.trino.spi.QueryId;
import io.trino.spi.connector.ConnectorFactory;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.EventListenerFactory;
import io.trino.spi.resourcegroups.ResourceGroupConfigurationManagerFactory;
import io.trino.spi.security.Identity;
import io.trino.spi.session.SessionPropertyConfigurationManagerFactory;
import io.trino.spi.type.SqlDecimal;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import io.trino.testing.StandaloneQueryRunner;
import org.intellij.lang.annotations.Language;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static com.google.common.collect.MoreCollectors.onlyElement;
import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static io.trino.testing.TestingSession.testSessionBuilder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * The cost plugin in a Trino server in this JVM: resource groups and budgets decide where queries
 * run, metering writes the ledger, the {@code cost} catalog reads it, guard rails set session
 * defaults.
 */
@TestInstance(PER_CLASS)
abstract class AbstractTestCostQueries
{
    private static final String RESOURCE_GROUPS = """
            {
              "rootGroups": [
                {"name": "global", "softMemoryLimit": "100%", "hardConcurrencyLimit": 100, "maxQueued": 1000,
                 "subGroups": [
                   {"name": "analytics", "softMemoryLimit": "100%", "hardConcurrencyLimit": 10, "maxQueued": 100},
                   {"name": "marketing", "softMemoryLimit": "100%", "hardConcurrencyLimit": 10, "maxQueued": 100},
                   {"name": "low", "softMemoryLimit": "100%", "hardConcurrencyLimit": 1, "maxQueued": 100},
                   {"name": "adhoc", "softMemoryLimit": "100%", "hardConcurrencyLimit": 10, "maxQueued": 100}
                 ]}
              ],
              "selectors": [
                {"user": "ana_.*", "group": "global.analytics"},
                {"user": "mkt_.*", "group": "global.marketing"},
                {"group": "global.adhoc"}
              ]
            }
            """;
    // CPU is the only price, 3,600,000 per CPU-hour: one millisecond costs 1.000000, so spend is CPU milliseconds.
    // Days are in a time zone where it is about noon now (queries end by the real clock), so no day ends during the test.
    private static final String BUDGETS = """
            {
              "timeZone": "%s",
              "teams": [
                {"name": "analytics", "resourceGroup": "global.analytics",
                 "budget": {"amount": 1000000, "period": "day", "thresholds": [{"percent": 100, "action": "block"}]}},
                {"name": "marketing", "resourceGroup": "global.marketing",
                 "budget": {"amount": 1000000, "period": "day", "thresholds": [{"percent": 100, "action": "throttle", "resourceGroup": "global.low"}]}},
                {"name": "capped", "user": "capped_.*",
                 "budget": {"amount": 0.000001, "period": "day", "thresholds": [{"percent": 100, "action": "block"}]}}
              ],
              "guardRails": [
                {"resourceGroup": "global.adhoc", "sessionProperties": {"query_max_scan_physical_bytes": "10GB", "query_max_execution_time": "1h"}}
              ]
            }
            """;

    private final Instant start = Instant.now();
    private final ZoneOffset noonZone = noonZone(start);
    private final TestingClock clock = new TestingClock(start);
    private Path directory;
    private QueryRunner queryRunner;
    private EventListener listener;

    @BeforeAll
    void setUp()
            throws IOException
    {
        directory = Files.createTempDirectory("cost-queries");
        Path resourceGroups = Files.writeString(directory.resolve("resource-groups.json"), RESOURCE_GROUPS);
        Path budgets = Files.writeString(directory.resolve("budgets.json"), BUDGETS.formatted(noonZone.getId()));
        Map<String, String> ledger = ImmutableMap.<String, String>builder()
                .putAll(ledgerProperties(directory))
                .put("cost.budgets.config-file", budgets.toString())
                .buildOrThrow();

        CostPlugin plugin = new CostPlugin(clock);
        EventListenerFactory listenerFactory = plugin.getEventListenerFactories().iterator().next();
        listener = listenerFactory.create(
                ImmutableMap.<String, String>builder()
                        .putAll(ledger)
                        .put("cost.spool.path", directory.resolve("spool").toString())
                        .put("cost.price.physical-input-per-tib", "0")
                        .put("cost.price.cpu-per-hour", "3600000")
                        .buildOrThrow(),
                listenerContext());
        queryRunner = new StandaloneQueryRunner(testSessionBuilder().build(), builder -> builder.setEventListeners(ImmutableList.of(listener)));
        // all but the event listener factory: the testing server would create the listener on its own, with no configuration
        queryRunner.installPlugin(new Plugin()
        {
            @Override
            public Iterable<ConnectorFactory> getConnectorFactories()
            {
                return plugin.getConnectorFactories();
            }

            @Override
            public Iterable<ResourceGroupConfigurationManagerFactory> getResourceGroupConfigurationManagerFactories()
            {
                return plugin.getResourceGroupConfigurationManagerFactories();
            }

            @Override
            public Iterable<SessionPropertyConfigurationManagerFactory> getSessionPropertyConfigurationManagerFactories()
            {
                return plugin.getSessionPropertyConfigurationManagerFactories();
            }
        });
        queryRunner.installPlugin(new TpchPlugin());
        queryRunner.createCatalog("tpch", "tpch");
        queryRunner.createCatalog("cost", "lakehouse_cost", ledger);
        queryRunner.getCoordinator().getResourceGroupManager().orElseThrow().setConfigurationManager("lakehouse", ImmutableMap.<String, String>builder()
                .putAll(ledger)
                .put("resource-groups.config-file", resourceGroups.toString())
                .buildOrThrow());
        queryRunner.getCoordinator().getSessionPropertyDefaults().setConfigurationManager("lakehouse", ImmutableMap.of("cost.budgets.config-file", budgets.toString()));
    }

    /**
     * The properties that name the ledger, for a new, empty one.
     */
    protected abstract Map<String, String> ledgerProperties(Path directory);

    @AfterAll
    void tearDown()
            throws IOException
    {
        if (queryRunner != null) {
            queryRunner.close();
        }
        if (listener != null) {
            listener.shutdown();
        }
        deleteRecursively(directory, ALLOW_INSECURE);
        stopLedger();
    }

    /**
     * Stops what holds the ledger, once nothing uses it any more.
     */
    protected void stopLedger() {}

    @Test
    void testLedgerHoldsTrinosStatisticsForEachQuery()
    {
        QueryId analytics = run(session("ana_alice", ImmutableSet.of()), "SELECT count(*), sum(quantity) FROM tpch.tiny.lineitem WHERE shipdate > DATE '1995-01-01'");
        QueryId marketing = run(session("mkt_bob", ImmutableSet.of("campaign", "q3")), "SELECT orderpriority, count(*) FROM tpch.tiny.orders GROUP BY 1");

        for (QueryId queryId : List.of(analytics, marketing)) {
            QueryStats stats = queryInfo(queryId).getQueryStats();
            MaterializedRow row = awaitRecord(queryId);
            assertThat(row.getField(0)).isEqualTo(stats.getTotalCpuTime().toMillis());
            assertThat(row.getField(1)).isEqualTo(stats.getPhysicalInputDataSize().toBytes());
            assertThat(row.getField(2)).isEqualTo(stats.getPhysicalInputPositions());
            // price: one unit per CPU millisecond
            assertThat(decimal(row.getField(3))).isEqualByComparingTo(BigDecimal.valueOf(stats.getTotalCpuTime().toMillis()));
        }

        MaterializedRow marketingRow = onlyRow(queryRunner.execute("SELECT team, \"user\", resource_group, source, client_tags, state FROM cost.ledger.queries WHERE query_id = '" + marketing + "'"));
        assertThat(marketingRow.getFields()).containsExactly("marketing", "mkt_bob", "global.marketing", "test", ImmutableList.of("campaign", "q3"), "FINISHED");

        MaterializedResult tables = queryRunner.execute("SELECT catalog_name, schema_name, table_name FROM cost.ledger.query_tables WHERE query_id = '" + analytics + "'");
        assertThat(tables.getMaterializedRows()).extracting(MaterializedRow::getFields).containsExactly(List.of("tpch", "tiny", "lineitem"));

        // team totals are the sums of their queries
        MaterializedResult totals = queryRunner.execute("""
                SELECT b.team, b.spent, sum(q.cost)
                FROM cost.ledger.budgets b JOIN cost.ledger.queries q ON q.team = b.team
                WHERE b.team IN ('analytics', 'marketing')
                GROUP BY b.team, b.spent""");
        assertThat(totals.getRowCount()).isEqualTo(2);
        for (MaterializedRow row : totals.getMaterializedRows()) {
            assertThat(decimal(row.getField(1))).isEqualByComparingTo(decimal(row.getField(2)));
        }
        MaterializedResult daily = queryRunner.execute("SELECT team, sum(queries) FROM cost.ledger.daily_usage WHERE team IN ('analytics', 'marketing') GROUP BY team ORDER BY team");
        assertThat(daily.getMaterializedRows()).hasSize(2);
    }

    @Test
    void testBlockedTeamIsRejectedWithTheMessage()
    {
        // a budget of one millionth: the first query spends it
        QueryId first = run(session("capped_carol", ImmutableSet.of()), "SELECT count(*) FROM tpch.tiny.orders");
        awaitRecord(first);
        assertThatThrownBy(() -> run(session("capped_carol", ImmutableSet.of()), "SELECT 1"))
                .hasMessageMatching("Query rejected by the budget: team 'capped' has spent \\d+\\.\\d+ USD of its daily budget of 0\\.000001 USD \\(\\d+(\\.\\d)?%\\); new queries of the team are blocked until the budget resets at "
                        + Pattern.quote(nextMidnight().atZone(noonZone).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm VV"))));
        // another team runs
        run(session("ana_alice", ImmutableSet.of()), "SELECT 1");

        MaterializedRow budget = onlyRow(queryRunner.execute("SELECT state, thresholds_reached, period_end FROM cost.ledger.budgets WHERE team = 'capped'"));
        assertThat(budget.getField(0)).isEqualTo("BLOCKED");
        assertThat(budget.getField(1)).isEqualTo(ImmutableList.of("100% block"));

        // the rejected query is metered too, at no cost
        MaterializedResult rejected = queryRunner.execute("SELECT error_code, cost FROM cost.ledger.queries WHERE \"user\" = 'capped_carol' AND state = 'FAILED'");
        MaterializedRow rejectedRow = onlyRow(rejected);
        assertThat(rejectedRow.getField(0)).isEqualTo("BUDGET_EXCEEDED");
        assertThat(decimal(rejectedRow.getField(1))).isEqualByComparingTo(BigDecimal.ZERO);

        // one millisecond before the day ends it is still blocked; at midnight the team runs again
        clock.set(nextMidnight().minusMillis(1));
        try {
            assertThatThrownBy(() -> run(session("capped_carol", ImmutableSet.of()), "SELECT 1")).hasMessageStartingWith("Query rejected by the budget");
            clock.set(nextMidnight());
            run(session("capped_carol", ImmutableSet.of()), "SELECT 1");
            assertThat(queryRunner.execute("SELECT state FROM cost.ledger.budgets WHERE team = 'capped'").getOnlyValue()).isEqualTo("OK");
        }
        finally {
            clock.set(start);
        }
    }

    @Test
    void testGuardRailsAreSessionDefaultsOfTheGroup()
    {
        Session adhoc = session("dave", ImmutableSet.of());
        MaterializedResult session = queryRunner.execute(adhoc, "SHOW SESSION LIKE 'query_max_scan_physical_bytes'");
        assertThat(onlyRow(session).getField(1)).isEqualTo("10GB");
        // not in a guard-railed group: Trino's default
        MaterializedResult analytics = queryRunner.execute(session("ana_alice", ImmutableSet.of()), "SHOW SESSION LIKE 'query_max_scan_physical_bytes'");
        assertThat(onlyRow(analytics).getField(1)).isEqualTo("");
    }

    @Test
    void testCatalogIsReadOnlyAndListsItsTables()
    {
        assertThat(queryRunner.execute("SHOW TABLES FROM cost.ledger").getOnlyColumnAsSet())
                .containsExactlyInAnyOrder("queries", "query_tables", "budgets", "daily_usage");
        assertThatThrownBy(() -> queryRunner.execute("DELETE FROM cost.ledger.queries"))
                .hasMessageContaining("This connector does not support modifying table rows");
        assertThatThrownBy(() -> queryRunner.execute("CREATE TABLE cost.ledger.t (x bigint)"))
                .hasMessageContaining("This connector does not support creating tables");
    }

    private Instant nextMidnight()
    {
        return start.atZone(noonZone).toLocalDate().plusDays(1).atStartOfDay(noonZone).toInstant();
    }

    private static MaterializedRow onlyRow(MaterializedResult result)
    {
        return result.getMaterializedRows().stream().collect(onlyElement());
    }

    private static BigDecimal decimal(Object value)
    {
        return ((SqlDecimal) value).toBigDecimal();
    }

    private static ZoneOffset noonZone(Instant now)
    {
        int secondOfDay = now.atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay();
        int offset = 12 * 3600 - secondOfDay;
        return ZoneOffset.ofTotalSeconds(offset / 60 * 60);
    }

    private QueryId run(Session session, @Language("SQL") String sql)
    {
        return queryRunner.executeWithPlan(session, sql).queryId();
    }

    private QueryInfo queryInfo(QueryId queryId)
    {
        return queryRunner.getCoordinator().getQueryManager().getFullQueryInfo(queryId);
    }

    /**
     * cpu_time_ms, physical_input_bytes, physical_input_rows, cost of the query, once its record is in the ledger.
     */
    private MaterializedRow awaitRecord(QueryId queryId)
    {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            MaterializedResult result = queryRunner.execute("SELECT cpu_time_ms, physical_input_bytes, physical_input_rows, cost FROM cost.ledger.queries WHERE query_id = '" + queryId + "'");
            if (result.getRowCount() == 1) {
                return onlyRow(result);
            }
            assertThat(System.nanoTime()).as("record of %s in the ledger within 20 s", queryId).isLessThan(deadline);
        }
    }

    private static Session session(String user, Set<String> clientTags)
    {
        return testSessionBuilder()
                .setIdentity(Identity.ofUser(user))
                .setSource("test")
                .setClientTags(clientTags)
                .build();
    }

    private static EventListenerFactory.EventListenerContext listenerContext()
    {
        return new EventListenerFactory.EventListenerContext()
        {
            @Override
            public String getVersion()
            {
                return "476";
            }

            @Override
            public OpenTelemetry getOpenTelemetry()
            {
                return OpenTelemetry.noop();
            }

            @Override
            public Tracer getTracer()
            {
                return OpenTelemetry.noop().getTracer("test");
            }
        };
    }
}
