package dev.lakehouse.tests.cost;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.testing.ClientQueryStatistics;
import dev.lakehouse.testing.QueryDetails;
import dev.lakehouse.testing.QueryFailedException;
import dev.lakehouse.testing.QueryResult;
import dev.lakehouse.testing.TrinoCluster;
import dev.lakehouse.testing.TrinoClusterExtension;
import org.intellij.lang.annotations.Language;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cost plugin on the stock three-node cluster: resource groups with budgets on the coordinator,
 * metering into the SQLite ledger, the {@code cost} catalog, and a coordinator restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class TestCostOnCluster
{
    private static final String RESOURCE_GROUPS = """
            {
              "rootGroups": [
                {"name": "global", "softMemoryLimit": "100%", "hardConcurrencyLimit": 100, "maxQueued": 10000,
                 "subGroups": [
                   {"name": "alpha", "softMemoryLimit": "50%", "hardConcurrencyLimit": 10, "maxQueued": 100},
                   {"name": "beta", "softMemoryLimit": "50%", "hardConcurrencyLimit": 10, "maxQueued": 100},
                   {"name": "spender", "softMemoryLimit": "50%", "hardConcurrencyLimit": 10, "maxQueued": 100},
                   {"name": "saver", "softMemoryLimit": "50%", "hardConcurrencyLimit": 10, "maxQueued": 100},
                   {"name": "low-priority", "softMemoryLimit": "10%", "hardConcurrencyLimit": 1, "maxQueued": 100},
                   {"name": "load", "softMemoryLimit": "50%", "hardConcurrencyLimit": 16, "maxQueued": 5000},
                   {"name": "railed", "softMemoryLimit": "50%", "hardConcurrencyLimit": 10, "maxQueued": 100},
                   {"name": "burner", "softMemoryLimit": "50%", "hardConcurrencyLimit": 10, "maxQueued": 100},
                   {"name": "keeper", "softMemoryLimit": "50%", "hardConcurrencyLimit": 10, "maxQueued": 100},
                   {"name": "other", "softMemoryLimit": "50%", "hardConcurrencyLimit": 10, "maxQueued": 100}
                 ]}
              ],
              "selectors": [
                {"user": "alpha_.*", "group": "global.alpha"},
                {"user": "beta_.*", "group": "global.beta"},
                {"user": "spender_.*", "group": "global.spender"},
                {"user": "saver_.*", "group": "global.saver"},
                {"user": "load_.*", "group": "global.load"},
                {"user": "railed_.*", "group": "global.railed"},
                {"user": "burner_.*", "group": "global.burner"},
                {"user": "keeper_.*", "group": "global.keeper"},
                {"group": "global.other"}
              ]
            }
            """;

    // large budgets for alpha and beta, a millionth for the teams pushed over theirs; burner's block cancels its running queries, keeper's does not
    private static final String BUDGETS = """
            {
              "timeZone": "UTC",
              "teams": [
                {"name": "alpha", "resourceGroup": "global.alpha", "budget": {"amount": 1000000, "period": "month"}},
                {"name": "beta", "resourceGroup": "global.beta", "budget": {"amount": 1000000, "period": "month"}},
                {"name": "spender", "resourceGroup": "global.spender",
                 "budget": {"amount": 0.000001, "period": "month", "thresholds": [{"percent": 100, "action": "block"}]}},
                {"name": "saver", "resourceGroup": "global.saver",
                 "budget": {"amount": 0.000001, "period": "month", "thresholds": [{"percent": 100, "action": "throttle", "resourceGroup": "global.low-priority"}]}},
                {"name": "burner", "resourceGroup": "global.burner",
                 "budget": {"amount": 0.000001, "period": "month", "thresholds": [{"percent": 100, "action": "block", "cancelRunning": true}]}},
                {"name": "keeper", "resourceGroup": "global.keeper",
                 "budget": {"amount": 0.000001, "period": "month", "thresholds": [{"percent": 100, "action": "block"}]}},
                {"name": "load", "resourceGroup": "global.load"}%s
              ],
              "guardRails": [
                {"resourceGroup": "global.railed", "sessionProperties": {"query_max_scan_physical_bytes": "1kB"}}
              ]
            }
            """;

    private static final Map<String, String> LEDGER = ImmutableMap.of(
            "cost.ledger.sqlite.path", "${ENV:LAKEHOUSE_CLUSTER_DIR}/cost/ledger.sqlite",
            "cost.budgets.config-file", "etc/budgets.json",
            "cost.budgets.refresh-interval", "500ms");

    @RegisterExtension
    static final TrinoClusterExtension CLUSTER = new TrinoClusterExtension(cluster -> cluster
            .withWorkers(2)
            .withExtraPlugin("iceberg")
            .withCatalog("tpch", Map.of("connector.name", "tpch"))
            .withCatalog("iceberg", Map.of(
                    "connector.name", "iceberg",
                    "iceberg.catalog.type", "TESTING_FILE_METASTORE",
                    "hive.metastore.catalog.dir", "local:///iceberg",
                    "fs.native-local.enabled", "true",
                    "local.location", "${ENV:LAKEHOUSE_CLUSTER_DIR}"))
            .withCatalog("cost", ImmutableMap.<String, String>builder()
                    .put("connector.name", "lakehouse_cost")
                    .putAll(LEDGER)
                    .buildOrThrow())
            .withEtcFile("resource-groups.json", RESOURCE_GROUPS)
            .withEtcFile("budgets.json", BUDGETS.formatted(""))
            .withEtcFile("resource-groups.properties", properties(ImmutableMap.<String, String>builder()
                    .put("resource-groups.configuration-manager", "lakehouse")
                    .put("resource-groups.config-file", "etc/resource-groups.json")
                    .put("resource-groups.refresh-interval", "500ms")
                    .putAll(LEDGER)
                    .buildOrThrow()))
            .withEtcFile("event-listener-cost.properties", properties(ImmutableMap.<String, String>builder()
                    .put("event-listener.name", "lakehouse-cost")
                    .put("cost.spool.path", "${ENV:LAKEHOUSE_CLUSTER_DIR}/cost/spool")
                    // expensive enough that every query costs something: 1 per MiB read, 1 per CPU second
                    .put("cost.price.physical-input-per-tib", "1048576")
                    .put("cost.price.cpu-per-hour", "3600")
                    .put("cost.price.written-per-tib", "1048576")
                    // budgets with cancelRunning kill through the coordinator's REST API as this user (no access control here: anyone may)
                    .put("cost.budgets.cancel-running.coordinator-uri", "${ENV:LAKEHOUSE_COORDINATOR_URI}")
                    .put("cost.budgets.cancel-running.user", "cost-budget")
                    .putAll(LEDGER)
                    .buildOrThrow()))
            .withEtcFile("session-property-config.properties", properties(ImmutableMap.of(
                    "session-property-config.configuration-manager", "lakehouse",
                    "cost.budgets.config-file", "etc/budgets.json")))
            .withCoordinatorProperty("event-listener.config-files", "etc/event-listener-cost.properties"));

    @Test
    @Order(1)
    void testLedgerHoldsTrinosStatisticsOfEachQueryAndTeamTotalsAddUp()
    {
        TrinoCluster cluster = CLUSTER.cluster();
        cluster.execute("alpha_ann", "CREATE SCHEMA iceberg.sales");
        QueryResult write = cluster.execute("alpha_ann", "CREATE TABLE iceberg.sales.orders AS SELECT * FROM tpch.tiny.orders");
        List<QueryResult> queries = ImmutableList.of(
                write,
                cluster.execute("alpha_ann", "SELECT orderpriority, count(*), sum(totalprice) FROM iceberg.sales.orders GROUP BY 1"),
                cluster.execute("alpha_bob", "SELECT count(*) FROM iceberg.sales.orders o JOIN tpch.tiny.customer c ON o.custkey = c.custkey WHERE c.mktsegment = 'BUILDING'"),
                cluster.execute("beta_cat", "SELECT max(totalprice) FROM iceberg.sales.orders WHERE orderdate >= DATE '1997-01-01'"),
                cluster.execute("beta_cat", "SELECT count(*) FROM tpch.tiny.lineitem"));

        for (QueryResult query : queries) {
            ClientQueryStatistics statistics = query.statistics();
            List<Object> record = awaitRecord(query.queryId());
            assertThat(record.get(0)).as("CPU of %s", query.queryId()).isEqualTo(statistics.cpuTimeMillis());
            assertThat(record.get(1)).as("physical input of %s", query.queryId()).isEqualTo(statistics.physicalInputBytes());
        }
        // Iceberg reads real bytes, and the write was metered
        assertThat(queries.get(1).statistics().physicalInputBytes()).isPositive();
        assertThat((long) awaitRecord(write.queryId()).get(2)).isPositive();
        List<Object> writeRecord = cluster.execute("auditor", "SELECT team, query_type, resource_group FROM cost.ledger.queries WHERE query_id = '" + write.queryId() + "'").rows().getFirst();
        assertThat(writeRecord).containsExactly("alpha", "INSERT", "global.alpha");

        // bytes per table, as Trino reports them
        List<List<Object>> tables = cluster.execute("auditor", "SELECT catalog_name, table_name, physical_input_bytes FROM cost.ledger.query_tables WHERE query_id = '%s' ORDER BY 1, 2".formatted(queries.get(2).queryId())).rows();
        assertThat(tables).extracting(row -> row.get(0) + "." + row.get(1)).containsExactly("iceberg.orders", "tpch.customer");
        assertThat((Long) tables.getFirst().get(2)).isPositive();

        // team totals: the budgets' spend is the sum of the team's queries, and the day view agrees
        for (String team : List.of("alpha", "beta")) {
            BigDecimal spent = (BigDecimal) cluster.execute("auditor", "SELECT spent FROM cost.ledger.budgets WHERE team = '" + team + "'").onlyValue();
            BigDecimal sum = (BigDecimal) cluster.execute("auditor", "SELECT sum(cost) FROM cost.ledger.queries WHERE team = '" + team + "'").onlyValue();
            BigDecimal daily = (BigDecimal) cluster.execute("auditor", "SELECT sum(cost) FROM cost.ledger.daily_usage WHERE team = '" + team + "'").onlyValue();
            assertThat(spent).as("spend of %s", team).isPositive().isEqualByComparingTo(sum).isEqualByComparingTo(daily);
        }
        // alpha ran three queries, all metered for alpha
        Object alphaQueries = cluster.execute("auditor", "SELECT count(*) FROM cost.ledger.queries WHERE team = 'alpha' AND query_id IN (%s)".formatted(quotedIds(queries.subList(0, 3)))).onlyValue();
        assertThat(alphaQueries).isEqualTo(3L);
    }

    @Test
    @Order(2)
    void testGuardRailStopsARunawayQuery()
    {
        TrinoCluster cluster = CLUSTER.cluster();
        // long enough for Trino's scan limit check, which runs every second
        assertThatThrownBy(() -> cluster.execute("railed_rita", "SELECT count(*) FROM iceberg.sales.orders a CROSS JOIN iceberg.sales.orders b WHERE a.totalprice > b.totalprice"))
                .isInstanceOfSatisfying(QueryFailedException.class, failure -> assertThat(failure.trinoMessage()).startsWith("Exceeded scan limit of 1"));
        // a group without the guard rail reads the table
        assertThat(cluster.execute("beta_cat", "SELECT count(*) FROM iceberg.sales.orders").onlyValue()).isEqualTo(15000L);
    }

    @Test
    @Order(2)
    void testTeamOverBudgetIsBlockedWhileAnotherRuns()
    {
        TrinoCluster cluster = CLUSTER.cluster();
        QueryResult spending = cluster.execute("spender_sam", "SELECT count(*) FROM tpch.tiny.orders");
        awaitRecord(spending.queryId());

        assertThatThrownBy(() -> cluster.execute("spender_sam", "SELECT 1"))
                .isInstanceOfSatisfying(QueryFailedException.class, failure -> assertThat(failure.trinoMessage()).matches(
                        "Query rejected by the budget: team 'spender' has spent \\d+\\.\\d+ USD of its monthly budget of 0\\.000001 USD \\(\\d+(\\.\\d)?%\\); "
                                + "new queries of the team are blocked until the budget resets at \\d{4}-\\d{2}-01 00:00 UTC"));
        // the same user's colleague too; the other teams run
        assertThatThrownBy(() -> cluster.execute("spender_sue", "SELECT 1")).isInstanceOf(QueryFailedException.class);
        assertThat(cluster.execute("beta_cat", "SELECT 1").onlyValue()).isEqualTo(1);
        assertThat(cluster.execute("auditor", "SELECT state FROM cost.ledger.budgets WHERE team = 'spender'").onlyValue()).isEqualTo("BLOCKED");
        assertThat(cluster.execute("auditor", "SELECT state FROM cost.ledger.budgets WHERE team = 'beta'").onlyValue()).isEqualTo("OK");
    }

    @Test
    @Order(3)
    void testThrottledTeamRunsInTheLowPriorityGroup()
            throws IOException
    {
        TrinoCluster cluster = CLUSTER.cluster();
        QueryResult spending = cluster.execute("saver_sid", "SELECT count(*) FROM tpch.tiny.orders");
        awaitRecord(spending.queryId());
        assertThat(cluster.queryDetails("saver_sid", spending.queryId()).resourceGroupId()).contains("global.saver");

        QueryResult throttled = cluster.execute("saver_sid", "SELECT count(*) FROM tpch.tiny.nation");
        assertThat(cluster.queryDetails("saver_sid", throttled.queryId()).resourceGroupId()).contains("global.low-priority");
        // metered for its team all the same
        awaitRecord(throttled.queryId());
        assertThat(cluster.execute("auditor", "SELECT team, resource_group FROM cost.ledger.queries WHERE query_id = '" + throttled.queryId() + "'").rows())
                .containsExactly(List.of("saver", "global.low-priority"));
        assertThat(cluster.execute("auditor", "SELECT state FROM cost.ledger.budgets WHERE team = 'saver'").onlyValue()).isEqualTo("THROTTLED");
        waitFor(Duration.ofSeconds(10), "the throttle's log line", () -> logContains("Budget threshold 100% reached: team 'saver' has spent"));
        assertThat(Files.readString(cluster.coordinator().logFile()))
                .contains("action: throttle, new queries go to resource group 'global.low-priority'");
    }

    @Test
    @Order(4)
    void testPeriodRollsOverAtTheBoundary()
            throws IOException
    {
        TrinoCluster cluster = CLUSTER.cluster();
        // a daily budget in a time zone whose midnight is a few seconds away
        Instant boundary = Instant.now().plusSeconds(15).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ZoneOffset zone = ZoneOffset.ofTotalSeconds(offsetMakingMidnight(boundary));
        String night = """
                ,
                {"name": "night", "user": "night_.*",
                 "budget": {"amount": 0.000001, "period": "day", "timeZone": "%s", "thresholds": [{"percent": 100, "action": "block"}]}}""".formatted(zone.getId());
        writeBudgets(BUDGETS.formatted(night));
        waitFor(Duration.ofSeconds(10), "the changed budgets file", () -> !cluster.execute("auditor", "SELECT team FROM cost.ledger.budgets WHERE team = 'night'").rows().isEmpty());
        // the resource group manager checks the file as often as the catalog does: let it see the change too
        QueryResult spending = null;
        Instant deadline = Instant.now().plusSeconds(10);
        while (spending == null || Instant.now().isBefore(deadline)) {
            spending = cluster.execute("night_nina", "SELECT count(*) FROM tpch.tiny.orders");
            awaitRecord(spending.queryId());
            try {
                cluster.execute("night_nina", "SELECT 1");
            }
            catch (QueryFailedException e) {
                assertThat(e.trinoMessage()).contains("team 'night'").endsWith("blocked until the budget resets at " + boundary.atZone(zone).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm VV")));
                break;
            }
            assertThat(Instant.now()).as("the resource group manager never blocked team night").isBefore(deadline);
        }
        assertThat(Instant.now()).as("blocked before the boundary").isBefore(boundary);

        // blocked until the boundary, then runs
        Instant admitted = null;
        while (admitted == null) {
            Instant attempt = Instant.now();
            try {
                cluster.execute("night_nina", "SELECT 1");
                admitted = attempt;
            }
            catch (QueryFailedException e) {
                assertThat(e.trinoMessage()).startsWith("Query rejected by the budget");
                assertThat(Instant.now()).as("still blocked 5 s after the boundary").isBefore(boundary.plusSeconds(5));
            }
        }
        assertThat(admitted).as("admitted from the boundary on").isAfterOrEqualTo(boundary.minusMillis(500));
        // the budget is in its new period, counting only what ran since the boundary
        List<Object> period = cluster.execute("auditor", "SELECT to_unixtime(period_start), spent FROM cost.ledger.budgets WHERE team = 'night'").rows().getFirst();
        assertThat(((Number) period.get(0)).longValue()).isEqualTo(boundary.getEpochSecond());
        awaitRecordsOfUser("night_nina", boundary);
        Object spentSinceBoundary = cluster.execute("auditor", "SELECT coalesce(sum(cost), 0) FROM cost.ledger.queries WHERE team = 'night' AND end_time >= from_unixtime(%s)".formatted(boundary.getEpochSecond())).onlyValue();
        assertThat((BigDecimal) cluster.execute("auditor", "SELECT spent FROM cost.ledger.budgets WHERE team = 'night'").onlyValue()).isEqualByComparingTo((BigDecimal) spentSinceBoundary);
    }

    @Test
    @Order(5)
    void testLoadFromEightClientsIsMeteredExactlyOnce()
            throws Exception
    {
        TrinoCluster cluster = CLUSTER.cluster();
        int clients = 8;
        int queriesPerClient = 125;
        ExecutorService executor = Executors.newFixedThreadPool(clients);
        Set<String> queryIds = new HashSet<>();
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                String user = "load_" + client;
                futures.add(executor.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    try (Connection connection = cluster.connect(user)) {
                        for (int query = 0; query < queriesPerClient; query++) {
                            ids.add(TrinoCluster.execute(connection, "SELECT " + query).queryId());
                        }
                    }
                    return ids;
                }));
            }
            for (Future<List<String>> future : futures) {
                queryIds.addAll(future.get());
            }
        }
        finally {
            executor.shutdownNow();
        }
        assertThat(queryIds).hasSize(clients * queriesPerClient);

        waitFor(Duration.ofSeconds(60), "all load queries in the ledger", () ->
                ((Number) cluster.execute("auditor", "SELECT count(*) FROM cost.ledger.queries WHERE team = 'load'").onlyValue()).longValue() >= queryIds.size());
        List<Object> metered = cluster.execute("auditor", "SELECT query_id FROM cost.ledger.queries WHERE team = 'load'").column("query_id");
        assertThat(metered).hasSize(queryIds.size());
        assertThat(new HashSet<>(metered)).isEqualTo(queryIds);
    }

    @Test
    @Order(5)
    void testBudgetCancelsTheRunningQueriesOfItsTeamOnly()
            throws Exception
    {
        TrinoCluster cluster = CLUSTER.cluster();
        // minutes of work unless killed
        @Language("SQL") String longQuery = "SELECT count(*) FROM tpch.sf1000.lineitem";
        ExecutorService executor = Executors.newFixedThreadPool(3);
        try {
            // one long query each: burner's budget cancels running queries, keeper's only blocks new ones, alpha is far from its budget
            Future<QueryResult> burnerLong = executor.submit(() -> cluster.execute("burner_bea", longQuery));
            Future<QueryResult> keeperLong = executor.submit(() -> cluster.execute("keeper_kim", longQuery));
            Future<QueryResult> alphaLong = executor.submit(() -> cluster.execute("alpha_ann", longQuery));
            String burnerQuery = awaitRunningQuery("burner_bea");
            String keeperQuery = awaitRunningQuery("keeper_kim");
            String alphaQuery = awaitRunningQuery("alpha_ann");

            // keeper goes over its budget first, then burner: each completed query is metered, and the budgets are read in that order
            awaitRecord(cluster.execute("keeper_kim", "SELECT count(*) FROM tpch.tiny.orders").queryId());
            awaitRecord(cluster.execute("burner_bea", "SELECT count(*) FROM tpch.tiny.orders").queryId());

            assertThatThrownBy(() -> burnerLong.get(2, TimeUnit.MINUTES))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(QueryFailedException.class, failure -> assertThat(failure.trinoMessage()).matches(
                            "Query killed\\. Message: Cancelled by the budget: team 'burner' has spent \\d+\\.\\d+ USD of its monthly budget of 0\\.000001 USD \\(\\d+(\\.\\d)?%\\); "
                                    + "running queries of the team are cancelled and new ones rejected until the budget resets at \\d{4}-\\d{2}-01 00:00 UTC"));
            // a kill for keeper's query would have been sent before burner's: both other queries run on
            assertThat(queryState(keeperQuery)).isEqualTo("RUNNING");
            assertThat(queryState(alphaQuery)).isEqualTo("RUNNING");
            assertThat(keeperLong).isNotDone();
            assertThat(alphaLong).isNotDone();
            // keeper is blocked all the same
            assertThatThrownBy(() -> cluster.execute("keeper_kim", "SELECT 1"))
                    .isInstanceOfSatisfying(QueryFailedException.class, failure -> assertThat(failure.trinoMessage()).startsWith("Query rejected by the budget: team 'keeper'"));
            assertThat(logContains("Cancelled query %s of team 'burner'".formatted(burnerQuery))).isTrue();

            // the killed query is metered for its team with what it consumed
            awaitRecord(burnerQuery);
            assertThat(cluster.execute("auditor", "SELECT team, state, error_code FROM cost.ledger.queries WHERE query_id = '" + burnerQuery + "'").rows())
                    .containsExactly(List.of("burner", "FAILED", "ADMINISTRATIVELY_KILLED"));

            // done with the others; their records are in the ledger before the next test looks at it
            for (String query : List.of(keeperQuery, alphaQuery)) {
                cluster.execute("auditor", "CALL system.runtime.kill_query(query_id => '%s', message => 'the test is over')".formatted(query));
            }
            assertThatThrownBy(() -> keeperLong.get(2, TimeUnit.MINUTES)).cause().hasMessageContaining("the test is over");
            assertThatThrownBy(() -> alphaLong.get(2, TimeUnit.MINUTES)).cause().hasMessageContaining("the test is over");
            awaitRecord(keeperQuery);
            awaitRecord(alphaQuery);
        }
        finally {
            executor.shutdownNow();
        }
    }

    @Test
    @Order(6)
    void testRestartKeepsEveryRecordAndEachTeamsSpend()
            throws IOException
    {
        TrinoCluster cluster = CLUSTER.cluster();
        String spendByTeam = "SELECT team, count(*), sum(cost) FROM cost.ledger.queries GROUP BY team ORDER BY team";
        Map<Object, List<Object>> before = byFirstColumn(cluster.execute("auditor", spendByTeam).rows());
        Object budgetsBefore = cluster.execute("auditor", "SELECT array_join(array_agg(team || ':' || cast(spent AS varchar) || ':' || state ORDER BY team), ',') FROM cost.ledger.budgets").onlyValue();

        // the hardest restart: the coordinator is killed (SIGKILL), as a crash would
        long serverPid = Long.parseLong(Files.readString(cluster.coordinator().dataDirectory().resolve("var/run/launcher.pid")).strip());
        cluster.coordinator().kill();
        // kill() returns when the harness's watchdog is gone; the launcher refuses to start while the server's JVM still exists
        waitFor(Duration.ofSeconds(30), "the killed coordinator's JVM to be gone", () -> ProcessHandle.of(serverPid).filter(ProcessHandle::isAlive).isEmpty());
        cluster.restartCoordinator();

        Map<Object, List<Object>> after = byFirstColumn(cluster.execute("auditor", spendByTeam).rows());
        // every acknowledged record is still there; the queries just run are added
        for (Map.Entry<Object, List<Object>> team : before.entrySet()) {
            List<Object> now = after.get(team.getKey());
            assertThat(now).as("team %s after the restart", team.getKey()).isNotNull();
            assertThat((long) now.get(1)).isGreaterThanOrEqualTo((long) team.getValue().get(1));
        }
        assertThat(after.get("load")).isEqualTo(before.get("load"));
        assertThat(cluster.execute("auditor", "SELECT count(*) = count(DISTINCT query_id) FROM cost.ledger.queries").onlyValue()).isEqualTo(true);
        assertThat(cluster.execute("auditor", "SELECT array_join(array_agg(team || ':' || cast(spent AS varchar) || ':' || state ORDER BY team), ',') FROM cost.ledger.budgets").onlyValue())
                .isEqualTo(budgetsBefore);

        // the spend survived in the budget checks too: still blocked and throttled
        assertThatThrownBy(() -> cluster.execute("spender_sam", "SELECT 1"))
                .isInstanceOfSatisfying(QueryFailedException.class, failure -> assertThat(failure.trinoMessage()).startsWith("Query rejected by the budget: team 'spender'"));
        QueryResult throttled = cluster.execute("saver_sid", "SELECT 1");
        QueryDetails details = cluster.queryDetails("saver_sid", throttled.queryId());
        assertThat(details.resourceGroupId()).contains("global.low-priority");
    }

    /**
     * cpu_time_ms, physical_input_bytes and written_bytes of the query's record, once in the ledger.
     */
    private static List<Object> awaitRecord(String queryId)
    {
        List<List<Object>> rows = new ArrayList<>();
        waitFor(Duration.ofSeconds(30), "the ledger record of " + queryId, () -> {
            rows.clear();
            rows.addAll(CLUSTER.cluster().execute("auditor", "SELECT cpu_time_ms, physical_input_bytes, written_bytes FROM cost.ledger.queries WHERE query_id = '" + queryId + "'").rows());
            return !rows.isEmpty();
        });
        return rows.getFirst();
    }

    /**
     * The id of the user's query once it runs.
     */
    private static String awaitRunningQuery(String user)
    {
        List<Object> ids = new ArrayList<>();
        waitFor(Duration.ofSeconds(120), "a running query of " + user, () -> {
            ids.clear();
            ids.addAll(CLUSTER.cluster().execute("auditor", "SELECT query_id FROM system.runtime.queries WHERE \"user\" = '%s' AND state = 'RUNNING'".formatted(user)).column("query_id"));
            return !ids.isEmpty();
        });
        assertThat(ids).hasSize(1);
        return (String) ids.getFirst();
    }

    private static String queryState(String queryId)
    {
        return (String) CLUSTER.cluster().execute("auditor", "SELECT state FROM system.runtime.queries WHERE query_id = '%s'".formatted(queryId)).onlyValue();
    }

    /**
     * Waits until the admitted query of the user after the instant is in the ledger.
     */
    private static void awaitRecordsOfUser(String user, Instant after)
    {
        waitFor(Duration.ofSeconds(30), "a record of %s after %s".formatted(user, after), () -> ((Number) CLUSTER.cluster().execute("auditor",
                "SELECT count(*) FROM cost.ledger.queries WHERE \"user\" = '%s' AND state = 'FINISHED' AND end_time >= from_unixtime(%s)".formatted(user, after.getEpochSecond())).onlyValue()).longValue() > 0);
    }

    private static void writeBudgets(String content)
            throws IOException
    {
        // the coordinator reads it; write a new file and move it into place, as an admin's editor would
        Path file = CLUSTER.cluster().coordinator().etcDirectory().resolve("budgets.json");
        Path temporary = file.resolveSibling("budgets.json.new");
        Files.writeString(temporary, content);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The UTC offset whose local midnight is the given instant.
     */
    private static int offsetMakingMidnight(Instant midnight)
    {
        int secondOfDay = midnight.atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay();
        int offset = (24 * 3600 - secondOfDay) % (24 * 3600);
        return offset > 18 * 3600 ? offset - 24 * 3600 : offset;
    }

    private static boolean logContains(String text)
    {
        try {
            return Files.readString(CLUSTER.cluster().coordinator().logFile()).contains(text);
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String quotedIds(List<QueryResult> queries)
    {
        return String.join(", ", queries.stream().map(query -> "'" + query.queryId() + "'").toList());
    }

    private static Map<Object, List<Object>> byFirstColumn(List<List<Object>> rows)
    {
        Map<Object, List<Object>> map = new HashMap<>();
        for (List<Object> row : rows) {
            map.put(row.getFirst() == null ? "<none>" : row.getFirst(), row);
        }
        return map;
    }

    private static String properties(Map<String, String> properties)
    {
        StringBuilder content = new StringBuilder();
        properties.forEach((name, value) -> content.append(name).append('=').append(value).append('\n'));
        return content.toString();
    }

    private static void waitFor(Duration timeout, String what, BooleanSupplier condition)
    {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for %s", what).isBefore(deadline);
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeException(e);
            }
        }
    }
}
