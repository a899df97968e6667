package dev.lakehouse.tests.connector;

import dev.lakehouse.testing.QueryFailedException;
import dev.lakehouse.testing.TrinoClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statements writing to one table at the same time, on the stock server with two workers: appends commute
 * and all commit; changes of the same rows are serialized, the losers failing with an error that names the
 * table and the snapshot that won, and no change is lost.
 */
final class TestConcurrentWrites
{
    private static final int CLIENTS = 8;

    @RegisterExtension
    static final TrinoClusterExtension CLUSTER = new TrinoClusterExtension(cluster -> cluster
            .withWorkers(2)
            .withCatalog("lakehouse", Map.of(
                    "connector.name", "lakehouse",
                    "lakehouse.warehouse", "${ENV:LAKEHOUSE_CLUSTER_DIR}/warehouse")));

    @BeforeAll
    static void createSchema()
    {
        CLUSTER.cluster().execute("alice", "CREATE SCHEMA lakehouse.concurrent");
    }

    @Test
    void testConcurrentInsertsAllCommit()
            throws Exception
    {
        int batches = 100;
        int rowsPerBatch = 10;
        CLUSTER.cluster().execute("alice", "CREATE TABLE lakehouse.concurrent.events (client integer, batch integer, id bigint)");
        List<Callable<Void>> clients = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            int clientId = client;
            clients.add(() -> {
                for (int batch = 0; batch < batches; batch++) {
                    int batchId = batch;
                    String rows = IntStream.range(0, rowsPerBatch)
                            .mapToObj(row -> "(%s, %s, %s)".formatted(clientId, batchId, ((long) clientId * batches + batchId) * rowsPerBatch + row))
                            .collect(Collectors.joining(", "));
                    CLUSTER.cluster().execute("alice", "INSERT INTO lakehouse.concurrent.events VALUES " + rows);
                }
                return null;
            });
        }
        runAll(clients);

        long expected = (long) CLIENTS * batches * rowsPerBatch;
        assertThat(CLUSTER.cluster().execute("alice", "SELECT count(*), count(DISTINCT id), count(DISTINCT (client, batch)) FROM lakehouse.concurrent.events").rows())
                .containsExactly(List.of(expected, expected, (long) CLIENTS * batches));
        assertThat(CLUSTER.cluster().execute("alice", "SELECT count(*) FROM lakehouse.concurrent.\"events$snapshots\" WHERE operation = 'append'").rows())
                .containsExactly(List.of((long) CLIENTS * batches));
    }

    @Test
    void testConflictingUpdatesLoseNoChange()
            throws Exception
    {
        CLUSTER.cluster().execute("alice", "CREATE TABLE lakehouse.concurrent.counter (id integer, value bigint)");
        CLUSTER.cluster().execute("alice", "INSERT INTO lakehouse.concurrent.counter VALUES (1, 0), (2, 0)");
        int updatesPerClient = 15;
        AtomicInteger committed = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        List<Callable<Void>> clients = new ArrayList<>();
        for (int client = 0; client < 2; client++) {
            clients.add(() -> {
                for (int update = 0; update < updatesPerClient; update++) {
                    try {
                        CLUSTER.cluster().execute("alice", "UPDATE lakehouse.concurrent.counter SET value = value + 1 WHERE id = 1");
                        committed.incrementAndGet();
                    }
                    catch (QueryFailedException e) {
                        synchronized (failures) {
                            failures.add(e.getMessage());
                        }
                    }
                }
                return null;
            });
        }
        runAll(clients);

        // every committed update counted once: none overwrote another's
        assertThat(CLUSTER.cluster().execute("alice", "SELECT id, value FROM lakehouse.concurrent.counter ORDER BY id").rows())
                .containsExactly(List.of(1, (long) committed.get()), List.of(2, 0L));
        assertThat(committed.get()).isPositive();
        // two clients updating one row: some of them meet
        assertThat(failures).isNotEmpty()
                .allSatisfy(message -> assertThat(message).containsPattern(
                        "Failed to commit to table 'concurrent.counter': .* \\(committed since this statement read snapshot \\d+: snapshot \\d+ \\((overwrite|delete)\\)"));
    }

    private static void runAll(List<Callable<Void>> tasks)
            throws Exception
    {
        ExecutorService executor = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<Void>> futures = executor.invokeAll(tasks);
            for (Future<Void> future : futures) {
                future.get();
            }
        }
        finally {
            executor.shutdownNow();
        }
    }
}
