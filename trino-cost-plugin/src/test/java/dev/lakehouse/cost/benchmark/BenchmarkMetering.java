package dev.lakehouse.cost.benchmark;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.cost.CostServices;
import dev.lakehouse.cost.budget.BudgetPolicy;
import dev.lakehouse.cost.ledger.LedgerRecord;
import dev.lakehouse.cost.ledger.Spool;
import dev.lakehouse.cost.metering.QueryRecords;
import dev.lakehouse.cost.pricing.CostModel;
import io.airlift.json.JsonCodec;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static dev.lakehouse.cost.metering.TestingQueryEvents.completedEvent;
import static dev.lakehouse.cost.metering.TestingQueryEvents.input;
import static io.airlift.json.JsonCodec.jsonCodec;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.MICROSECONDS;

/**
 * What metering costs per completed query, on the thread Trino reports the completion on: pricing
 * and attribution alone, and the whole of it (record, JSON, append to the spool file), from one
 * thread and from eight threads completing queries at the same time. For comparison, an append that
 * also waits for the disk ({@code fsync}), which the ledger writer does on its own thread, once for
 * all records appended meanwhile.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BenchmarkMetering
{
    private static final JsonCodec<LedgerRecord> CODEC = jsonCodec(LedgerRecord.class);

    private final AtomicLong queries = new AtomicLong();
    private Path directory;
    private QueryRecords records;
    private Spool spool;
    private QueryCompletedEvent event;

    @Setup(Level.Trial)
    public void setUp()
            throws Exception
    {
        directory = Files.createTempDirectory("benchmark-metering");
        BudgetPolicy policy = BudgetPolicy.parse("""
                {"teams": [
                  {"name": "etl", "user": "etl_.*"},
                  {"name": "marketing", "clientTags": ["marketing"]},
                  {"name": "analytics", "resourceGroup": "global.analytics", "budget": {"amount": 100, "period": "day"}}
                ]}
                """.getBytes(UTF_8));
        records = new QueryRecords(new CostModel(new BigDecimal("5"), new BigDecimal("0.05"), new BigDecimal("0.01"), new BigDecimal("10")), () -> policy, new CostServices());
        spool = new Spool(directory.resolve("spool"), 64 << 20);
        event = completedEvent("20250630_120000_00001_abcde", "alice", ImmutableSet.of("dashboard"), Optional.of("global.analytics.alice"),
                12_345, 987_654_321, 1.5e12, 0,
                ImmutableList.of(input("iceberg", "sales", "orders", OptionalLong.of(500_000_000)), input("iceberg", "sales", "customers", OptionalLong.of(487_654_321))),
                Optional.empty(), Instant.now());
    }

    @TearDown(Level.Trial)
    public void tearDown()
            throws Exception
    {
        spool.close();
        deleteRecursively(directory, ALLOW_INSECURE);
    }

    @Benchmark
    public LedgerRecord priceAndAttribute()
    {
        return records.toRecord(event);
    }

    @Benchmark
    @Threads(1)
    public void meterOneThread()
            throws Exception
    {
        meter();
    }

    @Benchmark
    @Threads(8)
    public void meterEightThreads()
            throws Exception
    {
        meter();
    }

    @Benchmark
    @Threads(1)
    public void meterAndWaitForDisk()
            throws Exception
    {
        meter();
        spool.sync();
    }

    private void meter()
            throws Exception
    {
        LedgerRecord record = records.toRecord(event);
        spool.append(CODEC.toJsonBytes(record));
        queries.incrementAndGet();
    }

    public static void main(String[] args)
            throws Exception
    {
        new Runner(new OptionsBuilder().include(BenchmarkMetering.class.getSimpleName()).build()).run();
    }
}
