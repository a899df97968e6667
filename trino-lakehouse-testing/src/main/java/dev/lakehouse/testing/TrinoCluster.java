package dev.lakehouse.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.airlift.log.Logger;
import io.trino.jdbc.TrinoStatement;
import org.intellij.lang.annotations.Language;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * A stock Trino server run as a real cluster on this machine: one coordinator and a number of
 * workers, each its own JVM started by Trino's launcher with its own {@code etc/} and data folder,
 * on loopback ports chosen free at start. Tests reach it only as users do: through the Trino JDBC
 * driver, the Trino CLI run as a process, and the coordinator's REST API for query statistics.
 *
 * <p>All nodes get the same catalogs, plugins and {@code etc/} files. The environment variable
 * {@code LAKEHOUSE_CLUSTER_DIR} names the cluster's folder in every server, so configuration can
 * place shared data there ({@code ${ENV:LAKEHOUSE_CLUSTER_DIR}/warehouse}).
 */
public final class TrinoCluster
        implements AutoCloseable
{
    private static final Logger log = Logger.get(TrinoCluster.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger CLUSTER_SEQUENCE = new AtomicInteger();

    private final TrinoDistribution distribution;
    private final Path directory;
    private final TrinoServerProcess coordinator;
    private final List<TrinoServerProcess> workers;
    private final HttpClient httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TrinoCluster(TrinoDistribution distribution, Path directory, TrinoServerProcess coordinator, List<TrinoServerProcess> workers)
    {
        this.distribution = requireNonNull(distribution, "distribution is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.coordinator = requireNonNull(coordinator, "coordinator is null");
        this.workers = ImmutableList.copyOf(requireNonNull(workers, "workers is null"));
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * The folder holding every node's {@code etc/}, data and log, and the shared plugin folder.
     */
    public Path directory()
    {
        return directory;
    }

    public TrinoServerProcess coordinator()
    {
        return coordinator;
    }

    public List<TrinoServerProcess> workers()
    {
        return workers;
    }

    public List<TrinoServerProcess> nodes()
    {
        return ImmutableList.<TrinoServerProcess>builder().add(coordinator).addAll(workers).build();
    }

    public URI httpUri()
    {
        return coordinator.httpUri();
    }

    public String jdbcUrl()
    {
        return "jdbc:trino://127.0.0.1:" + coordinator.httpPort();
    }

    /**
     * A new JDBC connection as the given user, with no catalog or schema set.
     */
    public Connection connect(String user)
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    /**
     * Runs one statement through JDBC as the given user and returns its rows and statistics.
     *
     * @throws QueryFailedException when Trino rejects the statement or it fails
     */
    public QueryResult execute(String user, @Language("SQL") String sql)
    {
        try (Connection connection = connect(user)) {
            return execute(connection, sql);
        }
        catch (SQLException e) {
            throw new QueryFailedException(user, sql, e);
        }
    }

    /**
     * Runs one statement on an open JDBC connection, so session state (catalog, schema, session
     * properties set with {@code SET SESSION}) carries over between statements.
     */
    public static QueryResult execute(Connection connection, @Language("SQL") String sql)
            throws SQLException
    {
        try (Statement statement = connection.createStatement()) {
            AtomicReference<io.trino.jdbc.QueryStats> finalStats = new AtomicReference<>();
            statement.unwrap(TrinoStatement.class).setProgressMonitor(finalStats::set);
            List<String> columnNames = new ArrayList<>();
            List<List<Object>> rows = new ArrayList<>();
            long updateCount = -1;
            if (statement.execute(sql)) {
                try (ResultSet resultSet = statement.getResultSet()) {
                    ResultSetMetaData metadata = resultSet.getMetaData();
                    for (int column = 1; column <= metadata.getColumnCount(); column++) {
                        columnNames.add(metadata.getColumnName(column));
                    }
                    while (resultSet.next()) {
                        List<Object> row = new ArrayList<>(columnNames.size());
                        for (int column = 1; column <= columnNames.size(); column++) {
                            row.add(resultSet.getObject(column));
                        }
                        rows.add(row);
                    }
                }
            }
            else {
                updateCount = statement.getLargeUpdateCount();
            }
            io.trino.jdbc.QueryStats stats = finalStats.get();
            checkState(stats != null, "Trino reported no statistics for: %s", sql);
            return new QueryResult(stats.getQueryId(), columnNames, rows, updateCount, ClientQueryStatistics.from(stats));
        }
    }

    /**
     * Runs the Trino CLI against the coordinator as the given user, with further CLI arguments
     * (for example {@code --execute}, {@code --output-format}, {@code --catalog}).
     */
    public CliResult cli(String user, String... arguments)
    {
        List<String> command = ImmutableList.<String>builder()
                .add(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .add("--enable-native-access=ALL-UNNAMED")
                .add("-Dorg.jline.terminal.dumb=true")
                .add("-jar", distribution.cliJar().toString())
                .add("--server", httpUri().toString())
                .add("--user", user)
                .add(arguments)
                .build();
        try {
            Path output = Files.createTempFile(directory, "cli-", ".out");
            Path errorOutput = Files.createTempFile(directory, "cli-", ".err");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(output.toFile())
                    .redirectError(errorOutput.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            try {
                if (!process.waitFor(CLI_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("Trino CLI did not finish within %s: %s".formatted(CLI_TIMEOUT, command));
                }
            }
            catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new RuntimeException(e);
            }
            CliResult result = new CliResult(process.exitValue(), Files.readString(output, UTF_8), Files.readString(errorOutput, UTF_8));
            Files.delete(output);
            Files.delete(errorOutput);
            return result;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot run the Trino CLI", e);
        }
    }

    /**
     * Runs SQL through the Trino CLI as the given user and returns the printed rows as CSV
     * without quotes or header; fails when the CLI reports an error.
     */
    public List<String> cliExecute(String user, @Language("SQL") String sql)
    {
        CliResult result = cli(user, "--output-format", "CSV_UNQUOTED", "--execute", sql);
        checkState(result.succeeded(), "Trino CLI failed (exit %s) for user %s: %s%s", result.exitCode(), user, result.errorOutput(), result.output());
        return result.lines();
    }

    /**
     * The coordinator's full record of a query, once it is final (all statistics collected).
     * Asked as {@code user}, since Trino shows a query only to whoever may see it.
     */
    public QueryDetails queryDetails(String user, String queryId)
    {
        AtomicReference<QueryDetails> details = new AtomicReference<>();
        waitFor(Duration.ofSeconds(30), "final statistics of query " + queryId, () -> {
            details.set(fetchQueryDetails(user, queryId));
            return details.get().isFinal();
        });
        return details.get();
    }

    private QueryDetails fetchQueryDetails(String user, String queryId)
    {
        HttpRequest request = HttpRequest.newBuilder(httpUri().resolve("/v1/query/" + queryId))
                .header("X-Trino-User", user)
                .timeout(Duration.ofSeconds(30))
                .build();
        try {
            HttpResponse<String> response = httpClient.send(request, HttpResponse.BodyHandlers.ofString());
            checkState(response.statusCode() == 200, "GET /v1/query/%s as %s answered %s: %s", queryId, user, response.statusCode(), response.body());
            return new QueryDetails(JSON.readTree(response.body()));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    /**
     * Stops the coordinator and starts it again with the same configuration and data; returns once
     * the whole cluster (workers included) is active again.
     */
    public void restartCoordinator()
    {
        coordinator.stop();
        coordinator.start();
        awaitReady();
    }

    /**
     * The last lines of every node's log, headed by the node's name: what a failing test shows.
     */
    public String logsTail(int linesPerNode)
    {
        StringBuilder logs = new StringBuilder();
        for (TrinoServerProcess node : nodes()) {
            logs.append("===== ").append(node).append(": last ").append(linesPerNode).append(" lines of ").append(node.logFile()).append(" =====\n");
            logs.append(node.logTail(linesPerNode)).append('\n');
        }
        return logs.toString();
    }

    @Override
    public void close()
    {
        // stop in parallel: each node may take seconds to shut down gracefully
        List<CompletableFuture<Void>> stops = nodes().stream()
                .map(node -> CompletableFuture.runAsync(node::stop))
                .toList();
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        log.info("Stopped Trino cluster in %s", directory);
    }

    private void start()
    {
        nodes().forEach(TrinoServerProcess::start);
        try {
            awaitReady();
        }
        catch (RuntimeException e) {
            String logs = logsTail(80);
            close();
            throw new IllegalStateException("Trino cluster did not start: %s%n%s".formatted(e.getMessage(), logs), e);
        }
    }

    /**
     * Returns once every node has started and the coordinator counts all of them as active, such as
     * after a test started a worker it had stopped.
     */
    public void awaitReady()
    {
        waitFor(START_TIMEOUT, "all nodes to start", () -> {
            for (TrinoServerProcess node : nodes()) {
                checkState(node.isRunning(), "Trino server %s exited during start", node);
            }
            return nodes().stream().allMatch(node -> node.isReady(httpClient));
        });
        int expectedNodes = 1 + workers.size();
        waitFor(START_TIMEOUT, "%s active nodes".formatted(expectedNodes), () -> {
            Object active = execute("lakehouse-test-harness", "SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'").onlyValue();
            return ((Number) active).intValue() == expectedNodes;
        });
    }

    private static void waitFor(Duration timeout, String what, BooleanSupplier condition)
    {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Timed out after %s waiting for %s".formatted(timeout, what));
            }
            try {
                Thread.sleep(250);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeException(e);
            }
        }
    }

    public static final class Builder
    {
        private TrinoDistribution distribution;
        private int workers = 2;
        private String heapSize = "2G";
        private final Map<String, Map<String, String>> catalogs = new LinkedHashMap<>();
        private final Set<String> extraPlugins = new java.util.LinkedHashSet<>();
        private final Map<String, String> coordinatorProperties = new LinkedHashMap<>();
        private final Map<String, String> nodeProperties = new LinkedHashMap<>();
        private final Map<String, String> etcFiles = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path baseDirectory;
        private String name = "cluster";

        private Builder() {}

        public Builder withDistribution(TrinoDistribution distribution)
        {
            this.distribution = requireNonNull(distribution, "distribution is null");
            return this;
        }

        /**
         * A short name for the cluster's folder, such as the test class's name.
         */
        public Builder withName(String name)
        {
            checkArgument(name.matches("[A-Za-z0-9._-]+"), "Cluster name must be a plain folder name: %s", name);
            this.name = name;
            return this;
        }

        public Builder withWorkers(int workers)
        {
            checkArgument(workers >= 0, "workers is negative");
            this.workers = workers;
            return this;
        }

        /**
         * The maximum heap of every node, as the JVM's {@code -Xmx} takes it (default {@code 2G}).
         */
        public Builder withHeapSize(String heapSize)
        {
            checkArgument(heapSize.matches("[0-9]+[kKmMgG]"), "Not a JVM heap size: %s", heapSize);
            this.heapSize = heapSize;
            return this;
        }

        /**
         * A catalog on every node: {@code etc/catalog/<name>.properties} with these properties.
         */
        public Builder withCatalog(String name, Map<String, String> properties)
        {
            checkArgument(name.matches("[a-z0-9_]+"), "Not a catalog name: %s", name);
            checkArgument(properties.containsKey("connector.name"), "Catalog %s has no connector.name", name);
            catalogs.put(name, ImmutableMap.copyOf(properties));
            return this;
        }

        /**
         * Adds a plugin that is not installed in the server, from the distribution's extra plugins
         * (such as {@code iceberg}). The installed ones (ours, tpch and Trino's built-in ones) are
         * always present.
         */
        public Builder withExtraPlugin(String name)
        {
            extraPlugins.add(requireNonNull(name, "name is null"));
            return this;
        }

        /**
         * A property of the coordinator's {@code config.properties}.
         */
        public Builder withCoordinatorProperty(String name, String value)
        {
            coordinatorProperties.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
            return this;
        }

        /**
         * A property of every node's {@code config.properties}.
         */
        public Builder withNodeProperty(String name, String value)
        {
            nodeProperties.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
            return this;
        }

        /**
         * A file in every node's {@code etc/}, such as {@code access-control.properties}; a
         * relative path, whose folders are created.
         */
        public Builder withEtcFile(String relativePath, String content)
        {
            checkArgument(!Path.of(relativePath).isAbsolute() && !relativePath.contains(".."), "Not a relative path inside etc/: %s", relativePath);
            etcFiles.put(relativePath, requireNonNull(content, "content is null"));
            return this;
        }

        /**
         * An environment variable of every server process, for {@code ${ENV:NAME}} in configuration.
         */
        public Builder withEnvironment(String name, String value)
        {
            environment.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
            return this;
        }

        /**
         * Where cluster folders are created (default: the {@code lakehouse.test.work-dir} system
         * property, else the temporary folder).
         */
        public Builder withBaseDirectory(Path baseDirectory)
        {
            this.baseDirectory = requireNonNull(baseDirectory, "baseDirectory is null");
            return this;
        }

        /**
         * Lays out and starts the cluster; returns when every node is active.
         */
        public TrinoCluster start()
        {
            TrinoDistribution distribution = this.distribution != null ? this.distribution : TrinoDistribution.fromSystemProperties();
            try {
                Path base = baseDirectory != null ? baseDirectory : Path.of(System.getProperty("lakehouse.test.work-dir", System.getProperty("java.io.tmpdir")));
                String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
                Path directory = Files.createDirectories(base.resolve("%s-%s-%s".formatted(name, stamp, CLUSTER_SEQUENCE.incrementAndGet())));
                Path pluginDirectory = createPluginDirectory(distribution, directory);

                int coordinatorPort = freePort();
                Map<String, String> serverEnvironment = ImmutableMap.<String, String>builder()
                        .putAll(environment)
                        .put("LAKEHOUSE_CLUSTER_DIR", directory.toString())
                        .put("LAKEHOUSE_COORDINATOR_URI", "http://127.0.0.1:" + coordinatorPort)
                        .buildKeepingLast();

                TrinoServerProcess coordinator = layOutNode(distribution, directory, pluginDirectory, "coordinator", coordinatorPort, coordinatorPort, true, serverEnvironment);
                ImmutableList.Builder<TrinoServerProcess> workerNodes = ImmutableList.builder();
                for (int worker = 1; worker <= workers; worker++) {
                    workerNodes.add(layOutNode(distribution, directory, pluginDirectory, "worker-" + worker, freePort(), coordinatorPort, false, serverEnvironment));
                }
                TrinoCluster cluster = new TrinoCluster(distribution, directory, coordinator, workerNodes.build());
                log.info("Starting Trino cluster with %s workers in %s", workers, directory);
                cluster.start();
                return cluster;
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot lay out the Trino cluster", e);
            }
        }

        private Path createPluginDirectory(TrinoDistribution distribution, Path directory)
                throws IOException
        {
            Path pluginDirectory = Files.createDirectories(directory.resolve("plugin"));
            for (String plugin : distribution.installedPlugins()) {
                Files.createSymbolicLink(pluginDirectory.resolve(plugin), distribution.serverHome().resolve("plugin").resolve(plugin));
            }
            for (String plugin : ImmutableSet.copyOf(extraPlugins)) {
                checkArgument(!distribution.installedPlugins().contains(plugin), "Plugin %s is installed in the server already", plugin);
                Files.createSymbolicLink(pluginDirectory.resolve(plugin), distribution.extraPlugin(plugin));
            }
            return pluginDirectory;
        }

        private TrinoServerProcess layOutNode(
                TrinoDistribution distribution,
                Path clusterDirectory,
                Path pluginDirectory,
                String nodeName,
                int httpPort,
                int coordinatorPort,
                boolean isCoordinator,
                Map<String, String> serverEnvironment)
                throws IOException
        {
            Path nodeDirectory = Files.createDirectories(clusterDirectory.resolve(nodeName));
            Path etc = Files.createDirectories(nodeDirectory.resolve("etc"));
            Path catalogDirectory = Files.createDirectories(etc.resolve("catalog"));

            Map<String, String> config = new LinkedHashMap<>();
            config.put("coordinator", String.valueOf(isCoordinator));
            if (isCoordinator) {
                // a real cluster: the workers do the work
                config.put("node-scheduler.include-coordinator", "false");
                // Trino's heartbeat failure detector starts watching a new worker up to 5 s after the
                // worker became active, and counts it failed for its first 5 s of watching: a test
                // that starts right after all nodes were reported active could find no worker. On
                // loopback, discovery alone tells which workers are there.
                config.put("failure-detector.enabled", "false");
            }
            config.put("http-server.http.port", String.valueOf(httpPort));
            config.put("discovery.uri", "http://127.0.0.1:" + coordinatorPort);
            config.put("plugin.dir", pluginDirectory.toString());
            config.put("catalog.config-dir", catalogDirectory.toString());
            config.putAll(nodeProperties);
            if (isCoordinator) {
                config.putAll(coordinatorProperties);
            }
            writeProperties(etc.resolve("config.properties"), config);

            writeProperties(etc.resolve("node.properties"), ImmutableMap.of(
                    "node.environment", "test",
                    "node.id", nodeName,
                    "node.internal-address", "127.0.0.1"));

            Files.writeString(etc.resolve("jvm.config"), String.join("\n",
                    "-server",
                    "-Xmx" + heapSize,
                    "-XX:G1HeapRegionSize=32M",
                    "-XX:+ExplicitGCInvokesConcurrent",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-XX:-OmitStackTraceInFastThrow",
                    "-XX:ReservedCodeCacheSize=256M",
                    "-Djdk.attach.allowAttachSelf=true",
                    "-Dfile.encoding=UTF-8",
                    "-XX:+EnableDynamicAgentLoading",
                    "--enable-native-access=ALL-UNNAMED",
                    "--sun-misc-unsafe-memory-access=allow",
                    ""), UTF_8);
            Files.writeString(etc.resolve("log.properties"), "io.trino=INFO\n", UTF_8);

            for (Map.Entry<String, Map<String, String>> catalog : catalogs.entrySet()) {
                writeProperties(catalogDirectory.resolve(catalog.getKey() + ".properties"), catalog.getValue());
            }
            for (Map.Entry<String, String> file : etcFiles.entrySet()) {
                Path path = etc.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue(), UTF_8);
            }
            return new TrinoServerProcess(nodeName, distribution.serverHome(), nodeDirectory, httpPort, serverEnvironment);
        }

        private static void writeProperties(Path file, Map<String, String> properties)
                throws IOException
        {
            StringBuilder content = new StringBuilder();
            // a properties file reads a backslash as an escape
            properties.forEach((name, value) -> content.append(name).append('=').append(value.replace("\\", "\\\\")).append('\n'));
            Files.writeString(file, content.toString(), UTF_8);
        }

        private static int freePort()
                throws IOException
        {
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                return socket.getLocalPort();
            }
        }
    }
}
