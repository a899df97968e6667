package dev.lakehouse.testing;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.testing.ServerSupport.StartedServer;
import io.airlift.log.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

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
import java.util.regex.Pattern;

import static com.google.common.base.Preconditions.checkArgument;
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
 * A real S3-compatible object store: <a href="https://github.com/gaul/s3proxy">S3Proxy</a> from
 * Maven Central, run as a separate JVM ({@code java -jar}, so its Jetty never meets Trino's on a
 * test classpath), storing objects as files in a temporary folder, on a free port of 127.0.0.1.
 * Clients use path-style requests, AWS signature version 2 or 4, the fixed credentials of
 * {@link #accessKey()} and {@link #secretKey()}, and any region ({@link #region()} is a good one).
 * Ready when the constructor returns; {@link #close()} stops it and deletes its objects, and it
 * also stops when the test JVM ends, however it ends.
 */
public final class TestingS3Server
        implements AutoCloseable
{
    private static final Logger log = Logger.get(TestingS3Server.class);

    private static final String ACCESS_KEY = "lakehouse-access-key";
    private static final String SECRET_KEY = "lakehouse-secret-key";
    private static final String REGION = "us-east-1";
    // S3's rules for bucket names (without the rarely used dots, which path-style requests do not need)
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Path directory;
    private final Path logFile;
    private final int port;
    private Process process;

    public TestingS3Server()
    {
        Path jar = Path.of(buildArtifact("s3proxy.jar"));
        checkState(Files.isRegularFile(jar), "S3Proxy jar %s does not exist: build trino-lakehouse-testing with Maven (./mvnw), which downloads it", jar);
        try {
            directory = Files.createTempDirectory("lakehouse-s3-");
            Files.createDirectory(directory.resolve("data"));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary folder for the S3 server", e);
        }
        logFile = directory.resolve("s3proxy.log");
        try {
            StartedServer started = startOnFreePort("S3Proxy", logFile, "BindException", candidatePort -> start(jar, candidatePort));
            process = started.process();
            port = started.port();
            log.info("Started S3Proxy at %s (pid %s) in %s", endpoint(), process.pid(), directory);
        }
        catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The server's URL, for clients that use path-style requests ({@code s3.endpoint} with
     * {@code s3.path-style-access=true} in Trino).
     */
    public URI endpoint()
    {
        return URI.create("http://%s:%s".formatted(LOOPBACK, port));
    }

    public String accessKey()
    {
        return ACCESS_KEY;
    }

    public String secretKey()
    {
        return SECRET_KEY;
    }

    /**
     * The region clients sign their requests for; the server accepts any.
     */
    public String region()
    {
        return REGION;
    }

    /**
     * Creates a bucket and returns its name.
     *
     * @param name an S3 bucket name: 3 to 63 lower-case letters, digits and dashes
     */
    public String createBucket(String name)
    {
        requireNonNull(name, "name is null");
        checkArgument(BUCKET_NAME.matcher(name).matches(), "Invalid bucket name '%s': use 3 to 63 lower-case letters, digits and dashes, starting and ending with a letter or digit", name);
        try (S3Client client = createClient()) {
            client.createBucket(request -> request.bucket(name));
        }
        return name;
    }

    /**
     * A new S3 client of this server (AWS SDK v2), to look at or change what the tests wrote;
     * the caller closes it.
     */
    public S3Client createClient()
    {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * The operating system process of the server (the watchdog that runs it), to check that it ended.
     */
    public ProcessHandle process()
    {
        checkState(process != null, "S3 server is not running");
        return process.toHandle();
    }

    @Override
    public synchronized void close()
    {
        try {
            if (process != null) {
                ServerProcessReaper.stop(process, "S3Proxy at " + endpoint(), STOP_TIMEOUT);
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
        return "S3Proxy at " + endpoint();
    }

    private Process start(Path jar, int port)
    {
        Path properties = directory.resolve("s3proxy.properties");
        try {
            Files.writeString(properties, """
                    s3proxy.endpoint=http://%s:%s
                    s3proxy.authorization=aws-v2-or-v4
                    s3proxy.identity=%s
                    s3proxy.credential=%s
                    jclouds.provider=filesystem-nio2
                    jclouds.filesystem.basedir=%s
                    """.formatted(LOOPBACK, port, ACCESS_KEY, SECRET_KEY, directory.resolve("data")), UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + properties, e);
        }
        List<String> command = ImmutableList.<String>builder()
                .add(javaCommand())
                // a small, quickly started JVM: the tests, not the object store, should use the CPU
                .add("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
                .add("-jar", jar.toString())
                .add("--properties", properties.toString())
                .build();
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put("LOG_LEVEL", "warn");
        Process started;
        try {
            started = ServerProcessReaper.start(builder, TERM);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
        String name = "S3Proxy on port " + port;
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

    // any HTTP answer (an anonymous request gets 403) means the server is up
    private static boolean answers(HttpClient client, int port)
    {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://%s:%s/".formatted(LOOPBACK, port)))
                .timeout(Duration.ofSeconds(2))
                .build();
        try {
            client.send(request, HttpResponse.BodyHandlers.discarding());
            return true;
        }
        catch (IOException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for S3Proxy to start", e);
        }
    }
}
