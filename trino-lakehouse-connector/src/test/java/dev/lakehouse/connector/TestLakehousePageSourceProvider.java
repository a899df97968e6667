package dev.lakehouse.connector;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.connector.deletes.RowDeletesLoader;
import dev.lakehouse.connector.planning.PlanningConfig;
import dev.lakehouse.connector.reader.ParquetPageSourceFactory;
import dev.lakehouse.connector.reader.ReaderConfig;
import dev.lakehouse.connector.writer.WriterConfig;
import io.trino.filesystem.local.LocalFileSystemFactory;
import io.trino.plugin.base.metrics.LongCount;
import io.trino.spi.SplitWeight;
import io.trino.spi.block.Block;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.DynamicFilter;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.Range;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.predicate.ValueSet;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import io.trino.testing.TestingConnectorSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static dev.lakehouse.connector.LakehouseMetrics.ROW_GROUPS;
import static dev.lakehouse.connector.LakehouseMetrics.ROW_GROUPS_SKIPPED_BY_DYNAMIC_FILTER;
import static dev.lakehouse.connector.LakehouseMetrics.SPLITS_SKIPPED_BY_DYNAMIC_FILTER;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dynamic filtering on a worker, where it depends on timing in a real query: a split whose file the dynamic
 * filter excludes is not opened, and row groups it excludes are not read.
 */
