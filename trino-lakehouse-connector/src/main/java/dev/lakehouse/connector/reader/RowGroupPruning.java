package dev.lakehouse.connector.reader;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.trino.parquet.BloomFilterStore;
import io.trino.parquet.ParquetDataSource;
import io.trino.parquet.ParquetReaderOptions;
import io.trino.parquet.metadata.BlockMetadata;
import io.trino.parquet.metadata.ParquetMetadata;
import io.trino.parquet.metadata.PrunedBlockMetadata;
import io.trino.parquet.predicate.TupleDomainParquetPredicate;
import io.trino.parquet.reader.RowGroupInfo;
import io.trino.plugin.base.metrics.LongCount;
import io.trino.spi.metrics.Metric;
import io.trino.spi.metrics.Metrics;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.Type;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexStore;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.lakehouse.connector.LakehouseMetrics.ROW_GROUPS;
import static dev.lakehouse.connector.LakehouseMetrics.ROW_GROUPS_SKIPPED_BY_BLOOM_FILTER;
import static dev.lakehouse.connector.LakehouseMetrics.ROW_GROUPS_SKIPPED_BY_COLUMN_INDEX;
import static dev.lakehouse.connector.LakehouseMetrics.ROW_GROUPS_SKIPPED_BY_DYNAMIC_FILTER;
import static dev.lakehouse.connector.LakehouseMetrics.ROW_GROUPS_SKIPPED_BY_STATISTICS;
import static io.trino.parquet.BloomFilterStore.getBloomFilterStore;
import static io.trino.parquet.metadata.PrunedBlockMetadata.createPrunedColumnsMetadata;
import static io.trino.parquet.predicate.PredicateUtils.buildPredicate;
import static io.trino.parquet.predicate.PredicateUtils.predicateMatches;
import static io.trino.parquet.reader.TrinoColumnIndexStore.getColumnIndexStore;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static java.util.Objects.requireNonNull;
import static org.joda.time.DateTimeZone.UTC;

/**
 * Chooses the row groups of a split to read: those whose Parquet statistics, column indexes, bloom filters
 * and dictionaries do not exclude the predicate, then those the dynamic filters do not exclude. Counts why
 * each skipped row group was skipped. A rejected row group is checked again without its bloom filters and
 * column indexes only when it has them, to tell which of them excluded it.
 */
final class RowGroupPruning
{
    // how many distinct values of a domain are kept when checking dictionaries and bloom filters
    private static final int DOMAIN_COMPACTION_THRESHOLD = 1000;

    private final ParquetDataSource dataSource;
    private final Map<List<String>, ColumnDescriptor> descriptorsByPath;
    private final ParquetReaderOptions options;

    private long rowGroups;
    private long skippedByStatistics;
    private long skippedByColumnIndex;
    private long skippedByBloomFilter;
    private long skippedByDynamicFilter;

    RowGroupPruning(ParquetDataSource dataSource, Map<List<String>, ColumnDescriptor> descriptorsByPath, ParquetReaderOptions options)
    {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.descriptorsByPath = requireNonNull(descriptorsByPath, "descriptorsByPath is null");
        this.options = requireNonNull(options, "options is null");
    }

    /**
     * The row groups starting in {@code [start, start + length)} to read.
     *
     * @param predicate the query's predicate on the file's columns
     * @param dynamicPredicate that predicate with the dynamic filters; empty when they add nothing
     */
    List<RowGroupInfo> select(
            ParquetMetadata parquetMetadata,
            long start,
            long length,
            MessageType requestedSchema,
            TupleDomain<ColumnDescriptor> predicate,
            Optional<TupleDomain<ColumnDescriptor>> dynamicPredicate)
            throws IOException
    {
        TupleDomainParquetPredicate parquetPredicate = buildPredicate(requestedSchema, predicate, descriptorsByPath, UTC);
        Optional<TupleDomainParquetPredicate> dynamicParquetPredicate = dynamicPredicate.map(domain -> buildPredicate(requestedSchema, domain, descriptorsByPath, UTC));
        ImmutableList.Builder<RowGroupInfo> selected = ImmutableList.builder();
        for (BlockMetadata block : parquetMetadata.getBlocks(start, length)) {
            long blockStart = block.getStartingPos();
            if (blockStart < start || blockStart >= start + length) {
                continue;
            }
            rowGroups++;
            PrunedBlockMetadata columnsMetadata = createPrunedColumnsMetadata(block, dataSource.getId(), descriptorsByPath);
            Optional<ColumnIndexStore> columnIndex = getColumnIndexStore(dataSource, block, descriptorsByPath, predicate, options);
            if (!matches(parquetPredicate, predicate, block, columnsMetadata, columnIndex, true)) {
                countSkipped(parquetPredicate, predicate, block, columnsMetadata, columnIndex);
                continue;
            }
            if (dynamicPredicate.isPresent()) {
                columnIndex = getColumnIndexStore(dataSource, block, descriptorsByPath, dynamicPredicate.get(), options);
                if (!matches(dynamicParquetPredicate.orElseThrow(), dynamicPredicate.get(), block, columnsMetadata, columnIndex, true)) {
                    skippedByDynamicFilter++;
                    continue;
                }
            }
            selected.add(new RowGroupInfo(columnsMetadata, block.fileRowCountOffset(), columnIndex));
        }
        return selected.build();
    }

