package dev.lakehouse.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.util.function.UnaryOperator;

import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

/**
 * Runs a {@link TrinoCluster} for the tests of one class: started before the first test, stopped
 * after the last, and the end of every server's log attached to each failing test's output (as a
 * suppressed exception, so it shows in the failure report next to the assertion).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TrinoClusterExtension CLUSTER = new TrinoClusterExtension(builder -> builder
 *         .withCatalog("tpch", Map.of("connector.name", "tpch")));
 * }</pre>
 */
public final class TrinoClusterExtension
        implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler
{
    private static final int LOG_LINES_PER_NODE = 150;

    private final UnaryOperator<TrinoCluster.Builder> configuration;
    private TrinoCluster cluster;

    public TrinoClusterExtension(UnaryOperator<TrinoCluster.Builder> configuration)
    {
        this.configuration = requireNonNull(configuration, "configuration is null");
    }

    public TrinoCluster cluster()
    {
        checkState(cluster != null, "The Trino cluster is not running (it starts before the first test of the class)");
        return cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context)
    {
        String name = context.getRequiredTestClass().getSimpleName();
        cluster = configuration.apply(TrinoCluster.builder().withName(name)).start();
    }

    @Override
    public void afterAll(ExtensionContext context)
    {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable
    {
        throw withServerLogs(throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable
    {
        throw withServerLogs(throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable
    {
        throw withServerLogs(throwable);
    }

    private Throwable withServerLogs(Throwable throwable)
    {
        if (cluster != null) {
            String logs = cluster.logsTail(LOG_LINES_PER_NODE);
            System.err.println(logs);
            throwable.addSuppressed(new ServerLogs(logs));
        }
        return throwable;
    }

    /**
     * The servers' logs at the moment a test failed.
     */
    public static final class ServerLogs
            extends RuntimeException
    {
        ServerLogs(String logs)
        {
            super("Trino server logs at the failure:\n" + logs, null, false, false);
        }
    }
}
