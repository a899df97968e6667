package dev.lakehouse.cost.benchmark;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.cost.CostServices;
import dev.lakehouse.cost.ledger.Ledger;
import dev.lakehouse.cost.ledger.LedgerActivity;
import dev.lakehouse.cost.ledger.LedgerRecord;
import dev.lakehouse.cost.ledger.SqliteConnectionFactory;
import dev.lakehouse.cost.resourcegroups.BudgetResourceGroupConfigurationManagerFactory;
import io.trino.plugin.resourcegroups.FileResourceGroupConfigurationManagerFactory;
import io.trino.spi.memory.ClusterMemoryPoolManager;
import io.trino.spi.resourcegroups.ResourceGroupConfigurationManager;
import io.trino.spi.resourcegroups.ResourceGroupConfigurationManagerContext;
import io.trino.spi.resourcegroups.SelectionCriteria;
import io.trino.spi.session.ResourceEstimates;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static dev.lakehouse.cost.ledger.TestingLedgerRecords.record;
import static java.util.concurrent.TimeUnit.MICROSECONDS;

/**
 * What resource group selection with budgets costs per query, against Trino's own file-based
 * manager on the same file: with budgets whose state is current (the usual case), and right after
 * this server's metering wrote to the ledger (the check then reads the new records first).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BenchmarkResourceGroupSelection
{
    private static final String RESOURCE_GROUPS = """
            {
              "rootGroups": [{"name": "global", "softMemoryLimit": "100%", "hardConcurrencyLimit": 100, "maxQueued": 1000,
                "subGroups": [
                  {"name": "etl", "softMemoryLimit": "50%", "hardConcurrencyLimit": 10, "maxQueued": 100},
                  {"name": "marketing", "softMemoryLimit": "50%", "hardConcurrencyLimit": 10, "maxQueued": 100},
                  {"name": "low", "softMemoryLimit": "10%", "hardConcurrencyLimit": 1, "maxQueued": 100},
                  {"name": "analytics", "softMemoryLimit": "50%", "hardConcurrencyLimit": 10, "maxQueued": 100,
                   "subGroups": [{"name": "${USER}", "softMemoryLimit": "10%", "hardConcurrencyLimit": 2, "maxQueued": 10}]}
                ]}],
              "selectors": [
                {"user": "etl_.*", "source": "airflow", "group": "global.etl"},
                {"clientTags": ["marketing"], "group": "global.marketing"},
                {"userGroup": "analysts", "group": "global.analytics.${USER}"}
              ]
            }
            """;
    private static final String BUDGETS = """
            {"teams": [
              {"name": "etl", "resourceGroup": "global.etl", "budget": {"amount": 1000000, "period": "month", "thresholds": [{"percent": 100, "action": "block"}]}},
              {"name": "marketing", "clientTags": ["marketing"], "budget": {"amount": 1000000, "period": "day",
                "thresholds": [{"percent": 80, "action": "notify"}, {"percent": 100, "action": "throttle", "resourceGroup": "global.low"}]}},
              {"name": "analytics", "resourceGroup": "global.analytics", "budget": {"amount": 1000000, "period": "week", "thresholds": [{"percent": 100, "action": "block"}]}}
            ]}
            """;

    private Path directory;
    private ResourceGroupConfigurationManager<?> trinoFileManager;
    private ResourceGroupConfigurationManager<?> budgetManager;
    private LedgerActivity activity;
    private Ledger writer;
    private final SelectionCriteria criteria = new SelectionCriteria(
            true, "alice", ImmutableSet.of("analysts", "staff"), "alice", Optional.empty(), Optional.of("superset"), ImmutableSet.of("dashboard"),
            new ResourceEstimates(Optional.empty(), Optional.empty(), Optional.empty()), Optional.of("SELECT"));

    @Setup(Level.Trial)
    public void setUp()
            throws Exception
    {
        directory = Files.createTempDirectory("benchmark-resource-groups");
        Path resourceGroups = Files.writeString(directory.resolve("resource-groups.json"), RESOURCE_GROUPS);
        Path budgets = Files.writeString(directory.resolve("budgets.json"), BUDGETS);
        Path ledgerFile = directory.resolve("ledger.sqlite");

        // a ledger with 100,000 records of the period, as a busy month leaves it
        writer = new Ledger(new SqliteConnectionFactory(ledgerFile));
        writer.initialize();
        Instant now = Instant.now();
        for (int batch = 0; batch < 100; batch++) {
            ImmutableList.Builder<LedgerRecord> records = ImmutableList.builder();
            for (int i = 0; i < 1000; i++) {
                String team = switch (i % 3) {
                    case 0 -> "etl";
                    case 1 -> "marketing";
                    default -> "analytics";
                };
                records.add(record("q" + batch + "_" + i, Optional.of(team), now.minusSeconds(i), 10));
            }
            writer.append(records.build());
        }

        ClusterMemoryPoolManager memoryPoolManager = _ -> {};
        ResourceGroupConfigurationManagerContext context = new ResourceGroupConfigurationManagerContext()
        {
            @Override
            public ClusterMemoryPoolManager getMemoryPoolManager()
            {
                return memoryPoolManager;
            }
        };
        trinoFileManager = new FileResourceGroupConfigurationManagerFactory().create(ImmutableMap.of("resource-groups.config-file", resourceGroups.toString()), context);
        CostServices services = new CostServices();
        Map<String, String> properties = ImmutableMap.of(
                "resource-groups.config-file", resourceGroups.toString(),
                "cost.budgets.config-file", budgets.toString(),
                "cost.ledger.sqlite.path", ledgerFile.toString());
        budgetManager = new BudgetResourceGroupConfigurationManagerFactory(services, Clock.systemUTC()).create(properties, context);
        activity = services.ledgerActivity(writer.identity());
    }

    @TearDown(Level.Trial)
    public void tearDown()
            throws Exception
    {
        trinoFileManager.shutdown();
        budgetManager.shutdown();
        writer.close();
        deleteRecursively(directory, ALLOW_INSECURE);
    }

    @Benchmark
    public Object trinoFileManager()
    {
        return trinoFileManager.match(criteria);
    }

    @Benchmark
    public Object budgetManager()
    {
        return budgetManager.match(criteria);
    }

    @Benchmark
    public Object budgetManagerAfterLedgerWrite(LedgerWrite write)
    {
        return budgetManager.match(criteria);
    }

    /**
     * One new record committed by this server's metering before each selection (not measured):
     * the selection then reads the ledger for it.
     */
    @State(Scope.Thread)
    public static class LedgerWrite
    {
        private long writes;

        @Setup(Level.Invocation)
        public void write(BenchmarkResourceGroupSelection benchmark)
                throws Exception
        {
            benchmark.activity.beginWrite();
            try {
                benchmark.writer.append(ImmutableList.of(record("new" + writes++, Optional.of("analytics"), Instant.now(), 10)));
            }
            finally {
                benchmark.activity.endWrite();
            }
        }
    }

    public static void main(String[] args)
            throws Exception
    {
        new Runner(new OptionsBuilder().include(BenchmarkResourceGroupSelection.class.getSimpleName()).build()).run();
    }
}
