package dev.lakehouse.cost.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.sun.net.httpserver.HttpServer;
import dev.lakehouse.cost.TestingClock;
import dev.lakehouse.cost.budget.BudgetPeriod.Window;
import dev.lakehouse.cost.ledger.Ledger;
import dev.lakehouse.cost.ledger.SqliteConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

final class TestBudgetNotifier
{
    private static final Instant NOW = Instant.parse("2025-06-15T10:00:00Z");

    @TempDir
    Path directory;

    private final List<String> posted = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void startWebhook()
            throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                posted.add(new String(body.readAllBytes(), UTF_8));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopWebhook()
    {
        server.stop(0);
    }

    @Test
    void testEachThresholdIsAnnouncedOncePerPeriodAcrossRestarts()
            throws Exception
    {
        BudgetPolicy policy = BudgetPolicy.parse("""
                {"currency": "EUR", "teams": [{"name": "analytics", "user": "a.*", "budget": {"amount": 5000, "period": "month", "timeZone": "Europe/Berlin",
                  "thresholds": [{"percent": 80, "action": "notify", "webhook": "http://127.0.0.1:%s/hook"}, {"percent": 100, "action": "block"}]}}]}
                """.formatted(server.getAddress().getPort()).getBytes(UTF_8));
        Team team = policy.team("analytics").orElseThrow();
        Budget budget = team.budget().orElseThrow();
        Window window = budget.period().window(NOW, budget.timeZone());
        BudgetStatus status = new BudgetStatus(team, budget, "EUR", window, 4_000_000_000L);

        try (Ledger ledger = ledger()) {
            ledger.initialize();
            BudgetNotifier notifier = new BudgetNotifier(ledger, new TestingClock(NOW));
            notifier.announce(status);
            notifier.announce(status);
            // waits for the announcements in flight
            notifier.close();
        }
        assertThat(posted).hasSize(1);
        JsonNode payload = new ObjectMapper().readTree(posted.getFirst());
        assertThat(payload.path("team").asText()).isEqualTo("analytics");
        assertThat(payload.path("thresholdPercent").asText()).isEqualTo("80");
        assertThat(payload.path("spent").asText()).isEqualTo("4000.00");
        assertThat(payload.path("budget").asText()).isEqualTo("5000.00");
        assertThat(payload.path("currency").asText()).isEqualTo("EUR");
        assertThat(payload.path("periodStart").asText()).isEqualTo("2025-06-01T00:00+02:00");
        assertThat(payload.path("periodEnd").asText()).isEqualTo("2025-07-01T00:00+02:00");
        assertThat(payload.path("message").asText()).isEqualTo("Budget threshold 80% reached: team 'analytics' has spent 4000.00 EUR of its monthly budget of 5000.00 EUR (80%); action: notify");

        // the docs show the same fields
        assertThat(fieldNames(payload)).containsExactlyElementsOf(fieldNames(new ObjectMapper().readTree(documentedWebhook())));

        // a restarted coordinator does not announce it again; the next period does
        try (Ledger ledger = ledger()) {
            BudgetNotifier restarted = new BudgetNotifier(ledger, new TestingClock(NOW));
            restarted.announce(status);
            Window july = budget.period().window(Instant.parse("2025-07-02T00:00:00Z"), budget.timeZone());
            restarted.announce(new BudgetStatus(team, budget, "EUR", july, 4_500_000_000L));
            restarted.close();
        }
        assertThat(posted).hasSize(2);
        assertThat(new ObjectMapper().readTree(posted.get(1)).path("periodStart").asText()).isEqualTo("2025-07-01T00:00+02:00");
    }

    private Ledger ledger()
    {
        return new Ledger(new SqliteConnectionFactory(directory.resolve("ledger.sqlite")));
    }

    private static List<String> fieldNames(JsonNode json)
    {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return ImmutableList.copyOf(names);
    }

    private static String documentedWebhook()
            throws IOException
    {
        String docs = Files.readString(Path.of("..", "docs", "cost.md"), UTF_8);
        int start = docs.indexOf("```json webhook\n");
        int end = docs.indexOf("```", start + 3);
        return docs.substring(start + "```json webhook\n".length(), end);
    }
}