    private boolean matches(
            TupleDomainParquetPredicate parquetPredicate,
            TupleDomain<ColumnDescriptor> predicate,
            BlockMetadata block,
            PrunedBlockMetadata columnsMetadata,
            Optional<ColumnIndexStore> columnIndex,
            boolean useBloomFilters)
            throws IOException
    {
        Optional<BloomFilterStore> bloomFilters = useBloomFilters ? getBloomFilterStore(dataSource, block, bloomFilterPredicate(predicate), options) : Optional.empty();
        return predicateMatches(parquetPredicate, columnsMetadata, dataSource, descriptorsByPath, predicate, columnIndex, bloomFilters, UTC, DOMAIN_COMPACTION_THRESHOLD);
    }

    private void countSkipped(
            TupleDomainParquetPredicate parquetPredicate,
            TupleDomain<ColumnDescriptor> predicate,
            BlockMetadata block,
            PrunedBlockMetadata columnsMetadata,
            Optional<ColumnIndexStore> columnIndex)
            throws IOException
    {
        boolean hasBloomFilters = getBloomFilterStore(dataSource, block, bloomFilterPredicate(predicate), options).isPresent();
        if (!hasBloomFilters && columnIndex.isEmpty()) {
            skippedByStatistics++;
            return;
        }
        if (matches(parquetPredicate, predicate, block, columnsMetadata, Optional.empty(), false)) {
            // statistics and dictionaries alone keep it: the column index or the bloom filters excluded it
            if (columnIndex.isPresent() && (!hasBloomFilters || !matches(parquetPredicate, predicate, block, columnsMetadata, columnIndex, false))) {
                skippedByColumnIndex++;
            }
            else {
                skippedByBloomFilter++;
            }
            return;
        }
        skippedByStatistics++;
    }

    /**
     * The part of the predicate Parquet bloom filters can be asked about: not the columns whose type was
     * widened since the file was written (an integer column read as bigint, a real one as double). Trino's
     * check hashes a value as its SQL type, while the file's filter holds hashes of the narrower type.
     */
    private static TupleDomain<ColumnDescriptor> bloomFilterPredicate(TupleDomain<ColumnDescriptor> predicate)
    {
        return predicate.filter((column, domain) -> !isWidened(column.getPrimitiveType().getPrimitiveTypeName(), domain.getType()));
    }

    private static boolean isWidened(PrimitiveTypeName physicalType, Type type)
    {
        return (type == BIGINT && physicalType == PrimitiveTypeName.INT32) || (type == DOUBLE && physicalType == PrimitiveTypeName.FLOAT);
    }

    Metrics metrics()
    {
        return new Metrics(ImmutableMap.<String, Metric<?>>of(
                ROW_GROUPS, new LongCount(rowGroups),
                ROW_GROUPS_SKIPPED_BY_STATISTICS, new LongCount(skippedByStatistics),
                ROW_GROUPS_SKIPPED_BY_COLUMN_INDEX, new LongCount(skippedByColumnIndex),
                ROW_GROUPS_SKIPPED_BY_BLOOM_FILTER, new LongCount(skippedByBloomFilter),
                ROW_GROUPS_SKIPPED_BY_DYNAMIC_FILTER, new LongCount(skippedByDynamicFilter)));
    }
}
