package dev.lakehouse.connector.system;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.connector.bloom.BloomFilterColumns;
import dev.lakehouse.connector.bloom.BloomIndexCounters;
import dev.lakehouse.connector.bloom.BloomIndexDirectory;
import dev.lakehouse.connector.bloom.BloomIndexDirectory.IndexedFilter;
import dev.lakehouse.connector.bloom.BloomIndexFooterCache;
import io.airlift.slice.Slices;
import io.trino.spi.PageBuilder;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.FixedPageSource;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.Type;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * The {@code $bloom_index} metadata table: for each data file of the snapshot read and each column
 * that is declared for bloom filters or has a filter, whether the bloom index has a usable filter of that
 * column for that file, in which index file, holding how many distinct values, in how many bytes. A file
 * with {@code indexed = false} is always scanned by a lookup on that column; {@code ALTER TABLE ... EXECUTE
 * build_bloom_index} builds its filter.
 */
final class BloomIndexTable
        implements SystemTable
{
    private static final List<Type> TYPES = ImmutableList.of(VARCHAR, VARCHAR, BOOLEAN, VARCHAR, BIGINT, BIGINT);

    private final SchemaTableName name;
    private final Table table;
    private final OptionalLong snapshotId;
    private final ConnectorTableMetadata tableMetadata;

    /**
     * @param snapshotId the snapshot whose data files are listed; empty for the current one
     */
    BloomIndexTable(SchemaTableName name, Table table, OptionalLong snapshotId)
    {
        this.name = requireNonNull(name, "name is null");
        this.table = requireNonNull(table, "table is null");
        this.snapshotId = requireNonNull(snapshotId, "snapshotId is null");
        this.tableMetadata = new ConnectorTableMetadata(name, ImmutableList.of(
                new ColumnMetadata("file_path", VARCHAR),
                new ColumnMetadata("column_name", VARCHAR),
                new ColumnMetadata("indexed", BOOLEAN),
                new ColumnMetadata("index_file", VARCHAR),
                new ColumnMetadata("distinct_values", BIGINT),
                new ColumnMetadata("filter_size_in_bytes", BIGINT)));
    }

    @Override
    public Distribution getDistribution()
    {
        return Distribution.SINGLE_COORDINATOR;
    }

    @Override
    public ConnectorTableMetadata getTableMetadata()
    {
        return tableMetadata;
    }

    @Override
    public ConnectorPageSource pageSource(ConnectorTransactionHandle transactionHandle, ConnectorSession session, TupleDomain<Integer> constraint)
    {
        Snapshot snapshot = snapshotId.isPresent() ? table.snapshot(snapshotId.getAsLong()) : table.currentSnapshot();
        if (snapshot == null) {
            return new FixedPageSource(ImmutableList.of());
        }
        Schema schema = table.schema();
        Set<Integer> declared = BloomFilterColumns.of(schema, table.properties()).fieldIds();
        BloomIndexDirectory directory = new BloomIndexDirectory(name.toString(), table, snapshot, BloomIndexFooterCache.notShared(), BloomIndexCounters.IGNORED);
        List<io.trino.spi.Page> pages = new ArrayList<>();
        PageBuilder pageBuilder = new PageBuilder(TYPES);
        Set<String> seen = new HashSet<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
            for (FileScanTask task : tasks) {
                DataFile file = task.file();
                if (!seen.add(file.location())) {
                    continue;
                }
                Map<Integer, IndexedFilter> filters = directory.filters(file);
                Set<Integer> fieldIds = new TreeSet<>(declared);
                fieldIds.addAll(filters.keySet());
                for (int fieldId : fieldIds) {
                    Types.NestedField field = schema.findField(fieldId);
                    if (field == null) {
                        // a filter of a column dropped since
                        continue;
                    }
                    if (pageBuilder.isFull()) {
                        pages.add(pageBuilder.build());
                        pageBuilder.reset();
                    }
                    IndexedFilter filter = filters.get(fieldId);
                    pageBuilder.declarePosition();
                    VARCHAR.writeSlice(pageBuilder.getBlockBuilder(0), Slices.utf8Slice(file.location()));
                    VARCHAR.writeSlice(pageBuilder.getBlockBuilder(1), Slices.utf8Slice(schema.findColumnName(fieldId)));
                    BOOLEAN.writeBoolean(pageBuilder.getBlockBuilder(2), filter != null);
                    if (filter == null) {
                        for (int channel = 3; channel < TYPES.size(); channel++) {
                            pageBuilder.getBlockBuilder(channel).appendNull();
                        }
                        continue;
                    }
                    VARCHAR.writeSlice(pageBuilder.getBlockBuilder(3), Slices.utf8Slice(filter.indexFile().path()));
                    if (filter.location().distinctValues() < 0) {
                        pageBuilder.getBlockBuilder(4).appendNull();
                    }
                    else {
                        BIGINT.writeLong(pageBuilder.getBlockBuilder(4), filter.location().distinctValues());
                    }
                    BIGINT.writeLong(pageBuilder.getBlockBuilder(5), filter.location().sizeInBytes());
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!pageBuilder.isEmpty()) {
            pages.add(pageBuilder.build());
        }
        return new FixedPageSource(pages);
    }
}
