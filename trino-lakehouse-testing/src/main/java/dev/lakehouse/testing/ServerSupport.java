package dev.lakehouse.testing;

import com.google.common.io.MoreFiles;
import io.airlift.log.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * What the servers started for tests have in common: free loopback ports, bounded waits, temporary
 * folders, logs, and the artifacts Maven resolved for them at build time.
 */
final class ServerSupport
{
    static final String LOOPBACK = "127.0.0.1";

    private static final Logger log = Logger.get(ServerSupport.class);

    private static final int START_ATTEMPTS = 3;
    private static final String ARTIFACTS_RESOURCE = "dev/lakehouse/testing/artifacts.properties";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private ServerSupport() {}

    /**
     * A port free on the loopback interface right now. Another process may take it before the
     * server binds it; a server that fails to bind says so in its log.
     */
    static int freePort()
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + LOOPBACK, e);
        }
    }

    /**
     * Starts a server on a free port, trying again on another port when the log says the chosen
     * one was taken between our check and the server's bind.
     *
     * @param start starts the server on the given port and returns once it is ready; throws
     * {@link IllegalStateException} when it did not start
     */
    static StartedServer startOnFreePort(String name, Path logFile, String bindFailure, IntFunction<Process> start)
    {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            try {
                return new StartedServer(start.apply(port), port);
            }
            catch (IllegalStateException e) {
                if (attempt >= START_ATTEMPTS || !logTail(logFile, 40).contains(bindFailure)) {
                    throw e;
                }
                log.warn("%s could not bind port %s; trying another one", name, port);
            }
        }
    }

    record StartedServer(Process process, int port)
    {
        StartedServer
        {
            requireNonNull(process, "process is null");
        }
    }

    /**
     * Polls {@code ready} until it is true; fails as soon as the process has ended, or when the
     * timeout is over, with the end of the server's log in the message.
     */
    static void awaitReady(String name, Process process, Path logFile, Duration timeout, BooleanSupplier ready)
    {
        Instant deadline = Instant.now().plus(timeout);
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("%s exited with code %s while starting; its log %s ends with:%n%s".formatted(
                        name, process.exitValue(), logFile, logTail(logFile, 40)));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("%s did not start within %s; its log %s ends with:%n%s".formatted(
                        name, timeout, logFile, logTail(logFile, 40)));
            }
            try {
                Thread.sleep(POLL_INTERVAL);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name + " to start", e);
            }
        }
    }

    /**
     * The last lines of a log file, for error messages.
     */
    static String logTail(Path logFile, int lines)
    {
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

    static void deleteRecursively(Path directory)
    {
        try {
            if (Files.exists(directory)) {
                MoreFiles.deleteRecursively(directory, ALLOW_INSECURE);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + directory, e);
        }
    }

    /**
     * The {@code java} command of the JDK running the tests, for servers run as separate JVMs.
     */
    static String javaCommand()
    {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * A value Maven wrote into {@value #ARTIFACTS_RESOURCE} when it built this module: the local
     * path of an artifact, or a classpath.
     */
    static String buildArtifact(String key)
    {
        Properties properties = new Properties();
        try (InputStream input = ServerSupport.class.getClassLoader().getResourceAsStream(ARTIFACTS_RESOURCE)) {
            if (input == null) {
                throw new IllegalStateException("Resource %s is missing: build trino-lakehouse-testing with Maven (./mvnw)".formatted(ARTIFACTS_RESOURCE));
            }
            properties.load(input);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read resource " + ARTIFACTS_RESOURCE, e);
        }
        String value = properties.getProperty(key);
        if (value == null || value.isBlank() || value.contains("${")) {
            throw new IllegalStateException("Resource %s has no value for '%s' (found: %s): rebuild trino-lakehouse-testing with Maven (./mvnw)".formatted(ARTIFACTS_RESOURCE, key, value));
        }
        return value;
    }
}
