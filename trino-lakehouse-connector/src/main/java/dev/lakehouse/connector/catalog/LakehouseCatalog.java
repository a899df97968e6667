package dev.lakehouse.connector.catalog;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import dev.lakehouse.connector.LakehouseConfig;
import dev.lakehouse.connector.fileio.UnreadableLocationException;
import io.airlift.log.Logger;
import io.trino.filesystem.Location;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.SchemaNotFoundException;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.TableNotFoundException;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotFoundException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_CATALOG_ERROR;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_FILESYSTEM_ERROR;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_INVALID_METADATA;
import static dev.lakehouse.connector.catalog.WarehouseLocations.warehouseLocation;
import static io.trino.spi.StandardErrorCode.ALREADY_EXISTS;
import static io.trino.spi.StandardErrorCode.SCHEMA_ALREADY_EXISTS;
import static io.trino.spi.StandardErrorCode.SCHEMA_NOT_EMPTY;
import static java.util.Objects.requireNonNull;

/**
 * The Iceberg catalog as the connector uses it: Trino schemas are single-level namespaces, and every
 * failure becomes a Trino error that names the schema or table and the catalog. The Iceberg catalog is
 * created on first use and again after a failed attempt, so a catalog that was down does not need a
 * server restart once it is back.
 */
public class LakehouseCatalog
{
    public static final String LOCATION_PROPERTY = "location";

    private static final Logger log = Logger.get(LakehouseCatalog.class);

    private final IcebergCatalogFactory catalogFactory;
    private final Location warehouse;
    private final LakehouseViews views;
    private volatile Catalog catalog;

    @Inject
    public LakehouseCatalog(IcebergCatalogFactory catalogFactory, LakehouseConfig config)
    {
        this.catalogFactory = requireNonNull(catalogFactory, "catalogFactory is null");
        this.warehouse = warehouseLocation(config);
        this.views = new LakehouseViews(this);
    }

    public String description()
    {
        return catalogFactory.description();
    }

    public Location warehouse()
    {
        return warehouse;
    }

    /**
     * The views of this catalog, stored as Iceberg views.
     */
    public LakehouseViews views()
    {
        return views;
    }

    public List<String> listSchemas()
    {
        return call("list schemas", () -> {
            ImmutableList.Builder<String> schemas = ImmutableList.builder();
            for (Namespace namespace : namespaces().listNamespaces()) {
                if (namespace.length() == 1) {
                    schemas.add(namespace.level(0));
                }
            }
            return schemas.build();
        });
    }

    public boolean schemaExists(String schema)
    {
        return call("find schema '%s'".formatted(schema), () -> namespaces().namespaceExists(Namespace.of(schema)));
    }

    public Map<String, String> schemaProperties(String schema)
    {
        return call("read schema '%s'".formatted(schema), () -> {
            try {
                return ImmutableMap.copyOf(namespaces().loadNamespaceMetadata(Namespace.of(schema)));
            }
            catch (NoSuchNamespaceException e) {
                throw new SchemaNotFoundException(schema);
            }
        });
    }

    public void createSchema(String schema, Map<String, String> properties)
    {
        call("create schema '%s'".formatted(schema), () -> {
            try {
                namespaces().createNamespace(Namespace.of(schema), properties);
            }
            catch (AlreadyExistsException e) {
                throw new TrinoException(SCHEMA_ALREADY_EXISTS, "Schema '%s' already exists".formatted(schema), e);
            }
            return null;
        });
    }

    public void dropSchema(String schema)
    {
        call("drop schema '%s'".formatted(schema), () -> {
            try {
                if (!namespaces().dropNamespace(Namespace.of(schema))) {
                    throw new SchemaNotFoundException(schema);
                }
            }
            catch (NoSuchNamespaceException e) {
                throw new SchemaNotFoundException(schema);
            }
            catch (NamespaceNotEmptyException e) {
                throw new TrinoException(SCHEMA_NOT_EMPTY, "Cannot drop non-empty schema '%s'".formatted(schema), e);
            }
            return null;
        });
    }

    public List<SchemaTableName> listTables(Optional<String> schema)
    {
        return call("list tables", () -> {
            ImmutableList.Builder<SchemaTableName> tables = ImmutableList.builder();
            List<String> schemas = schema.map(List::of).orElseGet(this::listSchemas);
            for (String name : schemas) {
                try {
                    for (TableIdentifier identifier : catalog().listTables(Namespace.of(name))) {
                        tables.add(new SchemaTableName(name, identifier.name()));
                    }
                }
                catch (NoSuchNamespaceException e) {
                    // dropped meanwhile, or never existed: no tables
                }
            }
            return tables.build();
        });
    }

    /**
     * The table at its current snapshot; empty when the catalog has no such table.
     */
    public Optional<Table> loadTable(SchemaTableName name)
    {
        return call("load table '%s'".formatted(name), () -> {
            try {
                return Optional.of(catalog().loadTable(identifier(name)));
            }
            catch (NoSuchTableException e) {
                return Optional.empty();
            }
            catch (UnreadableLocationException e) {
                throw new TrinoException(LAKEHOUSE_FILESYSTEM_ERROR, "Table '%s' cannot be read: %s".formatted(name, e.getMessage()), e);
            }
            catch (NotFoundException e) {
                throw new TrinoException(LAKEHOUSE_INVALID_METADATA, "Metadata of table '%s' is missing: %s".formatted(name, e.getMessage()), e);
            }
        });
    }

