package dev.lakehouse.connector.system;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.trino.spi.Page;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.FixedPageSource;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.TypeManager;
import org.apache.iceberg.MetadataTableType;
import org.apache.iceberg.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static java.util.Objects.requireNonNull;

/**
 * The metadata tables of a table, read-only, named {@code "table$name"} as in Trino's Iceberg connector:
 * {@code files}, {@code partitions}, {@code snapshots}, {@code history}, {@code manifests},
 * {@code all_manifests}, {@code entries}, {@code all_entries}, {@code refs}, {@code metadata_log_entries}
 * and {@code properties}, and our own {@code bloom_index}. Each reads the table's metadata as the query's transaction loaded it.
 * <p>
 * Those that describe one snapshot ({@link #readsOneSnapshot}) read the snapshot a {@code FOR VERSION AS OF}
 * or {@code FOR TIMESTAMP AS OF} clause names, otherwise the current one. The others describe the whole
 * history or the table's current metadata, and refuse a version.
 */
public final class MetadataTables
{
    private static final Map<String, MetadataTableType> ICEBERG_TABLES = ImmutableMap.<String, MetadataTableType>builder()
            .put("files", MetadataTableType.FILES)
            .put("snapshots", MetadataTableType.SNAPSHOTS)
            .put("history", MetadataTableType.HISTORY)
            .put("manifests", MetadataTableType.MANIFESTS)
            .put("all_manifests", MetadataTableType.ALL_MANIFESTS)
            .put("entries", MetadataTableType.ENTRIES)
            .put("all_entries", MetadataTableType.ALL_ENTRIES)
            .put("refs", MetadataTableType.REFS)
            .put("metadata_log_entries", MetadataTableType.METADATA_LOG_ENTRIES)
            .buildOrThrow();

    private static final Set<String> ONE_SNAPSHOT_TABLES = ImmutableSet.of("files", "partitions", "entries", "manifests", "bloom_index");

    public static final String NAMES = "files, partitions, snapshots, history, manifests, all_manifests, entries, all_entries, refs, metadata_log_entries, properties, bloom_index";

    private MetadataTables() {}

    /**
     * The table and metadata table a name like {@code orders$files} refers to; empty for a name without {@code $}.
     */
    public static Optional<MetadataTableName> parse(SchemaTableName name)
    {
        String tableName = name.getTableName();
        int separator = tableName.indexOf('$');
        if (separator < 0) {
            return Optional.empty();
        }
        return Optional.of(new MetadataTableName(
                new SchemaTableName(name.getSchemaName(), tableName.substring(0, separator)),
                tableName.substring(separator + 1),
                name));
    }

    /**
     * The handle of a metadata table over an existing table.
     *
     * @param snapshotId the snapshot a metadata table that {@linkplain #readsOneSnapshot reads one snapshot} reads
     * (the version the query asked for, or the current snapshot); ignored by the others
     * @throws TrinoException {@code NOT_SUPPORTED} naming the table and the known metadata tables when the name is not one of them
     */
    public static MetadataTableHandle handle(MetadataTableName name, OptionalLong snapshotId)
    {
        requireNonNull(snapshotId, "snapshotId is null");
        checkExists(name);
        String metadataTable = name.metadataTable();
        return new MetadataTableHandle(
                name.baseTable().getSchemaName(),
                name.baseTable().getTableName(),
                metadataTable,
                readsOneSnapshot(metadataTable) ? snapshotId : OptionalLong.empty());
    }

    /**
     * @throws TrinoException {@code NOT_SUPPORTED} naming the table and the known metadata tables when the name is not one of them
     */
    public static void checkExists(MetadataTableName name)
    {
        String metadataTable = name.metadataTable();
        if (!ICEBERG_TABLES.containsKey(metadataTable) && !metadataTable.equals("partitions") && !metadataTable.equals("properties") && !metadataTable.equals("bloom_index")) {
            throw new TrinoException(NOT_SUPPORTED, "Table '%s' has no metadata table '%s': the metadata tables are %s".formatted(name.baseTable(), metadataTable, NAMES));
        }
    }

