package dev.lakehouse.connector.system;

import com.google.common.collect.ImmutableList;
import io.trino.spi.Page;
import io.trino.spi.PageBuilder;
import io.trino.spi.TrinoException;
import io.trino.spi.block.BlockBuilder;
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
import io.trino.spi.type.TypeManager;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataTableType;
import org.apache.iceberg.MetadataTableUtils;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_INVALID_METADATA;
import static java.util.Objects.requireNonNull;

/**
 * One of Iceberg's own metadata tables ({@code files}, {@code snapshots}, {@code history}, ...), read
 * through iceberg-core's {@link MetadataTableUtils}: its schema becomes the Trino columns, and the rows
 * of its scan tasks become pages. Runs on the coordinator, which has the table's metadata.
 */
final class IcebergMetadataTable
        implements SystemTable
{
    private final Table metadataTable;
    private final OptionalLong snapshotId;
    private final ConnectorTableMetadata tableMetadata;
    private final List<MetadataValueWriter> writers;

    /**
     * @param snapshotId the snapshot the metadata table's scan reads; empty for the current one (and for the
     * metadata tables over the whole history, which read every snapshot)
     */
    IcebergMetadataTable(SchemaTableName name, Table table, MetadataTableType type, OptionalLong snapshotId, TypeManager typeManager)
    {
        requireNonNull(name, "name is null");
        requireNonNull(table, "table is null");
        this.snapshotId = requireNonNull(snapshotId, "snapshotId is null");
        this.metadataTable = MetadataTableUtils.createMetadataTableInstance(table, requireNonNull(type, "type is null"));
        Map<Integer, Types.NestedField> tableFields = MetadataValueWriter.tableFields(table.schema(), table.schemas().values());
        ImmutableList.Builder<MetadataValueWriter> writers = ImmutableList.builder();
        ImmutableList.Builder<ColumnMetadata> columns = ImmutableList.builder();
        for (Types.NestedField field : metadataTable.schema().columns()) {
            MetadataValueWriter writer = MetadataValueWriter.of(field, tableFields, typeManager);
            writers.add(writer);
            columns.add(ColumnMetadata.builder()
                    .setName(field.name())
                    .setType(writer.type())
                    .setComment(Optional.ofNullable(field.doc()))
                    .build());
        }
        this.writers = writers.build();
        this.tableMetadata = new ConnectorTableMetadata(name, columns.build());
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
        List<Type> types = writers.stream().map(MetadataValueWriter::type).collect(toImmutableList());
        PageBuilder pageBuilder = new PageBuilder(types);
        ImmutableList.Builder<Page> pages = ImmutableList.builder();
        TableScan scan = metadataTable.newScan();
        if (snapshotId.isPresent()) {
            scan = scan.useSnapshot(snapshotId.getAsLong());
        }
        try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
            for (FileScanTask task : tasks) {
                try (CloseableIterable<StructLike> rows = task.asDataTask().rows()) {
                    for (StructLike row : rows) {
                        if (pageBuilder.isFull()) {
                            pages.add(pageBuilder.build());
                            pageBuilder.reset();
                        }
                        pageBuilder.declarePosition();
                        for (int column = 0; column < writers.size(); column++) {
                            BlockBuilder builder = pageBuilder.getBlockBuilder(column);
                            writers.get(column).write(builder, row.get(column, Object.class));
                        }
                    }
                }
            }
        }
        catch (IOException | UncheckedIOException e) {
            throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Failed to read metadata table '%s': %s".formatted(tableMetadata.getTable(), e.getMessage()), e);
        }
        catch (NotFoundException e) {
            throw new TrinoException(LAKEHOUSE_INVALID_METADATA, "Metadata of table '%s' is missing: %s".formatted(tableMetadata.getTable(), e.getMessage()), e);
        }
        if (!pageBuilder.isEmpty()) {
            pages.add(pageBuilder.build());
        }
        return new FixedPageSource(pages.build());
    }
}
