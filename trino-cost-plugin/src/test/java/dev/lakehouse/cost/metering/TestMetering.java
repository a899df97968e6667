package dev.lakehouse.cost.metering;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.sun.net.httpserver.HttpServer;
import dev.lakehouse.cost.CostPlugin;
import dev.lakehouse.cost.budget.BudgetPeriod;
import dev.lakehouse.cost.ledger.Ledger;
import dev.lakehouse.cost.ledger.LedgerRecord;
import dev.lakehouse.cost.ledger.Spool;
import dev.lakehouse.cost.ledger.SqliteConnectionFactory;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.EventListenerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static dev.lakehouse.cost.ledger.TestingLedgerRecords.record;
import static dev.lakehouse.cost.metering.TestingQueryEvents.completedEvent;
import static dev.lakehouse.cost.metering.TestingQueryEvents.createdEvent;
import static dev.lakehouse.cost.metering.TestingQueryEvents.input;
import static dev.lakehouse.cost.metering.TestingQueryEvents.userCanceled;
import static io.airlift.json.JsonCodec.jsonCodec;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestMetering
{
    private static final Instant END = Instant.parse("2025-06-30T12:00:00Z");

    @TempDir
    Path directory;

    @Test
    void testPricesAndAttributesEveryCompletedQuery()
            throws Exception
    {
        Path budgets = Files.writeString(directory.resolve("budgets.json"), """
                {"teams": [
                  {"name": "analytics", "resourceGroup": "global.analytics"},
                  {"name": "marketing", "clientTags": ["marketing"]}
                ]}
                """);
        EventListener listener = create(ImmutableMap.of(
                "cost.budgets.config-file", budgets.toString(),
                "cost.price.physical-input-per-tib", "5",
                "cost.price.cpu-per-hour", "0.05",
                "cost.price.memory-per-gib-hour", "0.01",
                "cost.price.written-per-tib", "10"));
        try {
            listener.queryCompleted(completedEvent("q1", "alice", ImmutableSet.of(), Optional.of("global.analytics.alice"),
                    9_000_000, 256L << 30, 40.0 * (1L << 30) * 1_800_000, 10L << 30,
                    ImmutableList.of(
                            input("tpch", "sf1", "orders", OptionalLong.of(100L << 30)),
                            input("tpch", "sf1", "lineitem", OptionalLong.of(150L << 30)),
                            input("tpch", "sf1", "orders", OptionalLong.of(6L << 30)),
                            input("memory", "default", "t", OptionalLong.empty())),
                    Optional.empty(), END));
            // cancelled, with what it consumed until then
            listener.queryCompleted(completedEvent("q2", "bob", ImmutableSet.of("marketing", "adhoc"), Optional.of("global.adhoc"),
                    3_600_000, 0, 0, 0, ImmutableList.of(), Optional.of(userCanceled()), END));
            // rejected before it had a group, and of no team
            listener.queryCompleted(completedEvent("q3", "carol", ImmutableSet.of(), Optional.empty(),
                    0, 0, 0, 0, ImmutableList.of(), Optional.of(userCanceled()), END));

            try (Ledger ledger = ledger()) {
                awaitRecords(ledger, 3);
                try (Connection connection = ledger.openConnection();
                        Statement statement = connection.createStatement()) {
                    try (ResultSet rows = statement.executeQuery("""
                            SELECT query_id, state, error_code, user_name, team, resource_group, client_tags, cpu_time_ms, physical_input_bytes, written_bytes,
                                   physical_input_cost, cpu_cost, memory_cost, written_cost, cost, end_time
                            FROM cost_queries ORDER BY query_id""")) {
                        rows.next();
                        assertThat(rows.getString("query_id")).isEqualTo("q1");
                        assertThat(rows.getString("state")).isEqualTo("FINISHED");
                        assertThat(rows.getString("error_code")).isNull();
                        assertThat(rows.getString("team")).isEqualTo("analytics");
                        assertThat(rows.getString("resource_group")).isEqualTo("global.analytics.alice");
                        assertThat(rows.getLong("cpu_time_ms")).isEqualTo(9_000_000);
                        assertThat(rows.getLong("physical_input_bytes")).isEqualTo(256L << 30);
                        assertThat(rows.getLong("written_bytes")).isEqualTo(10L << 30);
                        // the worked example of docs/cost.md
                        assertThat(rows.getLong("physical_input_cost")).isEqualTo(1_250_000);
                        assertThat(rows.getLong("cpu_cost")).isEqualTo(125_000);
                        assertThat(rows.getLong("memory_cost")).isEqualTo(200_000);
                        assertThat(rows.getLong("written_cost")).isEqualTo(97_656);
                        assertThat(rows.getLong("cost")).isEqualTo(1_672_656);
                        assertThat(rows.getLong("end_time")).isEqualTo(END.toEpochMilli());

                        rows.next();
                        assertThat(rows.getString("query_id")).isEqualTo("q2");
                        assertThat(rows.getString("state")).isEqualTo("FAILED");
                        assertThat(rows.getString("error_code")).isEqualTo("USER_CANCELED");
                        assertThat(rows.getString("team")).isEqualTo("marketing");
                        assertThat(Ledger.decodeTags(rows.getString("client_tags"))).containsExactly("adhoc", "marketing");
                        assertThat(rows.getLong("cost")).isEqualTo(50_000);

                        rows.next();
                        assertThat(rows.getString("query_id")).isEqualTo("q3");
                        assertThat(rows.getString("team")).isNull();
                        assertThat(rows.getString("resource_group")).isNull();
                        assertThat(rows.getLong("cost")).isZero();
                        assertThat(rows.next()).isFalse();
                    }
                    try (ResultSet rows = statement.executeQuery("SELECT table_name, physical_input_bytes FROM cost_query_tables WHERE query_id = 'q1' ORDER BY table_name")) {
                        rows.next();
                        assertThat(rows.getString(1)).isEqualTo("lineitem");
                        assertThat(rows.getLong(2)).isEqualTo(150L << 30);
                        rows.next();
                        // a table read twice: both reads
                        assertThat(rows.getString(1)).isEqualTo("orders");
                        assertThat(rows.getLong(2)).isEqualTo(106L << 30);
                        rows.next();
                        assertThat(rows.getString(1)).isEqualTo("t");
                        rows.getLong(2);
                        assertThat(rows.wasNull()).isTrue();
                        assertThat(rows.next()).isFalse();
                    }
                }
            }
        }
        finally {
            listener.shutdown();
        }
    }

    @Test
    void testCancelsTheRunningQueriesOfATeamPushedOverItsBudget()
            throws Exception
    {
        // the coordinator's REST API, as far as kills go
        List<List<String>> kills = new CopyOnWriteArrayList<>();
        HttpServer coordinator = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        coordinator.createContext("/v1/query/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                kills.add(List.of(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("X-Trino-User"), new String(body.readAllBytes(), UTF_8)));
            }
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        coordinator.start();
        Path budgets = Files.writeString(directory.resolve("budgets.json"), """
                {"teams": [
                  {"name": "spenders", "user": "spend_.*", "budget": {"amount": 0.5, "period": "month",
                    "thresholds": [{"percent": 100, "action": "block", "cancelRunning": true}]}},
                  {"name": "others", "user": "other_.*", "budget": {"amount": 0.5, "period": "month",
                    "thresholds": [{"percent": 100, "action": "block"}]}}
                ]}
                """);
        EventListener listener = create(ImmutableMap.of(
                "cost.budgets.config-file", budgets.toString(),
                "cost.price.cpu-per-hour", "3600",
                "cost.budgets.cancel-running.coordinator-uri", "http://127.0.0.1:" + coordinator.getAddress().getPort(),
                "cost.budgets.cancel-running.user", "cost-budget"));
        try {
            listener.queryCreated(createdEvent("q_long", "spend_ann", Optional.empty()));
            listener.queryCreated(createdEvent("q_other_long", "other_bob", Optional.empty()));
            listener.queryCreated(createdEvent("q_nobody", "carol", Optional.empty()));
            listener.queryCreated(createdEvent("q_other_spend", "other_bob", Optional.empty()));
            listener.queryCreated(createdEvent("q_spend", "spend_ann", Optional.empty()));
            // others go over their budget first: they are blocked, but nothing of theirs is cancelled
            listener.queryCompleted(completedEvent("q_other_spend", "other_bob", ImmutableSet.of(), Optional.empty(), 1000, 0, 0, 0, ImmutableList.of(), Optional.empty(), Instant.now()));
            // one CPU second: 1.00 of 0.50
            listener.queryCompleted(completedEvent("q_spend", "spend_ann", ImmutableSet.of(), Optional.empty(), 1000, 0, 0, 0, ImmutableList.of(), Optional.empty(), Instant.now()));

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (kills.isEmpty()) {
                assertThat(System.nanoTime()).as("the kill of q_long within 30 s").isLessThan(deadline);
                Thread.sleep(20);
            }
            // the records are written and read in order: a kill for the other team would have come first
            assertThat(kills).hasSize(1);
            assertThat(kills.getFirst()).containsExactly(
                    "PUT",
                    "/v1/query/q_long/killed",
                    "cost-budget",
                    "Cancelled by the budget: team 'spenders' has spent 1.00 USD of its monthly budget of 0.50 USD (200%); "
                            + "running queries of the team are cancelled and new ones rejected until the budget resets at "
                            + BudgetPeriod.MONTH.window(Instant.now(), ZoneId.of("UTC")).end().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm VV")));
        }
        finally {
            listener.shutdown();
            coordinator.stop(0);
        }
    }

    @Test
    void testBudgetThatCancelsRunningQueriesNeedsTheCoordinator()
            throws Exception
    {
        Path budgets = Files.writeString(directory.resolve("budgets.json"), """
                {"teams": [{"name": "spenders", "user": "spend_.*", "budget": {"amount": 1, "period": "month",
                  "thresholds": [{"percent": 100, "action": "block", "cancelRunning": true}]}}]}
                """);
        assertThatThrownBy(() -> create(ImmutableMap.of("cost.budgets.config-file", budgets.toString())))
                .hasMessageContaining("Invalid budgets file %s: team 'spenders': cancelRunning needs cost.budgets.cancel-running.coordinator-uri and cost.budgets.cancel-running.user in the configuration of the event listener 'lakehouse-cost'", budgets);
        assertThatThrownBy(() -> create(ImmutableMap.of(
                "cost.budgets.config-file", budgets.toString(),
                "cost.budgets.cancel-running.coordinator-uri", "http://localhost:8080")))
                .hasMessageContaining("cost.budgets.cancel-running.user is required with cost.budgets.cancel-running.coordinator-uri");
        // without any budget that cancels, the listener needs no coordinator
        Files.writeString(budgets, "{\"teams\": [{\"name\": \"spenders\", \"user\": \"spend_.*\", \"budget\": {\"amount\": 1, \"period\": \"month\"}}]}");
        create(ImmutableMap.of("cost.budgets.config-file", budgets.toString())).shutdown();
    }

    @Test
    void testRecordsLeftInTheSpoolByACrashReachTheLedgerAtStart()
            throws Exception
    {
        // what a coordinator killed between spooling and writing leaves behind
        try (Spool spool = new Spool(directory.resolve("spool"), 1 << 20)) {
            spool.append(jsonCodec(LedgerRecord.class).toJsonBytes(record("q-crash", Optional.of("a"), END, 42)));
        }
        EventListener listener = create(ImmutableMap.of());
        try (Ledger ledger = ledger()) {
            awaitRecords(ledger, 1);
            assertThat(ledger.spendByTeam(0, Long.MAX_VALUE, Long.MAX_VALUE)).containsEntry("a", 42L);
        }
        finally {
            listener.shutdown();
        }
        // once written, the spool holds nothing
        try (Stream<Path> files = Files.list(directory.resolve("spool"))) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void testUnreachableLedgerFailsTheStart()
            throws Exception
    {
        Path blocked = Files.writeString(directory.resolve("blocked"), "a file where the ledger's folder should be");
        assertThatThrownBy(() -> create(ImmutableMap.of("cost.ledger.sqlite.path", blocked.resolve("ledger.sqlite").toString())))
                .hasMessageContaining("Cannot create or open the ledger sqlite:" + blocked.resolve("ledger.sqlite"));
    }

    @Test
    void testRejectsUnknownAndInvalidProperties()
    {
        assertThatThrownBy(() -> create(ImmutableMap.of("cost.price.per-query", "1")))
                .hasMessageContaining("Configuration property 'cost.price.per-query' was not used");
        assertThatThrownBy(() -> create(ImmutableMap.of("cost.price.cpu-per-hour", "-1")))
                .hasMessageContaining("Invalid configuration property cost.price.cpu-per-hour: must not be negative");
        assertThatThrownBy(() -> create(ImmutableMap.of("cost.ledger.type", "ORACLE")))
                .hasMessageContaining("cost.ledger.type");
    }

    @Test
    void testRefusesAnotherTrinoVersion()
    {
        EventListenerFactory factory = new CostPlugin().getEventListenerFactories().iterator().next();
        assertThatThrownBy(() -> factory.create(properties(ImmutableMap.of()), context("475")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The event listener 'lakehouse-cost' is built for Trino 476 and cannot run on Trino 475; rebuild the plugin with -Dtrino.version=475");
    }

    private EventListener create(Map<String, String> extra)
    {
        EventListenerFactory factory = new CostPlugin().getEventListenerFactories().iterator().next();
        return factory.create(properties(extra), context("476"));
    }

    private Map<String, String> properties(Map<String, String> extra)
    {
        Map<String, String> properties = new HashMap<>();
        properties.put("cost.ledger.sqlite.path", directory.resolve("ledger.sqlite").toString());
        properties.put("cost.spool.path", directory.resolve("spool").toString());
        properties.putAll(extra);
        return properties;
    }

    private Ledger ledger()
    {
        return new Ledger(new SqliteConnectionFactory(directory.resolve("ledger.sqlite")));
    }

    private static void awaitRecords(Ledger ledger, int count)
            throws Exception
    {
        ledger.initialize();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Connection connection = ledger.openConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT count(*) FROM cost_queries")) {
                rows.next();
                if (rows.getLong(1) >= count) {
                    assertThat(rows.getLong(1)).isEqualTo(count);
                    return;
                }
            }
            assertThat(System.nanoTime()).as("%s records in the ledger within 10 s", count).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static EventListenerFactory.EventListenerContext context(String version)
    {
        return new EventListenerFactory.EventListenerContext()
        {
            @Override
            public String getVersion()
            {
                return version;
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
