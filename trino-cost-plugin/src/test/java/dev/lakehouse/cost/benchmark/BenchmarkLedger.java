package dev.lakehouse.cost.benchmark;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.cost.ledger.Ledger;
import dev.lakehouse.cost.ledger.LedgerActivity;
import dev.lakehouse.cost.ledger.LedgerRecord;
import dev.lakehouse.cost.ledger.LedgerWriter;
import dev.lakehouse.cost.ledger.Spool;
import dev.lakehouse.cost.ledger.SqliteConnectionFactory;
import io.airlift.json.JsonCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static dev.lakehouse.cost.ledger.TestingLedgerRecords.record;
import static io.airlift.json.JsonCodec.jsonCodec;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * Records per second the SQLite ledger takes (full synchronization): one transaction per batch of
 * 1, 100 or 1,000 records, and through the whole path (spool, then the ledger writer's batches).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class BenchmarkLedger
{
    private static final int SPOOLED = 1000;

    @Param({"1", "100", "1000"})
    public int batchSize;

    private Path directory;
    private Ledger ledger;
    private long next;

    @Setup(Level.Trial)
    public void setUp()
            throws Exception
    {
        directory = Files.createTempDirectory("benchmark-ledger");
        ledger = new Ledger(new SqliteConnectionFactory(directory.resolve("ledger.sqlite")));
        ledger.initialize();
    }

    @TearDown(Level.Trial)
    public void tearDown()
            throws Exception
    {
        ledger.close();
        deleteRecursively(directory, ALLOW_INSECURE);
    }

    /**
     * Records per second appended in transactions of {@code batchSize}.
     */
    @Benchmark
    @OperationsPerInvocation(1)
    public int appendBatch()
            throws Exception
    {
        ImmutableList.Builder<LedgerRecord> records = ImmutableList.builderWithExpectedSize(batchSize);
        for (int i = 0; i < batchSize; i++) {
            records.add(record("q" + next++, Optional.of("team" + (next % 7)), Instant.now(), 1234));
        }
        return ledger.append(records.build());
    }

    public static void main(String[] args)
            throws Exception
    {
        new Runner(new OptionsBuilder().include(BenchmarkLedger.class.getSimpleName() + ".appendBatch").build()).run();
        new Runner(new OptionsBuilder().include(SpoolToLedger.class.getSimpleName()).build()).run();
    }

    /**
     * Records per second from the spool to the ledger, as the metering listener writes them: 1,000
     * records spooled, then timed until the writer has them all in the ledger.
     */
    @State(Scope.Thread)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(SECONDS)
    @Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
    @Warmup(iterations = 2, time = 3)
    @Measurement(iterations = 5, time = 3)
    public static class SpoolToLedger
    {
        private static final JsonCodec<LedgerRecord> CODEC = jsonCodec(LedgerRecord.class);

        private Path directory;
        private Ledger ledger;
        private Spool spool;
        private long next;

        @Setup(Level.Trial)
        public void setUp()
                throws Exception
        {
            directory = Files.createTempDirectory("benchmark-spool-ledger");
            ledger = new Ledger(new SqliteConnectionFactory(directory.resolve("ledger.sqlite")));
            ledger.initialize();
            spool = new Spool(directory.resolve("spool"), 16 << 20);
        }

        @Setup(Level.Invocation)
        public void spool()
                throws Exception
        {
            List<byte[]> entries = new ArrayList<>(SPOOLED);
            for (int i = 0; i < SPOOLED; i++) {
                entries.add(CODEC.toJsonBytes(record("s" + next++, Optional.of("team"), Instant.now(), 1234)));
            }
            // no writer runs while they are spooled
            for (byte[] entry : entries) {
                spool.append(entry);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown()
                throws Exception
        {
            spool.close();
            ledger.close();
            deleteRecursively(directory, ALLOW_INSECURE);
        }

        @Benchmark
        @OperationsPerInvocation(SPOOLED)
        public boolean writeSpooledRecords()
                throws Exception
        {
            LedgerWriter writer = new LedgerWriter(spool, ledger, new LedgerActivity(), CODEC);
            writer.start();
            boolean drained = writer.awaitDrained(Duration.ofMinutes(1));
            writer.stop(Duration.ZERO);
            return drained;
        }
    }
}
