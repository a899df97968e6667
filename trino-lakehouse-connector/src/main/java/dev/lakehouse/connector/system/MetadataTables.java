package dev.lakehouse.connector.system;

import com.google.common.collect.ImmutableMap;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.type.TypeManager;
import org.apache.iceberg.MetadataTableType;
import org.apache.iceberg.Table;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static java.util.Objects.requireNonNull;

/**
 * The metadata tables of a table, read-only, named {@code "table$name"} as in Trino's Iceberg connector:
 * {@code files}, {@code partitions}, {@code snapshots}, {@code history}, {@code manifests},
 * {@code all_manifests}, {@code entries}, {@code all_entries}, {@code refs}, {@code metadata_log_entries}
 * and {@code properties}, and our own {@code bloom_index}. Each reads the table's metadata as the query's transaction loaded it.
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
     * The metadata table over an existing table.
     *
     * @param loader loads the base table; empty when it does not exist
     * @throws TrinoException {@code NOT_SUPPORTED} naming the table and the known metadata tables when the name is not one of them
     */
    public static Optional<SystemTable> create(MetadataTableName name, Function<SchemaTableName, Optional<Table>> loader, TypeManager typeManager)
    {
        requireNonNull(name, "name is null");
        Optional<Table> table = loader.apply(name.baseTable());
        if (table.isEmpty()) {
            return Optional.empty();
        }
        MetadataTableType icebergType = ICEBERG_TABLES.get(name.metadataTable());
        if (icebergType == null && !name.metadataTable().equals("partitions") && !name.metadataTable().equals("properties") && !name.metadataTable().equals("bloom_index")) {
            throw new TrinoException(NOT_SUPPORTED, "Table '%s' has no metadata table '%s': the metadata tables are %s".formatted(name.baseTable(), name.metadataTable(), NAMES));
        }
        if (icebergType != null) {
            return Optional.of(new IcebergMetadataTable(name.name(), table.get(), icebergType, typeManager));
        }
        if (name.metadataTable().equals("partitions")) {
            return Optional.of(new PartitionsTable(name.name(), table.get(), typeManager));
        }
        if (name.metadataTable().equals("bloom_index")) {
            return Optional.of(new BloomIndexTable(name.name(), table.get()));
        }
        return Optional.of(new PropertiesTable(name.name(), table.get()));
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
