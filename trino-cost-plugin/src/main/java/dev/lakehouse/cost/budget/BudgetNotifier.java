package dev.lakehouse.cost.budget;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.cost.ledger.Ledger;
import dev.lakehouse.cost.ledger.Ledger.BudgetEvent;
import io.airlift.log.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static io.airlift.concurrent.Threads.daemonThreadsNamed;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.Executors.newSingleThreadExecutor;

/**
 * Announces each threshold a team reaches, once per period: a log line, and for notify thresholds
 * with a webhook, a JSON POST to it. The ledger remembers what was announced, so a restart or a
 * second coordinator does not announce it again. Announcements run on their own thread and never
 * delay a query.
 */
public final class BudgetNotifier
        implements AutoCloseable
{
    private static final Logger log = Logger.get(BudgetNotifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WEBHOOK_ATTEMPTS = 3;

    private final Ledger ledger;
    private final Clock clock;
    private final ExecutorService executor = newSingleThreadExecutor(daemonThreadsNamed("cost-budget-notifier"));
    private final HttpClient httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    // what this server has already handed to the executor, so the ledger is asked once per crossing
    private final Set<String> submitted = ConcurrentHashMap.newKeySet();

    public BudgetNotifier(Ledger ledger, Clock clock)
    {
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Announces the thresholds of the status that were not announced yet in its period.
     */
    public void announce(BudgetStatus status)
    {
        for (Threshold threshold : status.reachedThresholds()) {
            String key = "%s/%s/%s/%s".formatted(status.team().name(), status.period().start().toInstant().toEpochMilli(), threshold.percentText(), threshold.action());
            if (!submitted.add(key)) {
                continue;
            }
            try {
                executor.execute(() -> announce(status, threshold, key));
            }
            catch (RejectedExecutionException e) {
                // shutting down
                submitted.remove(key);
            }
        }
    }

    private void announce(BudgetStatus status, Threshold threshold, String key)
    {
        BudgetEvent event = new BudgetEvent(
                status.team().name(),
                status.period().start().toInstant().toEpochMilli(),
                threshold.percentText(),
                threshold.action().displayName(),
                status.spentMicros(),
                status.budget().amountMicros(),
                clock.millis());
        boolean isNew;
        try {
            isNew = ledger.recordBudgetEvent(event);
        }
        catch (SQLException e) {
            log.warn(e, "Cannot record in the ledger that %s reached %s%% of its budget; will try again", status.team().name(), threshold.percentText());
            submitted.remove(key);
            return;
        }
        if (!isNew) {
            return;
        }
        String message = "Budget threshold %s%% reached: %s; action: %s".formatted(threshold.percentText(), status.describeSpend(), describeAction(status, threshold));
        log.info("%s", message);
        if (threshold.webhook().isPresent()) {
            post(threshold.webhook().get(), status, threshold, message);
        }
    }

    private static String describeAction(BudgetStatus status, Threshold threshold)
    {
        return switch (threshold.action()) {
            case NOTIFY -> "notify";
            case THROTTLE -> threshold.resourceGroup()
                    .map(group -> "throttle, new queries go to resource group '%s'".formatted(group))
                    .orElseGet(() -> "throttle, at most %s running queries in the team's resource groups".formatted(threshold.hardConcurrencyLimit().orElseThrow()));
            case BLOCK -> (threshold.cancelRunning() ? "block, running queries are cancelled and new ones rejected" : "block, new queries are rejected")
                    + " until the budget resets at " + status.resetTime();
        };
    }

    private void post(URI webhook, BudgetStatus status, Threshold threshold, String message)
    {
        Map<String, Object> payload = ImmutableMap.<String, Object>builder()
                .put("team", status.team().name())
                .put("thresholdPercent", threshold.percentText())
                .put("action", threshold.action().displayName())
                .put("spent", BudgetStatus.formatAmount(status.spentMicros()))
                .put("budget", BudgetStatus.formatAmount(status.budget().amountMicros()))
                .put("currency", status.currency())
                .put("period", status.budget().period().displayName())
                .put("periodStart", status.period().start().toOffsetDateTime().toString())
                .put("periodEnd", status.period().end().toOffsetDateTime().toString())
                .put("message", message)
                .buildOrThrow();
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(payload);
        }
        catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        for (int attempt = 1; attempt <= WEBHOOK_ATTEMPTS; attempt++) {
            try {
                HttpResponse<Void> response = httpClient.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    return;
                }
                log.warn("Budget webhook %s answered %s (attempt %s of %s)", webhook, response.statusCode(), attempt, WEBHOOK_ATTEMPTS);
            }
            catch (IOException e) {
                log.warn("Budget webhook %s failed (attempt %s of %s): %s", webhook, attempt, WEBHOOK_ATTEMPTS, e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(1000L * attempt);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.error("Budget webhook %s did not accept the notification for team '%s' after %s attempts", webhook, status.team().name(), WEBHOOK_ATTEMPTS);
    }

    @Override
    public void close()
    {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        }
        catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        httpClient.close();
    }
}
