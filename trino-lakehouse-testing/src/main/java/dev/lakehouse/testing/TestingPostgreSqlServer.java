package dev.lakehouse.testing;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.testing.ServerSupport.StartedServer;
import io.airlift.log.Logger;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static dev.lakehouse.testing.ServerProcessReaper.StopSignal.INT;
import static dev.lakehouse.testing.ServerProcessReaper.StopSignal.TERM;
import static dev.lakehouse.testing.ServerSupport.LOOPBACK;
import static dev.lakehouse.testing.ServerSupport.awaitReady;
import static dev.lakehouse.testing.ServerSupport.deleteRecursively;
import static dev.lakehouse.testing.ServerSupport.logTail;
import static dev.lakehouse.testing.ServerSupport.startOnFreePort;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * A real PostgreSQL server, run from this machine's PostgreSQL binaries ({@code initdb} and
 * {@code postgres}) in a temporary folder, listening on a free port of 127.0.0.1, with password
 * authentication. Tuned for tests, not for durability: fsync, synchronous commit and full-page
 * writes are off. Ready when the constructor returns; {@link #close()} stops it and deletes its
 * folder, and it also stops when the test JVM ends, however it ends.
 *
 * <p>PostgreSQL refuses to run as root: when the tests run as root, the server runs as the OS user
 * {@code postgres} (which the Debian and RPM packages create), and its folder belongs to that user.
 */
public final class TestingPostgreSqlServer
        implements AutoCloseable
{
    private static final Logger log = Logger.get(TestingPostgreSqlServer.class);

    private static final String USER = "lakehouse";
    private static final String PASSWORD = "lakehouse-test-password";
    private static final String DEFAULT_DATABASE = "postgres";
    private static final String SERVER_OS_USER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Path directory;
    private final Path logFile;
    private final int port;
    private Process process;

    public TestingPostgreSqlServer()
    {
        Path binDirectory = findBinDirectory();
        try {
            directory = Files.createTempDirectory("lakehouse-postgresql-");
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary folder for PostgreSQL", e);
        }
        logFile = directory.resolve("postgresql.log");
        try {
            List<String> runAs = runAsCommandPrefix(directory);
            initializeDataDirectory(binDirectory, runAs);
            StartedServer started = startOnFreePort("PostgreSQL", logFile, "could not bind", candidatePort -> startServer(binDirectory, runAs, candidatePort));
            process = started.process();
            port = started.port();
            log.info("Started PostgreSQL on %s:%s (pid %s) in %s", LOOPBACK, port, process.pid(), directory);
        }
        catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public String host()
    {
        return LOOPBACK;
    }

    public int port()
    {
        return port;
    }

    /**
     * The name of the superuser the tests connect as.
     */
    public String user()
    {
        return USER;
    }

    public String password()
    {
        return PASSWORD;
    }

    /**
     * The JDBC URL of the server's default database ({@code postgres}), without credentials:
     * connect with {@link #user()} and {@link #password()}.
     */
    public String jdbcUrl()
    {
        return jdbcUrl(DEFAULT_DATABASE);
    }

    /**
     * The JDBC URL of a database of this server, without credentials.
     */
    public String jdbcUrl(String database)
    {
        checkDatabaseName(database);
        return "jdbc:postgresql://%s:%s/%s".formatted(LOOPBACK, port, database);
    }

    /**
     * Creates a database owned by {@link #user()} and returns its JDBC URL (without credentials).
     *
     * @param name a lower-case SQL identifier: letters, digits and underscores
     */
    public String createDatabase(String name)
    {
        checkDatabaseName(name);
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot create database '%s' on PostgreSQL at %s: %s".formatted(name, jdbcUrl(), e.getMessage()), e);
        }
        return jdbcUrl(name);
    }

    /**
     * A new connection to the default database, as {@link #user()}.
     */
    public Connection connect()
            throws SQLException
    {
        return connect(jdbcUrl());
    }

    /**
     * A new connection to the database of the given JDBC URL (one of {@link #jdbcUrl(String)}), as
     * {@link #user()}.
     */
    public Connection connect(String jdbcUrl)
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    /**
     * The operating system process of the server (the watchdog that runs it), to check that it ended.
     */
    public ProcessHandle process()
    {
        checkState(process != null, "PostgreSQL is not running");
        return process.toHandle();
    }

    @Override
    public synchronized void close()
    {
        try {
            if (process != null) {
                ServerProcessReaper.stop(process, "PostgreSQL at %s:%s".formatted(LOOPBACK, port), STOP_TIMEOUT);
                process = null;
            }
        }
        finally {
            deleteRecursively(directory);
        }
    }

    @Override
    public String toString()
    {
        return "PostgreSQL at %s:%s".formatted(LOOPBACK, port);
    }

    private void initializeDataDirectory(Path binDirectory, List<String> runAs)
    {
        Path passwordFile = directory.resolve("password");
        try {
            Files.writeString(passwordFile, PASSWORD + "\n", UTF_8);
            giveToServerUser(runAs, passwordFile);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + passwordFile, e);
        }
        List<String> command = ImmutableList.<String>builder()
                .addAll(runAs)
                .add(binDirectory.resolve("initdb").toString())
                .add("--pgdata=" + directory.resolve("data"))
                .add("--username=" + USER)
                .add("--pwfile=" + passwordFile)
                .add("--auth=scram-sha-256")
                .add("--encoding=UTF8")
                .add("--locale=C")
                // the data is thrown away with the test: no need to wait for the disk
                .add("--no-sync")
                .build();
        try {
            Process initdb = ServerProcessReaper.start(newProcessBuilder(command), TERM);
            try {
                if (!initdb.waitFor(INITDB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("PostgreSQL initdb did not finish within %s; its output %s ends with:%n%s".formatted(INITDB_TIMEOUT, logFile, logTail(logFile, 40)));
                }
                if (initdb.exitValue() != 0) {
                    throw new IllegalStateException("PostgreSQL initdb failed with exit code %s (%s); its output ends with:%n%s".formatted(initdb.exitValue(), String.join(" ", command), logTail(logFile, 40)));
                }
            }
            finally {
                ServerProcessReaper.stop(initdb, "PostgreSQL initdb", STOP_TIMEOUT);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running PostgreSQL initdb", e);
        }
    }

    private Process startServer(Path binDirectory, List<String> runAs, int port)
    {
        List<String> command = ImmutableList.<String>builder()
                .addAll(runAs)
                .add(binDirectory.resolve("postgres").toString())
                .add("-D", directory.resolve("data").toString())
                .add("-c", "listen_addresses=" + LOOPBACK)
                .add("-c", "port=" + port)
                .add("-c", "unix_socket_directories=" + directory)
                // speed over durability: the data dies with the test
                .add("-c", "fsync=off")
                .add("-c", "synchronous_commit=off")
                .add("-c", "full_page_writes=off")
                // a small footprint on a machine shared with Trino clusters, and room for their connection pools
                .add("-c", "shared_buffers=32MB")
                .add("-c", "max_connections=200")
                .add("-c", "timezone=UTC")
                .build();
        Process started;
        try {
            started = ServerProcessReaper.start(newProcessBuilder(command), INT);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
        String name = "PostgreSQL on port " + port;
        try {
            awaitReady(name, started, logFile, START_TIMEOUT, () -> acceptsConnections(port));
        }
        catch (RuntimeException e) {
            ServerProcessReaper.stop(started, name, STOP_TIMEOUT);
            throw e;
        }
        return started;
    }

    private static boolean acceptsConnections(int port)
    {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("connectTimeout", "2");
        try (Connection _ = DriverManager.getConnection("jdbc:postgresql://%s:%s/%s".formatted(LOOPBACK, port, DEFAULT_DATABASE), properties)) {
            return true;
        }
        catch (SQLException e) {
            return false;
        }
    }

    private ProcessBuilder newProcessBuilder(List<String> command)
    {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        // settings of a PostgreSQL installation on this machine must not leak into the test server
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        builder.environment().put("LC_ALL", "C");
        return builder;
    }

    /**
     * What runs a command as the user the server runs as: nothing when the tests do not run as root;
     * otherwise {@code setpriv} to the {@code postgres} user, which then owns the folder.
     */
    private static List<String> runAsCommandPrefix(Path directory)
    {
        try {
            if (((Number) Files.getAttribute(directory, "unix:uid")).intValue() != 0) {
                return ImmutableList.of();
            }
            UserPrincipal serverUser;
            try {
                serverUser = directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVER_OS_USER);
            }
            catch (UserPrincipalNotFoundException e) {
                throw new IllegalStateException(("The tests run as root, which PostgreSQL refuses to run as, and there is no OS user '%s' to run it as: " +
                        "install PostgreSQL from the system's packages (apt-get install postgresql), which creates that user, or run the tests as another user").formatted(SERVER_OS_USER), e);
            }
            Path setpriv = findExecutable("setpriv").orElseThrow(() -> new IllegalStateException(
                    "The tests run as root and PostgreSQL must run as the user '%s', but setpriv is not installed: install util-linux".formatted(SERVER_OS_USER)));
            Files.setOwner(directory, serverUser);
            return ImmutableList.of(setpriv.toString(), "--reuid=" + SERVER_OS_USER, "--regid=" + SERVER_OS_USER, "--init-groups", "--");
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + directory + " for the PostgreSQL server user", e);
        }
    }

    private static void giveToServerUser(List<String> runAs, Path file)
            throws IOException
    {
        if (!runAs.isEmpty()) {
            Files.setOwner(file, file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVER_OS_USER));
        }
    }

    private static void checkDatabaseName(String name)
    {
        requireNonNull(name, "name is null");
        checkArgument(DATABASE_NAME.matcher(name).matches(), "Invalid database name '%s': use lower-case letters, digits and underscores, starting with a letter or underscore", name);
    }

    /**
     * The folder of the PostgreSQL server programs: the one {@code pg_config --bindir} names, the
     * one of {@code initdb} on the PATH, or the newest {@code /usr/lib/postgresql/<version>/bin}.
     */
    private static Path findBinDirectory()
    {
        List<Path> candidates = new ArrayList<>();
        findExecutable("pg_config").flatMap(TestingPostgreSqlServer::pgConfigBinDirectory).ifPresent(candidates::add);
        findExecutable("initdb").map(TestingPostgreSqlServer::realParent).ifPresent(candidates::add);
        Path debianRoot = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debianRoot)) {
            try (Stream<Path> versions = Files.list(debianRoot)) {
                versions.filter(version -> version.getFileName().toString().matches("\\d+"))
                        .sorted(Comparator.comparing((Path version) -> Integer.parseInt(version.getFileName().toString())).reversed())
                        .map(version -> version.resolve("bin"))
                        .forEach(candidates::add);
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + debianRoot, e);
            }
        }
        return candidates.stream()
                .filter(directory -> Files.isExecutable(directory.resolve("initdb")) && Files.isExecutable(directory.resolve("postgres")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(("Cannot find the PostgreSQL server programs initdb and postgres (looked in: %s; pg_config --bindir, the PATH and /usr/lib/postgresql/*/bin). " +
                        "Install the PostgreSQL server: apt-get install postgresql (Debian, Ubuntu) or dnf install postgresql-server (Fedora, RHEL)").formatted(candidates)));
    }

    private static Optional<Path> pgConfigBinDirectory(Path pgConfig)
    {
        try {
            Process process = new ProcessBuilder(pgConfig.toString(), "--bindir")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0 || output.isEmpty()) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(Path.of(output));
        }
        catch (IOException e) {
            return Optional.empty();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running pg_config", e);
        }
    }

    private static Path realParent(Path executable)
    {
        try {
            return executable.toRealPath().getParent();
        }
        catch (IOException e) {
            return executable.getParent();
        }
    }

    private static Optional<Path> findExecutable(String name)
    {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        List<String> directories = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        // setpriv and runuser live in sbin, which a non-login PATH may lack
        directories.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        return directories.stream()
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
