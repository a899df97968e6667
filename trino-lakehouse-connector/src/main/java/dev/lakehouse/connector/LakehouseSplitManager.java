package dev.lakehouse.connector;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import dev.lakehouse.connector.bloom.BloomIndexConfig;
import dev.lakehouse.connector.bloom.BloomIndexFooterCache;
import dev.lakehouse.connector.bloom.BloomIndexLookup;
import dev.lakehouse.connector.bloom.BloomIndexPruner;
import dev.lakehouse.connector.convert.PredicateConverter;
import dev.lakehouse.connector.convert.TypeConverter;
import dev.lakehouse.connector.deletes.LakehouseDeleteFile;
import dev.lakehouse.connector.planning.DataFileScan;
import dev.lakehouse.connector.planning.LakehouseSplitSource;
import dev.lakehouse.connector.planning.PlanningConfig;
import dev.lakehouse.connector.planning.ScanCounters;
import dev.lakehouse.connector.system.MetadataTableHandle;
import dev.lakehouse.connector.system.MetadataTableSplit;
import io.airlift.units.DataSize;
import io.trino.spi.NodeManager;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplitManager;
import io.trino.spi.connector.ConnectorSplitSource;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.Constraint;
import io.trino.spi.connector.DynamicFilter;
import io.trino.spi.connector.FixedSplitSource;
import io.trino.spi.type.TypeManager;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.types.Types;

import java.util.Optional;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_INVALID_METADATA;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_UNSUPPORTED_TABLE_FEATURE;
import static dev.lakehouse.connector.LakehouseSessionProperties.getDynamicFilteringWaitTimeout;
import static java.util.Objects.requireNonNull;

/**
 * Plans a table scan into splits: the files of the handle's snapshot that its predicate may match.
 */
public class LakehouseSplitManager
        implements ConnectorSplitManager
{
    private final LakehouseTransactionManager transactionManager;
    private final long splitSize;
    private final int maxBloomPredicateValues;
    private final Optional<DataSize> bloomIndexMaxReadGap;
    private final long fileOpenCost;
    private final BloomIndexFooterCache bloomIndexFooterCache;
    private final TypeManager typeManager;
    private final NodeManager nodeManager;

    @Inject
    public LakehouseSplitManager(LakehouseTransactionManager transactionManager, PlanningConfig config, BloomIndexConfig bloomIndexConfig, BloomIndexFooterCache bloomIndexFooterCache, TypeManager typeManager, NodeManager nodeManager)
    {
        this.nodeManager = requireNonNull(nodeManager, "nodeManager is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
        this.bloomIndexFooterCache = requireNonNull(bloomIndexFooterCache, "bloomIndexFooterCache is null");
        this.maxBloomPredicateValues = bloomIndexConfig.getMaxPredicateValues();
        this.bloomIndexMaxReadGap = bloomIndexConfig.getMaxReadGap();
        this.transactionManager = requireNonNull(transactionManager, "transactionManager is null");
        this.splitSize = config.getSplitSize().toBytes();
        this.fileOpenCost = config.getFileOpenCost().toBytes();
    }

    @Override
    public ConnectorSplitSource getSplits(
            ConnectorTransactionHandle transaction,
            ConnectorSession session,
            ConnectorTableHandle tableHandle,
            DynamicFilter dynamicFilter,
            Constraint constraint)
    {
        if (tableHandle instanceof MetadataTableHandle) {
            return new FixedSplitSource(new MetadataTableSplit(nodeManager.getCurrentNode().getHostAndPort()));
        }
        LakehouseTableHandle handle = (LakehouseTableHandle) tableHandle;
        if (handle.snapshotId().isEmpty() || handle.enforcedPredicate().isNone() || handle.unenforcedPredicate().isNone()) {
            return new FixedSplitSource(ImmutableList.of());
        }
        Table table = transactionManager.tables((LakehouseTransactionHandle) transaction).load(handle.schemaTableName());
        Snapshot snapshot = table.snapshot(handle.snapshotId().getAsLong());
        Schema schema = TableVersions.schemaOf(table, handle.snapshotId());
        Expression filter = PredicateConverter.toIcebergExpression(handle.predicate());
        ScanCounters counters = new ScanCounters();
        String tableName = handle.schemaTableName().toString();
        BloomIndexLookup bloomIndexLookup = BloomIndexLookup.of(handle.predicate(), schema, table.schemas().values(), maxBloomPredicateValues);
        return new LakehouseSplitSource(
                () -> new DataFileScan(tableName, table, snapshot, schema, filter, counters),
                new BloomIndexPruner(tableName, table, snapshot, bloomIndexFooterCache, counters, bloomIndexMaxReadGap),
                bloomIndexLookup,
                maxBloomPredicateValues,
                schema,
                table.schemas().values(),
                table.specs(),
                dynamicFilter,
                getDynamicFilteringWaitTimeout(session),
                splitSize,
                fileOpenCost,
                counters,
                deleteFile -> LakehouseDeleteFile.of(tableName, deleteFile, fieldId -> equalityColumn(tableName, table, schema, fieldId)));
    }

    /**
     * The column an equality delete file compares: a field of the scanned schema, or of an older one when
     * the column was dropped since (its values still identify rows of older data files).
     */
    private LakehouseColumnHandle equalityColumn(String tableName, Table table, Schema schema, int fieldId)
    {
        Schema owner = schema.findField(fieldId) != null ? schema : table.schemas().values().stream()
                .filter(other -> other.findField(fieldId) != null)
                .findFirst()
                .orElseThrow(() -> new TrinoException(LAKEHOUSE_INVALID_METADATA, "An equality delete file of table '%s' compares field id %s, which no schema of the table has".formatted(tableName, fieldId)));
        Types.NestedField field = owner.columns().stream()
                .filter(column -> column.fieldId() == fieldId)
                .findFirst()
                .orElseThrow(() -> new TrinoException(LAKEHOUSE_UNSUPPORTED_TABLE_FEATURE, "An equality delete file of table '%s' compares the nested field %s, which this connector does not apply yet"
                        .formatted(tableName, owner.findColumnName(fieldId))));
        return LakehouseColumnHandle.topLevel(field.fieldId(), field.name(), TypeConverter.toTrinoType(field.type(), typeManager));
    }
}