    /**
     * True for the metadata tables that describe one snapshot of the table (its files, partitions,
     * manifests and their entries, bloom index), which can be read as of an older version; false for those
     * that describe the whole history ({@code snapshots}, {@code history}, {@code refs},
     * {@code metadata_log_entries}, {@code all_manifests}, {@code all_entries}) or the current metadata
     * ({@code properties}: Iceberg keeps no properties per snapshot).
     */
    public static boolean readsOneSnapshot(String metadataTable)
    {
        return ONE_SNAPSHOT_TABLES.contains(metadataTable);
    }

    /**
     * The error for a {@code FOR VERSION AS OF} or {@code FOR TIMESTAMP AS OF} on a metadata table that does not {@linkplain #readsOneSnapshot read one snapshot}.
     */
    public static TrinoException versionNotSupported(MetadataTableName name)
    {
        return new TrinoException(NOT_SUPPORTED, "Metadata table '%s' cannot be read FOR VERSION AS OF or FOR TIMESTAMP AS OF: it describes %s; the metadata tables that can are %s".formatted(
                name.name(),
                name.metadataTable().equals("properties") ? "the table's current properties" : "the table's whole history",
                String.join(", ", ONE_SNAPSHOT_TABLES)));
    }

    /**
     * The columns of the metadata table, in order.
     */
    public static List<ColumnMetadata> columns(MetadataTableHandle handle, Table table, TypeManager typeManager)
    {
        return create(handle, table, typeManager).getTableMetadata().getColumns();
    }

    /**
     * The columns of the metadata table by name.
     */
    public static Map<String, ColumnHandle> columnHandles(MetadataTableHandle handle, Table table, TypeManager typeManager)
    {
        ImmutableMap.Builder<String, ColumnHandle> columns = ImmutableMap.builder();
        List<ColumnMetadata> metadata = columns(handle, table, typeManager);
        for (int ordinal = 0; ordinal < metadata.size(); ordinal++) {
            ColumnMetadata column = metadata.get(ordinal);
            columns.put(column.getName(), new MetadataColumnHandle(column.getName(), column.getType(), ordinal));
        }
        return columns.buildOrThrow();
    }

    /**
     * The rows of the metadata table, with the given columns.
     */
    public static ConnectorPageSource pageSource(
            MetadataTableHandle handle,
            Table table,
            List<MetadataColumnHandle> columns,
            TypeManager typeManager,
            ConnectorTransactionHandle transaction,
            ConnectorSession session)
    {
        int[] channels = columns.stream().mapToInt(MetadataColumnHandle::ordinal).toArray();
        ImmutableList.Builder<Page> pages = ImmutableList.builder();
        try (ConnectorPageSource source = create(handle, table, typeManager).pageSource(transaction, session, TupleDomain.all())) {
            while (!source.isFinished()) {
                SourcePage page = source.getNextSourcePage();
                if (page != null) {
                    pages.add(page.getColumns(channels));
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FixedPageSource(pages.build());
    }

    private static SystemTable create(MetadataTableHandle handle, Table table, TypeManager typeManager)
    {
        requireNonNull(handle, "handle is null");
        requireNonNull(table, "table is null");
        MetadataTableType icebergType = ICEBERG_TABLES.get(handle.metadataTable());
        if (icebergType != null) {
            return new IcebergMetadataTable(handle.name(), table, icebergType, handle.snapshotId(), typeManager);
        }
        return switch (handle.metadataTable()) {
            case "partitions" -> new PartitionsTable(handle.name(), table, handle.snapshotId(), typeManager);
            case "bloom_index" -> new BloomIndexTable(handle.name(), table, handle.snapshotId());
            case "properties" -> new PropertiesTable(handle.name(), table);
            default -> throw new IllegalArgumentException("Unknown metadata table: " + handle.name());
        };
    }

    /**
     * @param baseTable the table whose metadata is read
     * @param metadataTable the part after {@code $}
     * @param name the whole name, as the query wrote it
     */
    public record MetadataTableName(SchemaTableName baseTable, String metadataTable, SchemaTableName name)
    {
        public MetadataTableName
        {
            requireNonNull(baseTable, "baseTable is null");
            requireNonNull(metadataTable, "metadataTable is null");
            requireNonNull(name, "name is null");
        }
    }
}
