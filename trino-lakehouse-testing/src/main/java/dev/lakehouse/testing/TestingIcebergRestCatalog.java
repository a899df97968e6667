package dev.lakehouse.testing;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.testing.ServerSupport.StartedServer;
import io.airlift.log.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

import java.io.File;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkState;
import static dev.lakehouse.testing.ServerProcessReaper.StopSignal.TERM;
import static dev.lakehouse.testing.ServerSupport.LOOPBACK;
import static dev.lakehouse.testing.ServerSupport.awaitReady;
import static dev.lakehouse.testing.ServerSupport.buildArtifact;
import static dev.lakehouse.testing.ServerSupport.deleteRecursively;
import static dev.lakehouse.testing.ServerSupport.javaCommand;
import static dev.lakehouse.testing.ServerSupport.startOnFreePort;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Apache Iceberg's own REST catalog server ({@code org.apache.iceberg.rest.RESTCatalogServer}
 * from the {@code test-fixtures} jar of {@code org.apache.iceberg:iceberg-open-api}, at Trino's
 * Iceberg version), run as a separate JVM on a free port. Behind it, an Iceberg JDBC catalog on a
 * SQLite file, and a warehouse in a local folder ({@link #TestingIcebergRestCatalog()}) or in a
 * bucket of a {@link TestingS3Server} ({@link #onS3(TestingS3Server, String)}); all in a
 * temporary folder. Ready when the constructor returns; {@link #close()} stops it and deletes its
 * folder, and it also stops when the test JVM ends, however it ends.
 *
 * <p>Clients reach it at {@link #uri()}, without authentication. Iceberg's server listens on all
 * interfaces (it offers no setting for the address); use 127.0.0.1.
 */
public final class TestingIcebergRestCatalog
        implements AutoCloseable
{
    private static final Logger log = Logger.get(TestingIcebergRestCatalog.class);

    private static final String MAIN_CLASS = "org.apache.iceberg.rest.RESTCatalogServer";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Path directory;
    private final Path logFile;
    private final String warehouse;
    private final int port;
    private Process process;

    /**
     * A catalog whose warehouse is a folder of the local file system.
     */
    public TestingIcebergRestCatalog()
    {
        this(Optional.empty());
    }

    /**
     * A catalog whose warehouse is {@code s3://<bucket>/warehouse} on the given server; the bucket
     * must exist ({@link TestingS3Server#createBucket}).
     */
    public static TestingIcebergRestCatalog onS3(TestingS3Server s3, String bucket)
    {
        requireNonNull(s3, "s3 is null");
        requireNonNull(bucket, "bucket is null");
        try (S3Client client = s3.createClient()) {
            client.headBucket(request -> request.bucket(bucket));
        }
        catch (NoSuchBucketException e) {
            throw new IllegalArgumentException("Bucket '%s' does not exist on %s: create it first (createBucket)".formatted(bucket, s3), e);
        }
        return new TestingIcebergRestCatalog(Optional.of(new S3Warehouse(s3, bucket)));
    }

    private TestingIcebergRestCatalog(Optional<S3Warehouse> s3Warehouse)
    {
        String classpath = buildArtifact("iceberg-rest.classpath");
        for (String entry : classpath.split(File.pathSeparator)) {
            checkState(Files.exists(Path.of(entry)), "Iceberg REST catalog classpath entry %s does not exist: build trino-lakehouse-testing with Maven (./mvnw), which downloads it", entry);
        }
        try {
            directory = Files.createTempDirectory("lakehouse-iceberg-rest-");
            Files.createDirectory(directory.resolve("tmp"));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary folder for the Iceberg REST catalog", e);
        }
        logFile = directory.resolve("iceberg-rest.log");
        try {
            Map<String, String> catalogProperties;
            if (s3Warehouse.isEmpty()) {
                Path warehouseDirectory = directory.resolve("warehouse");
                Files.createDirectory(warehouseDirectory);
                warehouse = warehouseDirectory.toUri().toString().replaceFirst("/$", "");
                catalogProperties = ImmutableMap.of();
            }
            else {
                warehouse = "s3://%s/warehouse".formatted(s3Warehouse.get().bucket());
                catalogProperties = s3FileIoProperties(s3Warehouse.get().server());
            }
            StartedServer started = startOnFreePort("Iceberg REST catalog", logFile, "BindException", candidatePort -> start(classpath, catalogProperties, candidatePort));
            process = started.process();
            port = started.port();
            log.info("Started Iceberg REST catalog at %s (pid %s), warehouse %s, in %s", uri(), process.pid(), warehouse, directory);
        }
        catch (IOException e) {
            close();
            throw new UncheckedIOException("Cannot prepare " + directory, e);
        }
        catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The catalog's URL, for REST clients ({@code iceberg.rest-catalog.uri} in Trino).
     */
    public URI uri()
    {
        return URI.create("http://%s:%s".formatted(LOOPBACK, port));
    }

    /**
     * Where the catalog puts new namespaces and tables: a {@code file:///...} folder or an
     * {@code s3://<bucket>/warehouse} prefix.
     */
    public String warehouse()
    {
        return warehouse;
    }

    /**
     * The operating system process of the server (the watchdog that runs it), to check that it ended.
     */
    public ProcessHandle process()
    {
        checkState(process != null, "Iceberg REST catalog is not running");
        return process.toHandle();
    }

    @Override
    public synchronized void close()
    {
        try {
            if (process != null) {
                ServerProcessReaper.stop(process, "Iceberg REST catalog at " + uri(), STOP_TIMEOUT);
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
        return "Iceberg REST catalog at " + uri();
    }

    private Process start(String classpath, Map<String, String> catalogProperties, int port)
    {
        // the classpath has a hundred jars: too long for a readable command line
        Path argumentFile = directory.resolve("java.args");
        try {
            Files.writeString(argumentFile, "-cp \"%s\"\n".formatted(classpath), UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + argumentFile, e);
        }
        List<String> command = ImmutableList.<String>builder()
                .add(javaCommand())
                // a small, quickly started JVM: the tests, not the catalog, should use the CPU
                .add("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
                // SQLite's driver loads its native library, and unpacks it into java.io.tmpdir
                .add("--enable-native-access=ALL-UNNAMED")
                .add("-Djava.io.tmpdir=" + directory.resolve("tmp"))
                .add("@" + argumentFile)
                .add(MAIN_CLASS)
                .build();
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        // the server reads its catalog properties from CATALOG_* variables: CATALOG_A__B_C is a-b.c
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("CATALOG_"));
        environment.put("CATALOG_REST_PORT", String.valueOf(port));
        environment.put("CATALOG_CATALOG__IMPL", "org.apache.iceberg.jdbc.JdbcCatalog");
        environment.put("CATALOG_URI", "jdbc:sqlite:" + directory.resolve("catalog.db"));
        environment.put("CATALOG_WAREHOUSE", warehouse);
        // the catalog table layout with the iceberg_type column: without it, Iceberg's JDBC catalog has no views
        environment.put("CATALOG_JDBC_SCHEMA__VERSION", "V1");
        catalogProperties.forEach((name, value) -> environment.put("CATALOG_" + name.replace("-", "__").replace(".", "_").toUpperCase(Locale.ROOT), value));

        Process started;
        try {
            started = ServerProcessReaper.start(builder, TERM);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
        String name = "Iceberg REST catalog on port " + port;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            awaitReady(name, started, logFile, START_TIMEOUT, () -> answers(client, port));
        }
        catch (RuntimeException e) {
            ServerProcessReaper.stop(started, name, STOP_TIMEOUT);
            throw e;
        }
        finally {
            client.close();
        }
        return started;
    }

    private static Map<String, String> s3FileIoProperties(TestingS3Server s3)
    {
        return ImmutableMap.<String, String>builder()
                .put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
                .put("s3.endpoint", s3.endpoint().toString())
                .put("s3.path-style-access", "true")
                .put("s3.access-key-id", s3.accessKey())
                .put("s3.secret-access-key", s3.secretKey())
                .put("client.region", s3.region())
                // the server's classpath has the AWS SDK's URL connection client, not the Apache one
                .put("http-client.type", "urlconnection")
                .buildOrThrow();
    }

    private static boolean answers(HttpClient client, int port)
    {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://%s:%s/v1/config".formatted(LOOPBACK, port)))
                .timeout(Duration.ofSeconds(2))
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        }
        catch (IOException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Iceberg REST catalog to start", e);
        }
    }

    private record S3Warehouse(TestingS3Server server, String bucket)
    {
        S3Warehouse
        {
            requireNonNull(server, "server is null");
            requireNonNull(bucket, "bucket is null");
        }
    }
}
