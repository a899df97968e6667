package dev.lakehouse.tests;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.testing.CliResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/lakehouse} as a new user runs it: start the stock server with our plugins, use it
 * through {@code bin/lakehouse cli}, stop it, and leave nothing running.
 */
final class TestLakehouseCommand
{
    private static Path home;

    @BeforeAll
    static void createHome()
            throws IOException
    {
        home = Path.of(System.getProperty("lakehouse.test.work-dir"), "lakehouse-command-home");
        if (Files.exists(home)) {
            deleteRecursively(home, ALLOW_INSECURE);
        }
        Files.createDirectories(home);
    }

    @AfterAll
    static void stopServer()
    {
        // whatever a test left behind
        lakehouse(Map.of(), "stop");
        serverPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void testStartServesCatalogsToCliAndStopLeavesNothingRunning()
            throws IOException
    {
        int port = freePort();
        CliResult start = lakehouse(Map.of(), "start", "--port", String.valueOf(port));
        assertThat(start.exitCode()).as(start.errorOutput() + start.output()).isZero();
        assertThat(start.output())
                .contains("Trino Lakehouse is running at http://localhost:" + port)
                .contains("jdbc:trino://localhost:%s/lakehouse".formatted(port))
                .contains("bin/lakehouse cli");

        CliResult status = lakehouse(Map.of(), "status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.output()).contains("http://localhost:" + port);

        CliResult catalogs = lakehouse(Map.of(), "cli", "--user", "alice", "--output-format", "CSV_UNQUOTED", "--execute", "SHOW CATALOGS");
        assertThat(catalogs.exitCode()).as(catalogs.errorOutput()).isZero();
        assertThat(catalogs.lines()).contains("lakehouse", "tpch", "system");

        assertThat(Files.readString(home.resolve("log/server.log")))
                .contains("Registering connector lakehouse")
                .contains("Registering system access control lakehouse")
                .contains("Registering resource group configuration manager lakehouse")
                .contains("Registering event listener lakehouse-cost");

        ProcessHandle server = serverPid().flatMap(ProcessHandle::of).orElseThrow();
        assertThat(server.isAlive()).isTrue();

        CliResult stop = lakehouse(Map.of(), "stop");
        assertThat(stop.exitCode()).as(stop.errorOutput()).isZero();
        assertThat(stop.output()).contains("Trino Lakehouse stopped.");
        assertThat(server.isAlive()).isFalse();
        assertThat(lakehouse(Map.of(), "status").exitCode()).isEqualTo(3);
    }

    @Test
    void testTablesWrittenThroughTheCliSurviveARestart()
            throws IOException, InterruptedException
    {
        int port = freePort();
        try {
            CliResult start = lakehouse(Map.of(), "start", "--port", String.valueOf(port));
            assertThat(start.exitCode()).as(start.errorOutput() + start.output()).isZero();
            awaitQueriesRun();

            assertCli("""
                    CREATE SCHEMA lakehouse.sales;
                    CREATE TABLE lakehouse.sales.orders (orderkey bigint, status varchar, total decimal(12, 2)) WITH (partitioning = ARRAY['status']);
                    INSERT INTO lakehouse.sales.orders VALUES (1, 'OPEN', 10.50), (2, 'DONE', 20.25), (3, 'OPEN', 5.00);
                    INSERT INTO lakehouse.sales.orders SELECT orderkey, orderstatus, CAST(totalprice AS decimal(12, 2)) FROM tpch.tiny.orders WHERE orderkey < 100
                    """);
            List<String> before = query("SELECT status, count(*), sum(total) FROM lakehouse.sales.orders GROUP BY status ORDER BY status");
            assertThat(before).contains("\"DONE\",\"1\",\"20.25\"", "\"OPEN\",\"2\",\"15.50\"");

            CliResult stop = lakehouse(Map.of(), "stop");
            assertThat(stop.exitCode()).as(stop.errorOutput()).isZero();
            // the tables and the catalog database are in the data folder
            assertThat(home.resolve("data/warehouse/lakehouse-catalog.sqlite")).exists();

            start = lakehouse(Map.of(), "start", "--port", String.valueOf(port));
            assertThat(start.exitCode()).as(start.errorOutput() + start.output()).isZero();
            awaitQueriesRun();
            assertThat(query("SELECT status, count(*), sum(total) FROM lakehouse.sales.orders GROUP BY status ORDER BY status")).isEqualTo(before);
        }
        finally {
            lakehouse(Map.of(), "stop");
        }
    }

    /**
     * Waits, at most a minute, until the server runs queries. Right after {@code start} returns, the
     * server may answer queries with "No nodes available to run query" for a few seconds, until it
     * counts itself among the active nodes.
     */
    private static void awaitQueriesRun()
            throws InterruptedException
    {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        CliResult result;
        do {
            result = lakehouse(Map.of(), "cli", "--user", "alice", "--execute", "SELECT count(*) FROM tpch.tiny.region");
            if (result.exitCode() == 0) {
                return;
            }
            Thread.sleep(500);
        }
        while (System.nanoTime() < deadline);
        throw new AssertionError("The server does not run queries: " + result.errorOutput());
    }

    private static void assertCli(String sql)
    {
        CliResult result = lakehouse(Map.of(), "cli", "--user", "alice", "--execute", sql);
        assertThat(result.exitCode()).as(sql + ": " + result.errorOutput()).isZero();
    }

    private static List<String> query(String sql)
    {
        CliResult result = lakehouse(Map.of(), "cli", "--user", "alice", "--output-format", "CSV", "--execute", sql);
        assertThat(result.exitCode()).as(sql + ": " + result.errorOutput()).isZero();
        return result.lines();
    }

    @Test
    void testBusyPortGivesClearMessage()
            throws IOException
    {
        try (ServerSocket busy = new ServerSocket(0)) {
            CliResult start = lakehouse(Map.of(), "start", "--port", String.valueOf(busy.getLocalPort()));
            assertThat(start.exitCode()).isEqualTo(1);
            assertThat(start.errorOutput().strip())
                    .isEqualTo("error: port %s is already in use by another program; start on another port with: bin/lakehouse start --port N".formatted(busy.getLocalPort()));
        }
        assertThat(lakehouse(Map.of(), "status").exitCode()).isEqualTo(3);
    }

    @Test
    void testInvalidPortIsRejected()
    {
        CliResult start = lakehouse(Map.of("LAKEHOUSE_PORT", "80800"), "start");
        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.errorOutput().strip()).isEqualTo("error: invalid port '80800': give a number from 1 to 65535");
    }

    private static CliResult lakehouse(Map<String, String> environment, String... arguments)
    {
        Map<String, String> fullEnvironment = new HashMap<>(environment);
        fullEnvironment.put("LAKEHOUSE_HOME", home.toString());
        return RepositoryCommand.run(fullEnvironment, ImmutableList.<String>builder()
                .add("bin/lakehouse")
                .add(arguments)
                .build());
    }

    private static Optional<Long> serverPid()
    {
        Path pidFile = home.resolve("data/var/run/launcher.pid");
        try {
            return Files.exists(pidFile) ? Optional.of(Long.parseLong(Files.readString(pidFile).strip())) : Optional.empty();
        }
        catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int freePort()
            throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
