package dev.lakehouse.cost.budget;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;

import java.net.URI;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How the metering listener cancels the running queries of a team whose budget says so
 * ({@code "cancelRunning": true} on a block threshold): through the coordinator's REST API, as a
 * user the access control allows to kill other users' queries.
 */
public class CancelRunningConfig
{
    public static final String COORDINATOR_URI = "cost.budgets.cancel-running.coordinator-uri";
    public static final String USER = "cost.budgets.cancel-running.user";
    public static final String PASSWORD = "cost.budgets.cancel-running.password";

    private URI coordinatorUri;
    private String user;
    private String password;

    public Optional<URI> getCoordinatorUri()
    {
        return Optional.ofNullable(coordinatorUri);
    }

    @Config(COORDINATOR_URI)
    @ConfigDescription("The coordinator's HTTP(S) URI, to which cancellations of running queries by a budget are sent")
    public CancelRunningConfig setCoordinatorUri(URI coordinatorUri)
    {
        this.coordinatorUri = coordinatorUri;
        return this;
    }

    public Optional<String> getUser()
    {
        return Optional.ofNullable(user);
    }

    @Config(USER)
    @ConfigDescription("The user that cancels a team's running queries; the access control must allow it to kill other users' queries")
    public CancelRunningConfig setUser(String user)
    {
        this.user = user;
        return this;
    }

    public Optional<String> getPassword()
    {
        return Optional.ofNullable(password);
    }

    @Config(PASSWORD)
    @ConfigDescription("The user's password, when the coordinator authenticates users by password (HTTPS only)")
    @ConfigSecuritySensitive
    public CancelRunningConfig setPassword(String password)
    {
        this.password = password;
        return this;
    }

    /**
     * True when budgets can cancel running queries: the coordinator and the user are configured.
     */
    public boolean isConfigured()
    {
        return coordinatorUri != null;
    }

    /**
     * Checks the properties together.
     *
     * @throws IllegalArgumentException naming the property that is wrong or missing
     */
    public void validate()
    {
        if (coordinatorUri == null) {
            checkArgument(user == null && password == null, "%s is required with %s", COORDINATOR_URI, user != null ? USER : PASSWORD);
            return;
        }
        checkArgument("http".equals(coordinatorUri.getScheme()) || "https".equals(coordinatorUri.getScheme()),
                "%s must be the http or https URI of the coordinator, not '%s'", COORDINATOR_URI, coordinatorUri);
        checkArgument(coordinatorUri.getHost() != null, "%s '%s' has no host", COORDINATOR_URI, coordinatorUri);
        checkArgument(coordinatorUri.getRawQuery() == null && coordinatorUri.getRawFragment() == null, "%s '%s' must not have a query or fragment", COORDINATOR_URI, coordinatorUri);
        checkArgument(user != null && !user.isBlank(), "%s is required with %s: the user that cancels queries", USER, COORDINATOR_URI);
        checkArgument(password == null || "https".equals(coordinatorUri.getScheme()), "%s needs an https %s: Trino accepts passwords only over HTTPS", PASSWORD, COORDINATOR_URI);
    }
}
