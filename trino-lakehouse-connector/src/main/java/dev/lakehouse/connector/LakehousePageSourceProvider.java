package dev.lakehouse.connector;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import dev.lakehouse.connector.deletes.DeleteFilteringPageSource;
import dev.lakehouse.connector.deletes.RowDeletes;
import dev.lakehouse.connector.deletes.RowDeletesLoader;
import dev.lakehouse.connector.merge.MergeRowId;
import dev.lakehouse.connector.merge.RowIdPageSource;
import dev.lakehouse.connector.reader.ParquetPageSourceFactory;
import dev.lakehouse.connector.reader.SequentialPageSource;
import dev.lakehouse.connector.reader.SkippedSplitPageSource;
import io.trino.plugin.base.metrics.LongCount;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorPageSourceProvider;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplit;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.DynamicFilter;
import io.trino.spi.metrics.Metric;
import io.trino.spi.metrics.Metrics;
import io.trino.spi.predicate.TupleDomain;

import java.util.List;
import java.util.function.Supplier;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.lakehouse.connector.LakehouseMetrics.SPLITS_SKIPPED_BY_DYNAMIC_FILTER;
import static java.util.Objects.requireNonNull;

/**
 * Opens splits on a worker. A split whose file the dynamic filters already exclude (by its partition
 * values and column statistics) is skipped without opening the file; a split of small files reads them one
 * after the other, each checked so. The rows that a file's delete files delete are left out.
 */
public class LakehousePageSourceProvider
        implements ConnectorPageSourceProvider
{
    private static final Metrics SKIPPED_BY_DYNAMIC_FILTER = new Metrics(ImmutableMap.<String, Metric<?>>of(SPLITS_SKIPPED_BY_DYNAMIC_FILTER, new LongCount(1)));

    private final ParquetPageSourceFactory parquetPageSourceFactory;
    private final RowDeletesLoader rowDeletesLoader;

    @Inject
    public LakehousePageSourceProvider(ParquetPageSourceFactory parquetPageSourceFactory, RowDeletesLoader rowDeletesLoader)
    {
        this.parquetPageSourceFactory = requireNonNull(parquetPageSourceFactory, "parquetPageSourceFactory is null");
        this.rowDeletesLoader = requireNonNull(rowDeletesLoader, "rowDeletesLoader is null");
    }

    @Override
    public ConnectorPageSource createPageSource(
            ConnectorTransactionHandle transaction,
            ConnectorSession session,
            ConnectorSplit connectorSplit,
            ConnectorTableHandle connectorTable,
            List<ColumnHandle> columns,
            DynamicFilter dynamicFilter)
    {
        LakehouseTableHandle table = (LakehouseTableHandle) connectorTable;
        List<LakehouseColumnHandle> readColumns = columns.stream()
                .map(LakehouseColumnHandle.class::cast)
                .collect(toImmutableList());
        if (connectorSplit instanceof LakehouseSmallFilesSplit smallFiles) {
            // each file opened when the one before it is done, against the dynamic filter as it is then
            return new SequentialPageSource(smallFiles.files().stream()
                    .map(file -> (Supplier<ConnectorPageSource>) () -> createPageSource(session, file, table, readColumns, dynamicFilter))
                    .collect(toImmutableList()));
        }
        return createPageSource(session, (LakehouseSplit) connectorSplit, table, readColumns, dynamicFilter);
    }

    private ConnectorPageSource createPageSource(ConnectorSession session, LakehouseSplit split, LakehouseTableHandle table, List<LakehouseColumnHandle> readColumns, DynamicFilter dynamicFilter)
    {
        TupleDomain<LakehouseColumnHandle> dynamicPredicate = dynamicFilter.getCurrentPredicate().transformKeys(LakehouseColumnHandle.class::cast);
        if (!dynamicPredicate.isAll() && dynamicPredicate.intersect(split.fileStatisticsDomain()).isNone()) {
            return new SkippedSplitPageSource(SKIPPED_BY_DYNAMIC_FILTER);
        }
        int rowIdChannel = rowIdChannel(readColumns);
        RowDeletes deletes = split.deletes().isEmpty() ? RowDeletes.NONE : rowDeletesLoader.load(session, split.path(), split.deletes());
        if (deletes.isEmpty() && rowIdChannel < 0) {
            return parquetPageSourceFactory.create(session, split, readColumns, table.predicate(), dynamicPredicate);
        }
        List<LakehouseColumnHandle> sourceColumns = ImmutableList.<LakehouseColumnHandle>builder()
                .addAll(readColumns)
                .addAll(deletes.equalityColumnsNotIn(readColumns))
                .build();
        boolean appendRowPosition = deletes.hasDeletedPositions() || rowIdChannel >= 0;
        ConnectorPageSource source = parquetPageSourceFactory.create(session, split, sourceColumns, table.predicate(), dynamicPredicate, appendRowPosition);
        if (rowIdChannel >= 0) {
            // the row id is made from the row position after the source columns; deletes still need that position
            source = new RowIdPageSource(source, split, rowIdChannel, sourceColumns.size(), deletes.isEmpty() ? readColumns.size() : sourceColumns.size() + 1);
        }
        if (deletes.isEmpty()) {
            return source;
        }
        return new DeleteFilteringPageSource(source, deletes, sourceColumns, readColumns.size());
    }

    private static int rowIdChannel(List<LakehouseColumnHandle> columns)
    {
        for (int channel = 0; channel < columns.size(); channel++) {
            if (MergeRowId.isRowId(columns.get(channel))) {
                return channel;
            }
        }
        return -1;
    }
}