    public Table loadExistingTable(SchemaTableName name)
    {
        return loadTable(name).orElseThrow(() -> new TableNotFoundException(name));
    }

    /**
     * A transaction that creates the table when committed, and leaves no trace in the catalog otherwise.
     */
    public Transaction newCreateTableTransaction(SchemaTableName name, Schema schema, PartitionSpec spec, SortOrder sortOrder, String location, Map<String, String> properties)
    {
        return call("create table '%s'".formatted(name), () -> {
            if (!schemaExists(name.getSchemaName())) {
                throw new SchemaNotFoundException(name.getSchemaName());
            }
            try {
                return catalog().buildTable(identifier(name), schema)
                        .withPartitionSpec(spec)
                        .withSortOrder(sortOrder)
                        .withLocation(location)
                        .withProperties(properties)
                        .createTransaction();
            }
            catch (AlreadyExistsException e) {
                throw tableAlreadyExists(name, e);
            }
        });
    }

    /**
     * Commits a transaction, translating the catalog's failures.
     */
    public void commit(SchemaTableName name, Transaction transaction)
    {
        call("commit to table '%s'".formatted(name), () -> {
            try {
                transaction.commitTransaction();
            }
            catch (AlreadyExistsException e) {
                throw tableAlreadyExists(name, e);
            }
            return null;
        });
    }

    private TrinoException tableAlreadyExists(SchemaTableName name, AlreadyExistsException cause)
    {
        if (views.viewExists(name)) {
            return new TrinoException(ALREADY_EXISTS, "Cannot create table '%s': a view of that name already exists".formatted(name), cause);
        }
        return new TrinoException(ALREADY_EXISTS, "Table '%s' already exists".formatted(name), cause);
    }

    /**
     * Removes the table from the catalog and deletes the files it references.
     */
    public void dropTable(SchemaTableName name)
    {
        call("drop table '%s'".formatted(name), () -> {
            if (!catalog().dropTable(identifier(name), true)) {
                throw new TableNotFoundException(name);
            }
            return null;
        });
    }

    /**
     * Renames the table in the catalog; its files stay where they are.
     */
    public void renameTable(SchemaTableName from, SchemaTableName to)
    {
        call("rename table '%s' to '%s'".formatted(from, to), () -> {
            if (!schemaExists(to.getSchemaName())) {
                throw new SchemaNotFoundException(to.getSchemaName());
            }
            try {
                catalog().renameTable(identifier(from), identifier(to));
            }
            catch (NoSuchTableException e) {
                throw new TableNotFoundException(from);
            }
            catch (AlreadyExistsException e) {
                throw new TrinoException(ALREADY_EXISTS, "Cannot rename table '%s' to '%s': a table or view of that name already exists".formatted(from, to), e);
            }
            return null;
        });
    }

    /**
     * Where a new table goes when its {@code location} property is not given: a new folder, unique even
     * when a table of the same name is dropped and created again, under the schema's location.
     */
    public String newTableLocation(SchemaTableName name)
    {
        String schemaLocation = Optional.ofNullable(schemaProperties(name.getSchemaName()).get(LOCATION_PROPERTY))
                .orElseGet(() -> warehouse.appendPath(name.getSchemaName()).toString());
        String suffix = UUID.randomUUID().toString().replace("-", "");
        return Location.of(schemaLocation.replaceAll("/+$", "")).appendPath(name.getTableName() + "-" + suffix).toString();
    }

    static TableIdentifier identifier(SchemaTableName name)
    {
        return TableIdentifier.of(Namespace.of(name.getSchemaName()), name.getTableName());
    }

    private SupportsNamespaces namespaces()
    {
        return (SupportsNamespaces) catalog();
    }

    Catalog catalog()
    {
        Catalog current = catalog;
        if (current == null) {
            synchronized (this) {
                current = catalog;
                if (current == null) {
                    current = catalogFactory.create();
                    catalog = current;
                }
            }
        }
        return current;
    }

    /**
     * Runs a catalog operation; a failure that is not already a Trino error becomes a catalog error naming
     * what was being done and the catalog.
     */
    <T> T call(String action, Supplier<T> operation)
    {
        try {
            return operation.get();
        }
        catch (TrinoException e) {
            throw e;
        }
        catch (RuntimeException e) {
            log.debug(e, "Failed to %s in %s", action, description());
            throw new TrinoException(LAKEHOUSE_CATALOG_ERROR, "Failed to %s in the %s: %s".formatted(action, description(), rootMessage(e)), e);
        }
    }

    private static String rootMessage(Throwable throwable)
    {
        // the outermost message says what failed, the innermost why (connection refused, no such file)
        Throwable root = throwable;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = Optional.ofNullable(throwable.getMessage()).orElse(throwable.getClass().getSimpleName());
        if (root != throwable && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + ": " + root.getMessage();
        }
        return message;
    }
}
