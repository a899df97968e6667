package dev.lakehouse.tests.connector;

import com.google.common.collect.Sets;
import dev.lakehouse.testing.QueryResult;
import dev.lakehouse.testing.TrinoCluster;
import dev.lakehouse.testing.TrinoClusterExtension;
import dev.lakehouse.testing.TrinoServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static com.google.common.collect.MoreCollectors.onlyElement;
import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes on the stock server with {@code retry-policy=TASK} and the file system exchange manager it ships:
 * a worker killed while an {@code INSERT} or a {@code MERGE} runs makes Trino run its tasks again on the
 * other worker; the statement succeeds, the table holds exactly the rows it should, none twice, and no
 * file of the killed attempts is left beside the committed ones. The same with {@code retry_policy = 'QUERY'}
 * for a session, where the whole statement runs again.
 */
final class TestFaultTolerantWrites
{
    private static final Path EXCHANGE = createExchangeDirectory();

    @RegisterExtension
    static final TrinoClusterExtension CLUSTER = new TrinoClusterExtension(cluster -> cluster
            .withWorkers(2)
            .withNodeProperty("retry-policy", "TASK")
            // a killed worker's tasks fail after 10 seconds without an answer rather than the default minute
            .withCoordinatorProperty("query.remote-task.max-error-duration", "10s")
            .withEtcFile("exchange-manager.properties", """
                    exchange-manager.name=filesystem
                    exchange.base-directories=%s
                    """.formatted(EXCHANGE))
            .withCatalog("lakehouse", Map.of(
                    "connector.name", "lakehouse",
                    "lakehouse.warehouse", "${ENV:LAKEHOUSE_CLUSTER_DIR}/warehouse"))
            .withCatalog("tpch", Map.of("connector.name", "tpch")));

    private static final String ORDERS_FINGERPRINT = """
            SELECT count(*), count(DISTINCT orderkey), sum(orderkey), sum(custkey), sum(CAST(totalprice AS decimal(20, 2))), to_hex(checksum(comment))
            FROM %s
            """;

    @BeforeAll
    static void createSchema()
    {
        CLUSTER.cluster().execute("alice", "CREATE SCHEMA lakehouse.ft");
        // The sources are lakehouse tables: splits of the tpch connector can run only on the node they were made for,
        // so a task reading them cannot be retried on another worker.
        CLUSTER.cluster().execute("alice", "CREATE TABLE lakehouse.ft.orders AS SELECT orderkey, custkey, orderstatus, totalprice, comment FROM tpch.sf1.orders");
    }

    @AfterAll
    static void deleteExchangeDirectory()
            throws IOException
    {
        deleteRecursively(EXCHANGE, ALLOW_INSECURE);
    }

    @Test
    void testInsertSurvivesAKilledWorker()
            throws Exception
    {
        CLUSTER.cluster().execute("alice", "CREATE TABLE lakehouse.ft.orders_insert (LIKE lakehouse.ft.orders) WITH (partitioning = ARRAY['orderstatus'])");
        QueryResult insert = runWhileKillingAWorker("orders_insert", () -> CLUSTER.cluster().execute("alice", "INSERT INTO lakehouse.ft.orders_insert SELECT * FROM lakehouse.ft.orders")).result();

        assertTasksFailed(insert);
        assertThat(fingerprint("lakehouse.ft.orders_insert")).isEqualTo(fingerprint("lakehouse.ft.orders"));
        assertOnlyCommittedFilesLeft("orders_insert", insert.queryId());
    }

    /**
     * With {@code retry_policy = 'QUERY'} the whole statement runs again after the worker dies: none of the files
     * the first attempt wrote may be committed, and all of them are deleted.
     */
    @Test
    void testInsertWithQueryRetriesSurvivesAKilledWorker()
            throws Exception
    {
        CLUSTER.cluster().execute("alice", "CREATE TABLE lakehouse.ft.orders_query_retry (LIKE lakehouse.ft.orders) WITH (partitioning = ARRAY['orderstatus'])");
        KilledRun insert;
        try (Connection connection = CLUSTER.cluster().connect("alice")) {
            TrinoCluster.execute(connection, "SET SESSION retry_policy = 'QUERY'");
            insert = runWhileKillingAWorker("orders_query_retry", () -> {
                try {
                    return TrinoCluster.execute(connection, "INSERT INTO lakehouse.ft.orders_query_retry SELECT * FROM lakehouse.ft.orders");
                }
                catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            });
        }

        assertThat(fingerprint("lakehouse.ft.orders_query_retry")).isEqualTo(fingerprint("lakehouse.ft.orders"));
        assertThat(insert.writtenWhenKilled()).isNotEmpty();
        assertThat(insert.writtenWhenKilled()).as("files of the attempt that lost its worker").allSatisfy(file -> assertThat(file).doesNotExist());
        assertOnlyCommittedFilesLeft("orders_query_retry", insert.result().queryId());
    }