final class TestLakehousePageSourceProvider
        extends AbstractTestQueryFramework
{
    private static final LakehouseColumnHandle ORDERKEY = LakehouseColumnHandle.topLevel(1, "orderkey", BIGINT);
    private static final LakehouseColumnHandle QUANTITY = LakehouseColumnHandle.topLevel(2, "quantity", DOUBLE);

    private Path warehouse;
    private Path dataFile;
    private final ParquetPageSourceFactory pageSourceFactory = new ParquetPageSourceFactory(new LocalFileSystemFactory(Path.of("/")), new ReaderConfig());
    private final LakehousePageSourceProvider provider = new LakehousePageSourceProvider(
            pageSourceFactory,
            new RowDeletesLoader(new LocalFileSystemFactory(Path.of("/")), pageSourceFactory));
    private final ConnectorSession session = TestingConnectorSession.builder()
            .setPropertyMetadata(new LakehouseSessionProperties(new PlanningConfig(), new WriterConfig()).getSessionProperties())
            .build();

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-page-source");
        return LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
                .addConnectorProperty("lakehouse.writer.row-group-size", "64kB")
                .build();
    }

    @BeforeAll
    void writeSortedFile()
            throws IOException
    {
        assertUpdate("CREATE TABLE lineitem_sorted WITH (sorted_by = ARRAY['orderkey']) AS SELECT orderkey, quantity FROM tpch.tiny.lineitem", 60175);
        try (Stream<Path> files = Files.walk(warehouse)) {
            // the writers wrote one sorted file each: the largest has the most row groups
            dataFile = files.filter(path -> path.toString().endsWith(".parquet"))
                    .max(Comparator.comparingLong(path -> path.toFile().length()))
                    .orElseThrow();
        }
    }

    @AfterAll
    void deleteWarehouse()
            throws IOException
    {
        deleteRecursively(warehouse, ALLOW_INSECURE);
    }

    @Test
    void testSplitExcludedByDynamicFilterIsNotOpened()
            throws IOException
    {
        TupleDomain<LakehouseColumnHandle> fileDomain = TupleDomain.withColumnDomains(ImmutableMap.of(
                ORDERKEY, Domain.create(ValueSet.ofRanges(Range.range(BIGINT, 1L, true, 60000L, true)), false)));
        try (ConnectorPageSource pageSource = createPageSource(fileDomain, Domain.singleValue(BIGINT, 100_000L))) {
            assertThat(readRows(pageSource)).isEmpty();
            assertThat(pageSource.getCompletedBytes()).isZero();
            assertThat(pageSource.getMetrics().getMetrics()).containsEntry(SPLITS_SKIPPED_BY_DYNAMIC_FILTER, new LongCount(1));
        }
    }

    @Test
    void testRowGroupsExcludedByDynamicFilterAreNotRead()
            throws IOException
    {
        Set<Long> all;
        try (ConnectorPageSource pageSource = createPageSource(TupleDomain.all(), Domain.all(BIGINT))) {
            all = readRows(pageSource);
            assertThat(metric(pageSource, ROW_GROUPS)).isGreaterThan(2);
            assertThat(metric(pageSource, ROW_GROUPS_SKIPPED_BY_DYNAMIC_FILTER)).isZero();
        }
        // two of the file's smallest orderkeys: in its first row group, as the file is sorted
        List<Long> smallest = all.stream().sorted().limit(3).toList();

        try (ConnectorPageSource pageSource = createPageSource(TupleDomain.all(), Domain.multipleValues(BIGINT, List.of(smallest.get(1), smallest.get(2))))) {
            Set<Long> read = readRows(pageSource);
            long rowGroups = metric(pageSource, ROW_GROUPS);
            // the other row groups are skipped, their rows never read
            assertThat(metric(pageSource, ROW_GROUPS_SKIPPED_BY_DYNAMIC_FILTER)).isEqualTo(rowGroups - 1);
            assertThat(read).contains(smallest.get(1), smallest.get(2));
            assertThat(read.size()).isLessThan(all.size());
        }
    }

    @Test
    void testSmallFilesSplitReadsEachFileAndSkipsThoseExcluded()
            throws IOException
    {
        Set<Long> fileKeys = new HashSet<>();
        long fileRows;
        long fileRowGroups;
        try (ConnectorPageSource pageSource = createPageSource(TupleDomain.all(), Domain.all(BIGINT))) {
            fileRows = read(pageSource, fileKeys);
            fileRowGroups = metric(pageSource, ROW_GROUPS);
        }
        long size = Files.size(dataFile);
        TupleDomain<LakehouseColumnHandle> lowKeys = TupleDomain.withColumnDomains(ImmutableMap.of(
                ORDERKEY, Domain.create(ValueSet.ofRanges(Range.range(BIGINT, 1L, true, 60000L, true)), false)));
        TupleDomain<LakehouseColumnHandle> highKeys = TupleDomain.withColumnDomains(ImmutableMap.of(
                ORDERKEY, Domain.create(ValueSet.ofRanges(Range.range(BIGINT, 90000L, true, 120000L, true)), false)));
        // the same file three times, the second said to hold only keys the dynamic filter excludes
        LakehouseSmallFilesSplit split = new LakehouseSmallFilesSplit(
                List.of(
                        new LakehouseSplit("file://" + dataFile, 0, size, size, fileRows, 0, "[]", lowKeys, SplitWeight.standard(), List.of()),
                        new LakehouseSplit("file://" + dataFile, 0, size, size, fileRows, 0, "[]", highKeys, SplitWeight.standard(), List.of()),
                        new LakehouseSplit("file://" + dataFile, 0, size, size, fileRows, 0, "[]", lowKeys, SplitWeight.standard(), List.of())),
                SplitWeight.standard());
        LakehouseTableHandle table = new LakehouseTableHandle("tpch", "lineitem_sorted", OptionalLong.empty(), TupleDomain.all(), TupleDomain.all());
        Domain dynamicDomain = Domain.create(ValueSet.ofRanges(Range.range(BIGINT, 1L, true, 60000L, true)), false);
        try (ConnectorPageSource pageSource = provider.createPageSource(LakehouseTransactionHandle.create(), session, split, table, ImmutableList.of(ORDERKEY, QUANTITY),
                new FixedDynamicFilter(TupleDomain.withColumnDomains(ImmutableMap.of(ORDERKEY, dynamicDomain))))) {
            Set<Long> keys = new HashSet<>();
            // the first and third files read whole, one after the other; the second never opened
            assertThat(read(pageSource, keys)).isEqualTo(2 * fileRows);
            assertThat(keys).isEqualTo(fileKeys);
            assertThat(pageSource.getCompletedBytes()).isEqualTo(2 * size);
            assertThat(pageSource.getMetrics().getMetrics()).containsEntry(SPLITS_SKIPPED_BY_DYNAMIC_FILTER, new LongCount(1));
            assertThat(metric(pageSource, ROW_GROUPS)).isEqualTo(2 * fileRowGroups);
        }
    }

    private ConnectorPageSource createPageSource(TupleDomain<LakehouseColumnHandle> fileDomain, Domain dynamicDomain)
            throws IOException
    {
        long size = Files.size(dataFile);
        LakehouseSplit split = new LakehouseSplit("file://" + dataFile, 0, size, size, 60175, 0, "[]", fileDomain, SplitWeight.standard(), List.of());
        LakehouseTableHandle table = new LakehouseTableHandle("tpch", "lineitem_sorted", OptionalLong.empty(), TupleDomain.all(), TupleDomain.all());
        return provider.createPageSource(
                LakehouseTransactionHandle.create(),
                session,
                split,
                table,
                ImmutableList.of(ORDERKEY, QUANTITY),
                new FixedDynamicFilter(TupleDomain.withColumnDomains(ImmutableMap.of(ORDERKEY, dynamicDomain))));
    }

    /**
     * Reads every page, adding the order keys to the set, and returns the number of rows read.
     */
    private static long read(ConnectorPageSource pageSource, Set<Long> orderkeys)
    {
        long rows = 0;
        while (!pageSource.isFinished()) {
            SourcePage page = pageSource.getNextSourcePage();
            if (page == null) {
                continue;
            }
            rows += page.getPositionCount();
            Block block = page.getBlock(0);
            for (int position = 0; position < block.getPositionCount(); position++) {
                orderkeys.add(BIGINT.getLong(block, position));
            }
        }
        return rows;
    }

    private static Set<Long> readRows(ConnectorPageSource pageSource)
    {
        Set<Long> orderkeys = new HashSet<>();
        while (!pageSource.isFinished()) {
            SourcePage page = pageSource.getNextSourcePage();
            if (page == null) {
                continue;
            }
            Block block = page.getBlock(0);
            for (int position = 0; position < block.getPositionCount(); position++) {
                orderkeys.add(BIGINT.getLong(block, position));
            }
        }
        return orderkeys;
    }

    private static long metric(ConnectorPageSource pageSource, String name)
    {
        return ((LongCount) pageSource.getMetrics().getMetrics().get(name)).getTotal();
    }

    private record FixedDynamicFilter(TupleDomain<LakehouseColumnHandle> predicate)
            implements DynamicFilter
    {
        @Override
        public Set<ColumnHandle> getColumnsCovered()
        {
            return ImmutableSet.copyOf(predicate.getDomains().orElseThrow().keySet());
        }

        @Override
        public CompletableFuture<?> isBlocked()
        {
            return NOT_BLOCKED;
        }

        @Override
        public boolean isComplete()
        {
            return true;
        }

        @Override
        public boolean isAwaitable()
        {
            return false;
        }

        @Override
        public TupleDomain<ColumnHandle> getCurrentPredicate()
        {
            return predicate.transformKeys(ColumnHandle.class::cast);
        }
    }
}
