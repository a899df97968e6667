package dev.lakehouse.cost.budget;

import io.airlift.log.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Kills queries through the coordinator's REST API, {@code PUT /v1/query/{queryId}/killed} with the
 * message as body, the endpoint Trino's web UI uses. Trino checks that the user may kill queries
 * owned by the query's user (the system access control's kill-query check), and fails the query with
 * {@code ADMINISTRATIVELY_KILLED} and "Query killed. Message: " followed by the message.
 */
public final class CoordinatorQueryKiller
        implements QueryKiller, AutoCloseable
{
    private static final Logger log = Logger.get(CoordinatorQueryKiller.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern QUERY_ID = Pattern.compile("[a-z0-9_]+");

    private final URI coordinatorUri;
    private final String user;
    private final Optional<String> authorization;
    private final HttpClient httpClient = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public CoordinatorQueryKiller(URI coordinatorUri, String user, Optional<String> password)
    {
        this.coordinatorUri = requireNonNull(coordinatorUri, "coordinatorUri is null");
        this.user = requireNonNull(user, "user is null");
        this.authorization = requireNonNull(password, "password is null")
                .map(secret -> "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(UTF_8)));
    }

    public static CoordinatorQueryKiller create(CancelRunningConfig config)
    {
        config.validate();
        checkArgument(config.isConfigured(), "%s is not set", CancelRunningConfig.COORDINATOR_URI);
        return new CoordinatorQueryKiller(config.getCoordinatorUri().orElseThrow(), config.getUser().orElseThrow(), config.getPassword());
    }

    @Override
    public Outcome kill(String queryId, String message)
    {
        checkArgument(QUERY_ID.matcher(queryId).matches(), "not a query id: %s", queryId);
        String base = coordinatorUri.toString();
        URI uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/query/" + queryId + "/killed");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("X-Trino-User", user)
                .header("Content-Type", "text/plain; charset=utf-8")
                .PUT(HttpRequest.BodyPublishers.ofString(message, UTF_8));
        authorization.ifPresent(value -> request.header("Authorization", value));
        HttpResponse<String> response;
        try {
            response = httpClient.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
        }
        catch (IOException e) {
            log.warn("Cannot reach the coordinator %s to cancel query %s: %s", coordinatorUri, queryId, e);
            return Outcome.FAILED;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        }
        return switch (response.statusCode()) {
            case 200, 202, 204 -> Outcome.KILLED;
            case 409 -> Outcome.ALREADY_DONE;
            case 404, 410 -> Outcome.NOT_FOUND;
            case 401 -> {
                log.error("The coordinator %s did not authenticate the user '%s' that cancels query %s for its budget: check %s and %s",
                        coordinatorUri, user, queryId, CancelRunningConfig.USER, CancelRunningConfig.PASSWORD);
                yield Outcome.DENIED;
            }
            case 403 -> {
                log.error("The access control does not allow the user '%s' (%s) to kill query %s of another user, so its budget cannot cancel it: allow '%s' to kill queries",
                        user, CancelRunningConfig.USER, queryId, user);
                yield Outcome.DENIED;
            }
            default -> {
                log.warn("The coordinator %s answered %s to the cancellation of query %s: %s", coordinatorUri, response.statusCode(), queryId, abbreviate(response.body()));
                yield Outcome.FAILED;
            }
        };
    }

    private static String abbreviate(String body)
    {
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }

    @Override
    public void close()
    {
        httpClient.close();
    }

    @Override
    public String toString()
    {
        return "coordinator %s as user '%s'".formatted(coordinatorUri, user);
    }
}
