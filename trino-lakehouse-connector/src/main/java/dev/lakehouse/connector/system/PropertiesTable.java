package dev.lakehouse.connector.system;

import com.google.common.collect.ImmutableList;
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
import org.apache.iceberg.Table;

import java.util.Map;
import java.util.TreeMap;

import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * The {@code $properties} metadata table, as in Trino's Iceberg connector: the table's Iceberg
 * properties, {@code key} and {@code value}, sorted by key.
 */
final class PropertiesTable
        implements SystemTable
{
    private final Table table;
    private final ConnectorTableMetadata tableMetadata;

    PropertiesTable(SchemaTableName name, Table table)
    {
        this.table = requireNonNull(table, "table is null");
        this.tableMetadata = new ConnectorTableMetadata(requireNonNull(name, "name is null"), ImmutableList.of(
                new ColumnMetadata("key", VARCHAR),
                new ColumnMetadata("value", VARCHAR)));
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
        PageBuilder pageBuilder = new PageBuilder(ImmutableList.of(VARCHAR, VARCHAR));
        for (Map.Entry<String, String> property : new TreeMap<>(table.properties()).entrySet()) {
            pageBuilder.declarePosition();
            VARCHAR.writeSlice(pageBuilder.getBlockBuilder(0), Slices.utf8Slice(property.getKey()));
            VARCHAR.writeSlice(pageBuilder.getBlockBuilder(1), Slices.utf8Slice(property.getValue()));
        }
        return new FixedPageSource(ImmutableList.of(pageBuilder.build()));
    }
}
