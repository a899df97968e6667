package dev.lakehouse.testing;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.airlift.log.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.google.common.base.Preconditions.checkState;
import static dev.lakehouse.testing.ServerProcessReaper.StopSignal.TERM;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * One Trino server of a cluster: its own {@code etc/} and data folder, run by the stock launcher
 * ({@code bin/launcher run}) as a separate JVM, with its console output in {@code server.log}.
 */
public final class TrinoServerProcess
        implements AutoCloseable
{
    private static final Logger log = Logger.get(TrinoServerProcess.class);
    private static final Duration GRACEFUL_STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Path serverHome;
    private final Path nodeDirectory;
    private final int httpPort;
    private final Map<String, String> environment;
    private Process process;

    TrinoServerProcess(String name, Path serverHome, Path nodeDirectory, int httpPort, Map<String, String> environment)
    {
        this.name = requireNonNull(name, "name is null");
        this.serverHome = requireNonNull(serverHome, "serverHome is null");
        this.nodeDirectory = requireNonNull(nodeDirectory, "nodeDirectory is null");
        this.httpPort = httpPort;
        this.environment = ImmutableMap.copyOf(requireNonNull(environment, "environment is null"));
    }

    public String name()
    {
        return name;
    }

    public int httpPort()
    {
        return httpPort;
    }

    public URI httpUri()
    {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    public Path etcDirectory()
    {
        return nodeDirectory.resolve("etc");
    }

    public Path dataDirectory()
    {
        return nodeDirectory.resolve("data");
    }

    public Path logFile()
    {
        return nodeDirectory.resolve("server.log");
    }

    public synchronized boolean isRunning()
    {
        return process != null && process.isAlive();
    }

    /**
     * Starts the server process; it answers requests only once {@link #isReady} says so.
     */
    public synchronized void start()
    {
        checkState(!isRunning(), "Server %s is already running", name);
        try {
            Files.createDirectories(dataDirectory());
            List<String> command = ImmutableList.of(
                    serverHome.resolve("bin/launcher").toString(),
                    "run",
                    "--etc-dir=" + etcDirectory(),
                    "--data-dir=" + dataDirectory());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(nodeDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().putAll(environment);
            process = ServerProcessReaper.start(builder, TERM);
            log.info("Started Trino server %s on port %s (pid %s), log %s", name, httpPort, process.pid(), logFile());
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot start Trino server " + name, e);
        }
    }

    /**
     * True once the server answers and has finished starting.
     */
    public boolean isReady(HttpClient client)
    {
        HttpRequest request = HttpRequest.newBuilder(httpUri().resolve("/v1/info"))
                .timeout(Duration.ofSeconds(5))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"starting\":false");
        }
        catch (IOException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    /**
     * Stops the server gracefully (SIGTERM), killing it if it has not ended within 30 seconds.
     */
    public synchronized void stop()
    {
        if (process == null) {
            return;
        }
        try {
            ServerProcessReaper.stop(process, "Trino server " + name, GRACEFUL_STOP_TIMEOUT);
        }
        finally {
            process = null;
        }
    }

    /**
     * Kills the server at once (SIGKILL), as a crash or an OOM killer would.
     */
    public synchronized void kill()
    {
        if (process == null) {
            return;
        }
        try {
            ServerProcessReaper.kill(process);
            process.waitFor(GRACEFUL_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finally {
            ServerProcessReaper.unregister(process);
            process = null;
        }
    }

    /**
     * The last lines of the server's log.
     */
    public String logTail(int lines)
    {
        Path logFile = logFile();
        if (!Files.exists(logFile)) {
            return "(no log written)";
        }
        try {
            // lenient decoding: a log is worth showing even with a broken character in it
            List<String> all = new String(Files.readAllBytes(logFile), UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
        catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    @Override
    public void close()
    {
        stop();
    }

    @Override
    public String toString()
    {
        return name + " (port " + httpPort + ")";
    }
}
