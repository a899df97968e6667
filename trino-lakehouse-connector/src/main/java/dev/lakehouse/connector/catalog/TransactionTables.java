package dev.lakehouse.connector.catalog;

import io.trino.spi.connector.SchemaTableName;
import org.apache.iceberg.Table;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * The tables one Trino transaction reads: each loaded from the catalog on first use, then the same, so a
 * query sees one version of each table from planning to split generation. Metadata and split generation
 * share it; a write that changes a table drops it, so that the transaction's next use loads it anew.
 */
public final class TransactionTables
{
    private final LakehouseCatalog catalog;
    private final Map<SchemaTableName, Table> tables = new ConcurrentHashMap<>();

    public TransactionTables(LakehouseCatalog catalog)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    /**
     * The table; fails with {@code TABLE_NOT_FOUND} when it does not exist.
     */
    public Table load(SchemaTableName name)
    {
        return tables.computeIfAbsent(name, catalog::loadExistingTable);
    }

    /**
     * The table, or empty when it does not exist (for example, dropped since it was listed).
     */
    public Optional<Table> loadIfExists(SchemaTableName name)
    {
        Table table = tables.get(name);
        if (table != null) {
            return Optional.of(table);
        }
        Optional<Table> loaded = catalog.loadTable(name);
        loaded.ifPresent(value -> tables.putIfAbsent(name, value));
        return loaded;
    }

    public void invalidate(SchemaTableName name)
    {
        tables.remove(name);
    }
}