    @Test
    void testMergeSurvivesAKilledWorker()
            throws Exception
    {
        CLUSTER.cluster().execute("alice", "CREATE TABLE lakehouse.ft.orders_merge AS SELECT * FROM lakehouse.ft.orders WHERE orderkey % 2 = 0");
        // every odd order is new, every even order whose key ends in 4 is updated, in 8 deleted
        QueryResult merge = runWhileKillingAWorker("orders_merge", () -> CLUSTER.cluster().execute("alice", """
                MERGE INTO lakehouse.ft.orders_merge t USING lakehouse.ft.orders s
                ON t.orderkey = s.orderkey
                WHEN MATCHED AND s.orderkey % 10 = 8 THEN DELETE
                WHEN MATCHED AND s.orderkey % 10 = 4 THEN UPDATE SET totalprice = s.totalprice + 1, comment = 'updated'
                WHEN NOT MATCHED THEN INSERT VALUES (s.orderkey, s.custkey, s.orderstatus, s.totalprice, 'inserted')
                """)).result();

        assertTasksFailed(merge);

        String fingerprint = "SELECT count(*), count(DISTINCT orderkey), sum(orderkey), sum(CAST(totalprice AS decimal(20, 2))), count_if(comment = 'updated'), count_if(comment = 'inserted') FROM %s";
        String expected = """
                (SELECT orderkey,
                        CASE WHEN orderkey % 10 = 4 THEN totalprice + 1 ELSE totalprice END AS totalprice,
                        CASE WHEN orderkey % 2 = 1 THEN 'inserted' WHEN orderkey % 10 = 4 THEN 'updated' ELSE comment END AS comment
                 FROM lakehouse.ft.orders WHERE orderkey % 10 <> 8)
                """;
        assertThat(CLUSTER.cluster().execute("alice", fingerprint.formatted("lakehouse.ft.orders_merge")).rows())
                .isEqualTo(CLUSTER.cluster().execute("alice", fingerprint.formatted(expected)).rows());
        assertOnlyCommittedFilesLeft("orders_merge", merge.queryId());
    }

    /**
     * Runs the statement and kills a worker as soon as the statement writes its first file into the table
     * (when the writers run, so that the killed attempts leave files behind). A worker killed by an earlier
     * test is started first.
     */
    private static KilledRun runWhileKillingAWorker(String table, Supplier<QueryResult> statement)
            throws Exception
    {
        startKilledWorkers();
        TrinoServerProcess worker = CLUSTER.cluster().workers().getFirst();
        Path dataFolder = dataFolder(table);
        Set<Path> before = parquetFiles(dataFolder);
        CompletableFuture<QueryResult> running = CompletableFuture.supplyAsync(statement);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        Set<Path> written = Set.of();
        while (written.isEmpty()) {
            assertThat(running).as("the statement is still running before it writes a file").isNotDone();
            assertThat(System.nanoTime()).as("the statement writes a file within 5 minutes").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(20);
            written = Sets.difference(parquetFiles(dataFolder), before).immutableCopy();
        }
        worker.kill();
        return new KilledRun(running.get(10, TimeUnit.MINUTES), written);
    }

    private record KilledRun(QueryResult result, Set<Path> writtenWhenKilled) {}

    private static void assertTasksFailed(QueryResult result)
    {
        int failedTasks = CLUSTER.cluster().queryDetails("alice", result.queryId()).json().path("queryStats").path("failedTasks").asInt();
        assertThat(failedTasks).as("tasks of the statement that failed with the killed worker").isPositive();
    }

    private static void startKilledWorkers()
    {
        List<TrinoServerProcess> killed = CLUSTER.cluster().workers().stream()
                .filter(worker -> !worker.isRunning())
                .toList();
        if (!killed.isEmpty()) {
            killed.forEach(TrinoServerProcess::start);
            CLUSTER.cluster().awaitReady();
        }
    }

    private static Path dataFolder(String table)
    {
        try (Stream<Path> tables = Files.list(CLUSTER.cluster().directory().resolve("warehouse/ft"))) {
            return tables.filter(folder -> folder.getFileName().toString().startsWith(table + "-"))
                    .collect(onlyElement())
                    .resolve("data");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<Path> parquetFiles(Path folder)
    {
        if (!Files.exists(folder)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.toString().endsWith(".parquet")).collect(toImmutableSet());
        }
        catch (IOException | UncheckedIOException e) {
            // a writer renamed or deleted a file while the folder was listed: list again on the next round
            return Set.of();
        }
    }

    private static List<List<Object>> fingerprint(String table)
    {
        return CLUSTER.cluster().execute("alice", ORDERS_FINGERPRINT.formatted(table)).rows();
    }

    /**
     * The Parquet files (data and delete files) the statement's attempts wrote to the table's folder are those it committed:
     * none of the attempts that lost is left.
     */
    private static void assertOnlyCommittedFilesLeft(String table, String queryId)
    {
        List<String> committed = CLUSTER.cluster().execute("alice", "SELECT file_path FROM lakehouse.ft.\"%s$files\"".formatted(table)).rows().stream()
                .map(row -> (String) row.getFirst())
                .filter(path -> path.substring(path.lastIndexOf('/') + 1).startsWith(queryId + "-"))
                .toList();
        assertThat(committed).isNotEmpty();
        try (Stream<Path> files = Files.walk(dataFolder(table))) {
            List<String> written = files
                    .filter(file -> file.getFileName().toString().startsWith(queryId + "-") && file.toString().endsWith(".parquet"))
                    .map(file -> "file://" + file)
                    .toList();
            assertThat(written).containsExactlyInAnyOrderElementsOf(committed);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createExchangeDirectory()
    {
        try {
            return Files.createTempDirectory("lakehouse-exchange");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
