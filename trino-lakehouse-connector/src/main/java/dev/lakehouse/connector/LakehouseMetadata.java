package dev.lakehouse.connector;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.lakehouse.connector.bloom.BloomFilterColumns;
import dev.lakehouse.connector.bloom.BloomIndexFiles;
import dev.lakehouse.connector.catalog.IcebergViewDefinition;
import dev.lakehouse.connector.catalog.LakehouseCatalog;
import dev.lakehouse.connector.catalog.TransactionTables;
import dev.lakehouse.connector.commit.WriteCommitter;
import dev.lakehouse.connector.convert.PredicateConverter;
import dev.lakehouse.connector.convert.TypeConverter;
import dev.lakehouse.connector.convert.ViewDefinitionConverter;
import dev.lakehouse.connector.evolution.ColumnChanges;
import dev.lakehouse.connector.evolution.TablePropertyChanges;
import dev.lakehouse.connector.fileio.FileLocations;
import dev.lakehouse.connector.merge.DataFilePartitioningHandle;
import dev.lakehouse.connector.merge.MergeRowId;
import dev.lakehouse.connector.planning.FilterPushdown;
import dev.lakehouse.connector.planning.ProjectionPushdown;
import dev.lakehouse.connector.procedure.TableProcedureRunner;
import dev.lakehouse.connector.statistics.TableStatisticsProvider;
import dev.lakehouse.connector.system.MetadataColumnHandle;
import dev.lakehouse.connector.system.MetadataTableHandle;
import dev.lakehouse.connector.system.MetadataTables;
import dev.lakehouse.connector.system.MetadataTables.MetadataTableName;
import dev.lakehouse.connector.writer.LakehousePartitioningHandle;
import dev.lakehouse.connector.writer.WriterConfig;
import io.airlift.log.Logger;
import io.airlift.slice.Slice;
import io.trino.filesystem.FileIterator;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ColumnPosition;
import io.trino.spi.connector.ConnectorAccessControl;
import io.trino.spi.connector.ConnectorInsertTableHandle;
import io.trino.spi.connector.ConnectorMergeTableHandle;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorOutputMetadata;
import io.trino.spi.connector.ConnectorOutputTableHandle;
import io.trino.spi.connector.ConnectorPartitioningHandle;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableExecuteHandle;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTableLayout;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.ConnectorTableProperties;
import io.trino.spi.connector.ConnectorTableVersion;
import io.trino.spi.connector.ConnectorViewDefinition;
import io.trino.spi.connector.Constraint;
import io.trino.spi.connector.ConstraintApplicationResult;
import io.trino.spi.connector.ProjectionApplicationResult;
import io.trino.spi.connector.RelationColumnsMetadata;
import io.trino.spi.connector.RelationCommentMetadata;
import io.trino.spi.connector.RetryMode;
import io.trino.spi.connector.RowChangeParadigm;
import io.trino.spi.connector.SaveMode;
import io.trino.spi.connector.SchemaNotFoundException;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.expression.ConnectorExpression;
import io.trino.spi.security.ConnectorIdentity;
import io.trino.spi.security.TrinoPrincipal;
import io.trino.spi.statistics.ComputedStatistics;
import io.trino.spi.statistics.Estimate;
import io.trino.spi.statistics.TableStatistics;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;
import org.apache.iceberg.IsolationLevel;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.PartitionSpecParser;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.SortOrderParser;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_INVALID_SCHEMA_PROPERTY;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_INVALID_TABLE_PROPERTY;
import static dev.lakehouse.connector.LakehouseSessionProperties.getCompressionCodec;
import static dev.lakehouse.connector.LakehouseSessionProperties.isProjectionPushdownEnabled;
import static io.trino.spi.StandardErrorCode.ALREADY_EXISTS;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static java.util.Objects.requireNonNull;

/**
 * The connector's metadata for one transaction: schemas and tables through the catalog, and the start and
 * commit of writes. Tables are loaded once per transaction, so a query sees one snapshot of each table.
 * The work is done by collaborators: {@link LakehouseCatalog}, {@link FilterPushdown},
 * {@link ProjectionPushdown}, {@link TableStatisticsProvider}, {@link WriteCommitter}.
 */
public class LakehouseMetadata
        implements ConnectorMetadata
{
    private static final Logger log = Logger.get(LakehouseMetadata.class);

    /**
     * Longest schema or table name: names become folder names, and the embedded catalog matches them with
     * LIKE patterns, both of which have limits.
     */
    public static final int MAX_NAME_LENGTH = 128;

    private final LakehouseCatalog catalog;
    private final TypeManager typeManager;
    private final TrinoFileSystemFactory fileSystemFactory;
    private final WriteCommitter writeCommitter;
    private final WriterConfig writerConfig;
    private final TableProcedureRunner tableProcedures;

    private final TransactionTables tables;
    private final Map<LakehouseTableHandle, TableStatistics> statistics = new ConcurrentHashMap<>();
    private final Map<SchemaTableName, Transaction> pendingCreates = new ConcurrentHashMap<>();
    private final Map<String, PendingWrite> pendingWrites = new ConcurrentHashMap<>();

    public LakehouseMetadata(
            LakehouseCatalog catalog,
            TypeManager typeManager,
            TrinoFileSystemFactory fileSystemFactory,
            WriteCommitter writeCommitter,
            WriterConfig writerConfig,
            TableProcedureRunner tableProcedures,
            TransactionTables tables)
    {
        this.tableProcedures = requireNonNull(tableProcedures, "tableProcedures is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.writeCommitter = requireNonNull(writeCommitter, "writeCommitter is null");
        this.writerConfig = requireNonNull(writerConfig, "writerConfig is null");
    }

    /**
     * The table as this transaction sees it: loaded from the catalog on first use, then the same.
     */
    private Table loadTable(SchemaTableName name)
    {
        return tables.load(name);
    }

    // schemas

    @Override
    public boolean schemaExists(ConnectorSession session, String schemaName)
    {
        return catalog.schemaExists(schemaName);
    }

    @Override
    public List<String> listSchemaNames(ConnectorSession session)
    {
        return catalog.listSchemas();
    }

    @Override
    public Map<String, Object> getSchemaProperties(ConnectorSession session, String schemaName)
    {
        Map<String, String> properties = catalog.schemaProperties(schemaName);
        ImmutableMap.Builder<String, Object> result = ImmutableMap.builder();
        Optional.ofNullable(properties.get(LakehouseCatalog.LOCATION_PROPERTY)).ifPresent(location -> result.put(LakehouseSchemaProperties.LOCATION, location));
        return result.buildOrThrow();
    }

    @Override
    public Optional<TrinoPrincipal> getSchemaOwner(ConnectorSession session, String schemaName)
    {
        return Optional.empty();
    }

    @Override
    public void createSchema(ConnectorSession session, String schemaName, Map<String, Object> properties, TrinoPrincipal owner)
    {
        validateNameLength("Schema", schemaName);
        ImmutableMap.Builder<String, String> namespaceProperties = ImmutableMap.builder();
        LakehouseSchemaProperties.getLocation(properties).ifPresent(location -> {
            validateLocation(location, "Schema property 'location'", LAKEHOUSE_INVALID_SCHEMA_PROPERTY);
            namespaceProperties.put(LakehouseCatalog.LOCATION_PROPERTY, location);
        });
        catalog.createSchema(schemaName, namespaceProperties.buildOrThrow());
    }

    @Override
    public void dropSchema(ConnectorSession session, String schemaName, boolean cascade)
    {
        if (!catalog.schemaExists(schemaName)) {
            throw new SchemaNotFoundException(schemaName);
        }
        if (cascade) {
            for (SchemaTableName table : catalog.listTables(Optional.of(schemaName))) {
                dropTable(session, table);
            }
            for (SchemaTableName view : catalog.views().listViews(Optional.of(schemaName))) {
                dropView(session, view);
            }
        }
        catalog.dropSchema(schemaName);
    }

    // tables

    @Override
    public ConnectorTableHandle getTableHandle(ConnectorSession session, SchemaTableName tableName, Optional<ConnectorTableVersion> startVersion, Optional<ConnectorTableVersion> endVersion)
    {
        if (startVersion.isPresent()) {
            throw new TrinoException(NOT_SUPPORTED, "This connector does not support reading the changes between two versions of a table");
        }
        Optional<MetadataTableName> metadataTable = MetadataTables.parse(tableName);
        if (metadataTable.isPresent()) {
            return metadataTableHandle(session, metadataTable.get(), endVersion);
        }
        Optional<Table> table = loadTableIfExists(tableName);
        if (table.isEmpty()) {
            return null;
        }
        if (endVersion.isPresent()) {
            long snapshotId = TableVersions.snapshotId(tableName, table.get(), endVersion.get(), session.getTimeZoneKey());
            return new LakehouseTableHandle(tableName, OptionalLong.of(snapshotId));
        }
        Snapshot snapshot = table.get().currentSnapshot();
        return new LakehouseTableHandle(tableName, snapshot == null ? OptionalLong.empty() : OptionalLong.of(snapshot.snapshotId()));
    }

    /**
     * A metadata table ("orders$files") is a table handle rather than a system table: Trino gives only
     * {@code getTableHandle} the query's version, and refuses a version on a system table.
     */
    private MetadataTableHandle metadataTableHandle(ConnectorSession session, MetadataTableName name, Optional<ConnectorTableVersion> version)
    {
        Optional<Table> table = loadTableIfExists(name.baseTable());
        if (table.isEmpty()) {
            return null;
        }
        MetadataTables.checkExists(name);
        if (version.isEmpty()) {
            Snapshot snapshot = table.get().currentSnapshot();
            return MetadataTables.handle(name, snapshot == null ? OptionalLong.empty() : OptionalLong.of(snapshot.snapshotId()));
        }
        if (!MetadataTables.readsOneSnapshot(name.metadataTable())) {
            throw MetadataTables.versionNotSupported(name);
        }
        return MetadataTables.handle(name, OptionalLong.of(TableVersions.snapshotId(name.baseTable(), table.get(), version.get(), session.getTimeZoneKey())));
    }

    /**
     * The data table a handle reads or writes; refuses a metadata table, which is read-only.
     */
    private static LakehouseTableHandle dataTable(ConnectorTableHandle handle)
    {
        if (handle instanceof MetadataTableHandle metadataTable) {
            throw new TrinoException(NOT_SUPPORTED, "Metadata table '%s' is read-only".formatted(metadataTable.name()));
        }
        return (LakehouseTableHandle) handle;
    }

    /**
     * The columns a handle reads: those of its snapshot when it reads an older snapshot (time travel),
     * otherwise the table's current columns.
     */
    private static Schema schemaOf(Table table, LakehouseTableHandle handle)
    {
        return TableVersions.schemaOf(table, handle.snapshotId());
    }

    @Override
    public SchemaTableName getTableName(ConnectorSession session, ConnectorTableHandle table)
    {
        if (table instanceof MetadataTableHandle metadataTable) {
            return metadataTable.name();
        }
        return ((LakehouseTableHandle) table).schemaTableName();
    }

    @Override
    public ConnectorTableMetadata getTableMetadata(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        if (tableHandle instanceof MetadataTableHandle metadataTable) {
            return new ConnectorTableMetadata(metadataTable.name(), MetadataTables.columns(metadataTable, loadTable(metadataTable.baseTable()), typeManager));
        }
        LakehouseTableHandle handle = (LakehouseTableHandle) tableHandle;
        Table table = loadTable(handle.schemaTableName());
        return TableDescriptions.tableMetadata(handle.schemaTableName(), table, schemaOf(table, handle), typeManager);
    }

    @Override
    public List<SchemaTableName> listTables(ConnectorSession session, Optional<String> schemaName)
    {
        // tables and views, as the SPI asks
        return ImmutableList.<SchemaTableName>builder()
                .addAll(catalog.listTables(schemaName))
                .addAll(catalog.views().listViews(schemaName))
                .build();
    }

    @Override
    public Map<String, ColumnHandle> getColumnHandles(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        if (tableHandle instanceof MetadataTableHandle metadataTable) {
            return MetadataTables.columnHandles(metadataTable, loadTable(metadataTable.baseTable()), typeManager);
        }
        LakehouseTableHandle handle = (LakehouseTableHandle) tableHandle;
        Table table = loadTable(handle.schemaTableName());
        ImmutableMap.Builder<String, ColumnHandle> columns = ImmutableMap.builder();
        for (Types.NestedField field : schemaOf(table, handle).columns()) {
            columns.put(field.name(), columnHandle(field));
        }
        return columns.buildOrThrow();
    }

    private LakehouseColumnHandle columnHandle(Types.NestedField field)
    {
        return LakehouseColumnHandle.topLevel(field, TypeConverter.toTrinoType(field.type(), typeManager));
    }

    @Override
    public ColumnMetadata getColumnMetadata(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnHandle columnHandle)
    {
        if (columnHandle instanceof MetadataColumnHandle metadataColumn) {
            return new ColumnMetadata(metadataColumn.name(), metadataColumn.type());
        }
        LakehouseColumnHandle column = (LakehouseColumnHandle) columnHandle;
        LakehouseTableHandle handle = dataTable(tableHandle);
        Table table = loadTable(handle.schemaTableName());
        Types.NestedField field = schemaOf(table, handle).findField(column.baseFieldId());
        if (field == null || !column.isBaseColumn()) {
            return ColumnMetadata.builder().setName(column.qualifiedName()).setType(column.type()).build();
        }
        return TableDescriptions.columnMetadata(field, typeManager);
    }

    @Override
    public Iterator<RelationColumnsMetadata> streamRelationColumns(ConnectorSession session, Optional<String> schemaName, UnaryOperator<Set<SchemaTableName>> relationFilter)
    {
        // filter first: only the tables and views asked about are loaded
        ImmutableList.Builder<RelationColumnsMetadata> columns = ImmutableList.builder();
        filterRelations(schemaName, relationFilter).forEach((name, view) -> {
            if (view) {
                listedView(name).ifPresent(definition -> columns.add(RelationColumnsMetadata.forView(name, definition.getColumns())));
                return;
            }
            loadTableIfExists(name).ifPresent(table -> columns.add(RelationColumnsMetadata.forTable(name, TableDescriptions.columns(table, typeManager))));
        });
        return columns.build().iterator();
    }

    @Override
    public Iterator<RelationCommentMetadata> streamRelationComments(ConnectorSession session, Optional<String> schemaName, UnaryOperator<Set<SchemaTableName>> relationFilter)
    {
        ImmutableList.Builder<RelationCommentMetadata> comments = ImmutableList.builder();
        filterRelations(schemaName, relationFilter).forEach((name, view) -> {
            if (view) {
                listedView(name).ifPresent(definition -> comments.add(RelationCommentMetadata.forRelation(name, definition.getComment())));
                return;
            }
            loadTableIfExists(name).ifPresent(table -> comments.add(RelationCommentMetadata.forRelation(name, Optional.ofNullable(table.properties().get(TableDescriptions.COMMENT_PROPERTY)))));
        });
        return comments.build().iterator();
    }

    /**
     * The table, or empty when it was dropped since it was listed.
     */
    private Optional<Table> loadTableIfExists(SchemaTableName name)
    {
        return tables.loadIfExists(name);
    }

    @Override
    public Optional<Type> getSupportedType(ConnectorSession session, Map<String, Object> tableProperties, Type type)
    {
        return TypeConverter.toSupportedType(type, typeManager);
    }

    @Override
    public void createTable(ConnectorSession session, ConnectorTableMetadata tableMetadata, SaveMode saveMode)
    {
        if (saveMode == SaveMode.REPLACE) {
            throw new TrinoException(NOT_SUPPORTED, "This connector does not support replacing tables");
        }
        SchemaTableName name = tableMetadata.getTable();
        if (saveMode == SaveMode.IGNORE && catalog.loadTable(name).isPresent()) {
            return;
        }
        Transaction transaction = newCreateTableTransaction(session, tableMetadata);
        catalog.commit(name, transaction);
    }

    private Transaction newCreateTableTransaction(ConnectorSession session, ConnectorTableMetadata tableMetadata)
    {
        SchemaTableName name = tableMetadata.getTable();
        validateNameLength("Table", name.getTableName());
        NewTableDefinition definition = NewTableDefinition.of(tableMetadata, getCompressionCodec(session).icebergName());
        String location = LakehouseTableProperties.getLocation(tableMetadata.getProperties())
                .map(value -> {
                    validateLocation(value, "Table property 'location'", LAKEHOUSE_INVALID_TABLE_PROPERTY);
                    return value;
                })
                .orElseGet(() -> catalog.newTableLocation(name));
        return catalog.newCreateTableTransaction(name, definition.schema(), definition.spec(), definition.sortOrder(), location, definition.properties());
    }

    @Override
    public void dropTable(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        dropTable(session, dataTable(tableHandle).schemaTableName());
    }

    private void dropTable(ConnectorSession session, SchemaTableName name)
    {
        Table table = catalog.loadExistingTable(name);
        // Iceberg deletes the files its metadata references; the index files are listed only in snapshot summaries
        Set<String> indexFiles = BloomIndexFiles.listedBy(table.snapshots());
        catalog.dropTable(name);
        tables.invalidate(name);
        deleteIndexFiles(session, name, indexFiles);
        deleteFolderIfEmpty(session, table.location());
    }

    private void deleteIndexFiles(ConnectorSession session, SchemaTableName name, Set<String> indexFiles)
    {
        if (indexFiles.isEmpty()) {
            return;
        }
        try {
            fileSystemFactory.create(session).deleteFiles(indexFiles.stream().map(Location::of).toList());
        }
        catch (IOException | RuntimeException e) {
            log.warn(e, "Failed to delete the bloom index files of the dropped table %s", name);
        }
    }

    /**
     * After a table is dropped with its files, its folder holds only empty folders on a local file system:
     * removes it, unless something the table did not reference remains there.
     */
    private void deleteFolderIfEmpty(ConnectorSession session, String location)
    {
        TrinoFileSystem fileSystem = fileSystemFactory.create(session);
        try {
            Location folder = FileLocations.of(location);
            FileIterator files = fileSystem.listFiles(folder);
            if (!files.hasNext()) {
                fileSystem.deleteDirectory(folder);
            }
        }
        catch (IOException | RuntimeException e) {
            log.warn(e, "Failed to delete the folder %s of a dropped table", location);
        }
    }

    @Override
    public void setTableComment(ConnectorSession session, ConnectorTableHandle tableHandle, Optional<String> comment)
    {
        SchemaTableName name = dataTable(tableHandle).schemaTableName();
        Table table = catalog.loadExistingTable(name);
        commit(name, () -> {
            if (comment.isPresent()) {
                table.updateProperties().set(TableDescriptions.COMMENT_PROPERTY, comment.get()).commit();
            }
            else {
                table.updateProperties().remove(TableDescriptions.COMMENT_PROPERTY).commit();
            }
        });
        tables.invalidate(name);
    }

    @Override
    public void setTableProperties(ConnectorSession session, ConnectorTableHandle tableHandle, Map<String, Optional<Object>> properties)
    {
        SchemaTableName name = dataTable(tableHandle).schemaTableName();
        try {
            writeCommitter.commitMetadataChange(name, table -> new TablePropertyChanges(name, table).set(properties));
        }
        finally {
            tables.invalidate(name);
        }
    }

    @Override
    public void renameTable(ConnectorSession session, ConnectorTableHandle tableHandle, SchemaTableName newTableName)
    {
        SchemaTableName name = dataTable(tableHandle).schemaTableName();
        validateNameLength("Table", newTableName.getTableName());
        catalog.renameTable(name, newTableName);
        tables.invalidate(name);
        tables.invalidate(newTableName);
    }

    // column changes

    @Override
    public void addColumn(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnMetadata column, ColumnPosition position)
    {
        changeColumns(tableHandle, changes -> changes.addColumn(column.getName(), column.getType(), column.isNullable(), Optional.ofNullable(column.getComment()), position));
    }

    @Override
    public void addField(ConnectorSession session, ConnectorTableHandle tableHandle, List<String> parentPath, String fieldName, Type type, boolean ignoreExisting)
    {
        // an existing field with IF NOT EXISTS: a transaction without changes, which commits nothing
        changeColumns(tableHandle, changes -> changes.addField(parentPath, fieldName, type, ignoreExisting).orElseGet(changes::noChange));
    }

    @Override
    public void dropColumn(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnHandle column)
    {
        changeColumns(tableHandle, changes -> changes.drop(List.of(((LakehouseColumnHandle) column).baseName())));
    }

    @Override
    public void dropField(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnHandle column, List<String> fieldPath)
    {
        changeColumns(tableHandle, changes -> changes.drop(path(((LakehouseColumnHandle) column).baseName(), fieldPath)));
    }

    @Override
    public void renameColumn(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnHandle source, String target)
    {
        changeColumns(tableHandle, changes -> changes.rename(List.of(((LakehouseColumnHandle) source).baseName()), target));
    }

    @Override
    public void renameField(ConnectorSession session, ConnectorTableHandle tableHandle, List<String> fieldPath, String target)
    {
        changeColumns(tableHandle, changes -> changes.rename(fieldPath, target));
    }

    @Override
    public void setColumnType(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnHandle column, Type type)
    {
        changeColumns(tableHandle, changes -> changes.setType(List.of(((LakehouseColumnHandle) column).baseName()), type));
    }

    @Override
    public void setFieldType(ConnectorSession session, ConnectorTableHandle tableHandle, List<String> fieldPath, Type type)
    {
        changeColumns(tableHandle, changes -> changes.setType(fieldPath, type));
    }

    /**
     * Applies a change of columns to the newest state of the table, in one commit.
     */
    private void changeColumns(ConnectorTableHandle tableHandle, Function<ColumnChanges, Transaction> change)
    {
        SchemaTableName name = dataTable(tableHandle).schemaTableName();
        try {
            writeCommitter.commitMetadataChange(name, table -> change.apply(new ColumnChanges(name, table, typeManager)));
        }
        finally {
            tables.invalidate(name);
        }
    }

    private static List<String> path(String column, List<String> fieldPath)
    {
        return ImmutableList.<String>builder().add(column).addAll(fieldPath).build();
    }

    @Override
    public Optional<ConnectorTableExecuteHandle> getTableHandleForExecute(
            ConnectorSession session,
            ConnectorAccessControl accessControl,
            ConnectorTableHandle tableHandle,
            String procedureName,
            Map<String, Object> executeProperties,
            RetryMode retryMode)
    {
        LakehouseTableHandle table = dataTable(tableHandle);
        return Optional.of(tableProcedures.handle(table.schemaTableName(), procedureName, executeProperties));
    }

    @Override
    public void executeTableExecute(ConnectorSession session, ConnectorTableExecuteHandle tableExecuteHandle)
    {
        LakehouseTableExecuteHandle handle = (LakehouseTableExecuteHandle) tableExecuteHandle;
        SchemaTableName name = handle.schemaTableName();
        // the newest state, not the one this transaction read: the procedures commit on top of it
        tableProcedures.run(session, handle, catalog.loadExistingTable(name));
        tables.invalidate(name);
    }

    @Override
    public void setColumnComment(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnHandle columnHandle, Optional<String> comment)
    {
        SchemaTableName name = dataTable(tableHandle).schemaTableName();
        LakehouseColumnHandle column = (LakehouseColumnHandle) columnHandle;
        Table table = catalog.loadExistingTable(name);
        commit(name, () -> table.updateSchema().updateColumnDoc(table.schema().findColumnName(column.baseFieldId()), comment.orElse(null)).commit());
        tables.invalidate(name);
    }

    @Override
    public void dropNotNullConstraint(ConnectorSession session, ConnectorTableHandle tableHandle, ColumnHandle columnHandle)
    {
        SchemaTableName name = dataTable(tableHandle).schemaTableName();
        LakehouseColumnHandle column = (LakehouseColumnHandle) columnHandle;
        Table table = catalog.loadExistingTable(name);
        commit(name, () -> table.updateSchema().makeColumnOptional(table.schema().findColumnName(column.baseFieldId())).commit());
        tables.invalidate(name);
    }

    // views

    @Override
    public void createView(ConnectorSession session, SchemaTableName viewName, ConnectorViewDefinition definition, Map<String, Object> viewProperties, boolean replace)
    {
        validateNameLength("View", viewName.getTableName());
        if (!catalog.schemaExists(viewName.getSchemaName())) {
            throw new SchemaNotFoundException(viewName.getSchemaName());
        }
        if (catalog.loadTable(viewName).isPresent()) {
            throw new TrinoException(ALREADY_EXISTS, "Cannot create view '%s': a table of that name already exists".formatted(viewName));
        }
        IcebergViewDefinition view = ViewDefinitionConverter.toIceberg(definition, typeManager);
        if (replace) {
            catalog.views().createOrReplaceView(viewName, view);
        }
        else {
            catalog.views().createView(viewName, view);
        }
    }

    @Override
    public void dropView(ConnectorSession session, SchemaTableName viewName)
    {
        catalog.views().dropView(viewName);
    }

    @Override
    public void renameView(ConnectorSession session, SchemaTableName source, SchemaTableName target)
    {
        validateNameLength("View", target.getTableName());
        catalog.views().renameView(source, target);
    }

    @Override
    public List<SchemaTableName> listViews(ConnectorSession session, Optional<String> schemaName)
    {
        return catalog.views().listViews(schemaName);
    }

    /**
     * The views Trino can run; views with queries only in other engines' SQL dialects are left out.
     */
    @Override
    public Map<SchemaTableName, ConnectorViewDefinition> getViews(ConnectorSession session, Optional<String> schemaName)
    {
        ImmutableMap.Builder<SchemaTableName, ConnectorViewDefinition> views = ImmutableMap.builder();
        for (SchemaTableName name : catalog.views().listViews(schemaName)) {
            listedView(name).ifPresent(view -> views.put(name, view));
        }
        return views.buildOrThrow();
    }

    @Override
    public Optional<ConnectorViewDefinition> getView(ConnectorSession session, SchemaTableName viewName)
    {
        if (MetadataTables.parse(viewName).isPresent()) {
            return Optional.empty();
        }
        return catalog.views().loadView(viewName)
                .map(view -> ViewDefinitionConverter.toTrino(viewName, view, typeManager));
    }

    @Override
    public boolean isView(ConnectorSession session, SchemaTableName viewName)
    {
        return catalog.views().viewExists(viewName);
    }

    @Override
    public void setViewComment(ConnectorSession session, SchemaTableName viewName, Optional<String> comment)
    {
        catalog.views().setProperty(viewName, ViewDefinitionConverter.COMMENT_PROPERTY, comment);
    }

    @Override
    public void setViewColumnComment(ConnectorSession session, SchemaTableName viewName, String columnName, Optional<String> comment)
    {
        catalog.views().setColumnDoc(viewName, columnName, comment);
    }

    /**
     * The relations of the schema (or of all schemas) the filter keeps, each with whether it is a view.
     */
    private Map<SchemaTableName, Boolean> filterRelations(Optional<String> schemaName, UnaryOperator<Set<SchemaTableName>> relationFilter)
    {
        Set<SchemaTableName> views = ImmutableSet.copyOf(catalog.views().listViews(schemaName));
        Set<SchemaTableName> relations = ImmutableSet.<SchemaTableName>builder()
                .addAll(catalog.listTables(schemaName))
                .addAll(views)
                .build();
        ImmutableMap.Builder<SchemaTableName, Boolean> filtered = ImmutableMap.builder();
        for (SchemaTableName name : relationFilter.apply(relations)) {
            filtered.put(name, views.contains(name));
        }
        return filtered.buildOrThrow();
    }

    /**
     * The view's definition for listings: empty when it was dropped since it was listed, or is not for Trino.
     */
    private Optional<ConnectorViewDefinition> listedView(SchemaTableName name)
    {
        return catalog.views().loadView(name)
                .filter(ViewDefinitionConverter::hasTrinoQuery)
                .map(view -> ViewDefinitionConverter.toTrino(name, view, typeManager));
    }

    // reads

    @Override
    public Optional<ConstraintApplicationResult<ConnectorTableHandle>> applyFilter(ConnectorSession session, ConnectorTableHandle handle, Constraint constraint)
    {
        if (handle instanceof MetadataTableHandle) {
            return Optional.empty();
        }
        LakehouseTableHandle table = (LakehouseTableHandle) handle;
        return FilterPushdown.applyFilter(loadTable(table.schemaTableName()), table, constraint);
    }

    @Override
    public Optional<ProjectionApplicationResult<ConnectorTableHandle>> applyProjection(
            ConnectorSession session,
            ConnectorTableHandle handle,
            List<ConnectorExpression> projections,
            Map<String, ColumnHandle> assignments)
    {
        if (!isProjectionPushdownEnabled(session) || handle instanceof MetadataTableHandle) {
            return Optional.empty();
        }
        LakehouseTableHandle table = (LakehouseTableHandle) handle;
        return ProjectionPushdown.applyProjection(schemaOf(loadTable(table.schemaTableName()), table), table, projections, assignments);
    }

    @Override
    public ConnectorTableProperties getTableProperties(ConnectorSession session, ConnectorTableHandle handle)
    {
        if (handle instanceof MetadataTableHandle) {
            return new ConnectorTableProperties();
        }
        LakehouseTableHandle table = (LakehouseTableHandle) handle;
        return new ConnectorTableProperties(table.enforcedPredicate().transformKeys(ColumnHandle.class::cast), Optional.empty(), Optional.empty(), ImmutableList.of());
    }

    @Override
    public TableStatistics getTableStatistics(ConnectorSession session, ConnectorTableHandle handle)
    {
        if (handle instanceof MetadataTableHandle) {
            return TableStatistics.empty();
        }
        LakehouseTableHandle table = (LakehouseTableHandle) handle;
        return statistics.computeIfAbsent(table, this::computeStatistics);
    }

    private TableStatistics computeStatistics(LakehouseTableHandle handle)
    {
        Table table = loadTable(handle.schemaTableName());
        if (handle.snapshotId().isEmpty()) {
            return TableStatistics.builder().setRowCount(Estimate.zero()).build();
        }
        if (handle.enforcedPredicate().isNone()) {
            return TableStatistics.builder().setRowCount(Estimate.zero()).build();
        }
        Snapshot snapshot = table.snapshot(handle.snapshotId().getAsLong());
        Schema schema = schemaOf(table, handle);
        List<LakehouseColumnHandle> columns = schema.columns().stream()
                .map(this::columnHandle)
                .collect(toImmutableList());
        return TableStatisticsProvider.statistics(table, snapshot, schema, handle, columns);
    }

    // row-level changes

    @Override
    public ColumnHandle getMergeRowIdColumnHandle(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        return MergeRowId.columnHandle();
    }

    @Override
    public RowChangeParadigm getRowChangeParadigm(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        return RowChangeParadigm.DELETE_ROW_AND_INSERT_ROW;
    }

    @Override
    public Optional<ConnectorPartitioningHandle> getUpdateLayout(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        return Optional.of(new DataFilePartitioningHandle());
    }

    /**
     * A DELETE, UPDATE or MERGE: deleted rows are recorded in delete files, new rows (and new versions of
     * updated rows) in data files, committed together by {@link #finishMerge}.
     */
    @Override
    public ConnectorMergeTableHandle beginMerge(ConnectorSession session, ConnectorTableHandle tableHandle, Map<Integer, Collection<ColumnHandle>> updateCaseColumns, RetryMode retryMode)
    {
        LakehouseTableHandle handle = dataTable(tableHandle);
        SchemaTableName name = handle.schemaTableName();
        Table table = loadTable(name);
        int formatVersion = TableUtil.formatVersion(table);
        if (formatVersion < 2) {
            throw new TrinoException(NOT_SUPPORTED, ("Cannot change rows of table '%s': it has Iceberg format version %s, which cannot record deleted rows " +
                    "(only DELETEs of whole partitions work on it)").formatted(name, formatVersion));
        }
        LakehouseWritableTableHandle insert = writableHandle(session, name, table, handle.snapshotId(), false);
        pendingWrites.put(session.getQueryId() + "/" + name, new PendingWrite(insert.dataLocation(), session.getQueryId(), retryMode));
        return new LakehouseMergeTableHandle(handle, insert, formatVersion, isSerializable(table, updateCaseColumns.isEmpty()));
    }

    /**
     * Whether the table asks for serializable isolation of this kind of change (Iceberg's default), rather than snapshot isolation.
     */
    private static boolean isSerializable(Table table, boolean delete)
    {
        List<String> properties = delete
                ? List.of(TableProperties.DELETE_ISOLATION_LEVEL)
                : List.of(TableProperties.UPDATE_ISOLATION_LEVEL, TableProperties.MERGE_ISOLATION_LEVEL);
        return properties.stream()
                .map(property -> table.properties().getOrDefault(property, TableProperties.DELETE_ISOLATION_LEVEL_DEFAULT))
                .anyMatch(level -> IsolationLevel.fromName(level) == IsolationLevel.SERIALIZABLE);
    }

    @Override
    public void finishMerge(ConnectorSession session, ConnectorMergeTableHandle mergeTableHandle, List<ConnectorTableHandle> sourceTableHandles, Collection<Slice> fragments, Collection<ComputedStatistics> computedStatistics)
    {
        LakehouseMergeTableHandle handle = (LakehouseMergeTableHandle) mergeTableHandle;
        SchemaTableName name = handle.table().schemaTableName();
        PendingWrite write = pendingWrites.remove(session.getQueryId() + "/" + name);
        try {
            writeCommitter.commitRowChanges(
                    session,
                    name,
                    SchemaParser.fromJson(handle.insert().schemaJson()),
                    handle.table().snapshotId(),
                    PredicateConverter.toIcebergExpression(handle.table().predicate()),
                    handle.serializable(),
                    fragments);
        }
        finally {
            tables.invalidate(name);
        }
        write.deleteUncommittedFiles(fileSystemFactory, writeCommitter.writtenFiles(fragments));
    }

    @Override
    public void truncateTable(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        SchemaTableName name = dataTable(tableHandle).schemaTableName();
        Table table = catalog.loadExistingTable(name);
        if (table.currentSnapshot() == null) {
            return;
        }
        commit(name, () -> table.newDelete().deleteFromRowFilter(Expressions.alwaysTrue()).commit());
        tables.invalidate(name);
    }

    /**
     * A DELETE whose filter the scan enforces completely (only identity partition columns, or no filter)
     * removes whole data files: a metadata-only commit. Not when the table has delete files: the rows
     * deleted could then not be counted without reading them.
     */
    @Override
    public Optional<ConnectorTableHandle> applyDelete(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        LakehouseTableHandle handle = dataTable(tableHandle);
        if (!handle.unenforcedPredicate().isAll() || hasDeleteFiles(handle)) {
            return Optional.empty();
        }
        return Optional.of(handle);
    }

    private boolean hasDeleteFiles(LakehouseTableHandle handle)
    {
        if (handle.snapshotId().isEmpty()) {
            return false;
        }
        Snapshot snapshot = loadTable(handle.schemaTableName()).snapshot(handle.snapshotId().getAsLong());
        // without the summary's count (written by every Iceberg library since deletes exist), assume there are
        String deleteFiles = snapshot == null ? null : snapshot.summary().get(SnapshotSummary.TOTAL_DELETE_FILES_PROP);
        return deleteFiles == null || Long.parseLong(deleteFiles) > 0;
    }

    @Override
    public OptionalLong executeDelete(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        LakehouseTableHandle handle = dataTable(tableHandle);
        SchemaTableName name = handle.schemaTableName();
        if (handle.snapshotId().isEmpty() || handle.enforcedPredicate().isNone()) {
            return OptionalLong.of(0);
        }
        Table table = catalog.loadExistingTable(name);
        Snapshot before = table.currentSnapshot();
        commit(name, () -> table.newDelete()
                .deleteFromRowFilter(PredicateConverter.toIcebergExpression(handle.enforcedPredicate()))
                .commit());
        tables.invalidate(name);
        Snapshot after = table.currentSnapshot();
        if (after == null || (before != null && after.snapshotId() == before.snapshotId())) {
            return OptionalLong.of(0);
        }
        // Iceberg records the count whenever the commit removed files
        return OptionalLong.of(Long.parseLong(after.summary().getOrDefault(SnapshotSummary.DELETED_RECORDS_PROP, "0")));
    }

    // writes

    @Override
    public Optional<ConnectorTableLayout> getNewTableLayout(ConnectorSession session, ConnectorTableMetadata tableMetadata)
    {
        NewTableDefinition definition = NewTableDefinition.of(tableMetadata, getCompressionCodec(session).icebergName());
        return partitionLayout(definition.schema(), definition.spec());
    }

    @Override
    public Optional<ConnectorTableLayout> getInsertLayout(ConnectorSession session, ConnectorTableHandle tableHandle)
    {
        Table table = loadTable(dataTable(tableHandle).schemaTableName());
        return partitionLayout(table.schema(), table.spec());
    }

    /**
     * For a partitioned table, rows are distributed to writers by partition, so each writer writes few
     * partitions, into few files.
     */
    private Optional<ConnectorTableLayout> partitionLayout(Schema schema, PartitionSpec spec)
    {
        if (spec.isUnpartitioned()) {
            return Optional.empty();
        }
        LakehousePartitioningHandle.Layout layout = LakehousePartitioningHandle.layout(
                spec,
                schema,
                fieldId -> TypeConverter.toTrinoType(schema.findType(fieldId), typeManager));
        return Optional.of(new ConnectorTableLayout(layout.handle(), layout.columns(), true));
    }

    @Override
    public ConnectorOutputTableHandle beginCreateTable(ConnectorSession session, ConnectorTableMetadata tableMetadata, Optional<ConnectorTableLayout> layout, RetryMode retryMode, boolean replace)
    {
        if (replace) {
            throw new TrinoException(NOT_SUPPORTED, "This connector does not support replacing tables");
        }
        SchemaTableName name = tableMetadata.getTable();
        if (catalog.loadTable(name).isPresent()) {
            throw new TrinoException(ALREADY_EXISTS, "Table '%s' already exists".formatted(name));
        }
        Transaction transaction = newCreateTableTransaction(session, tableMetadata);
        pendingCreates.put(name, transaction);
        Table table = transaction.table();
        LakehouseWritableTableHandle handle = writableHandle(session, name, table, OptionalLong.empty(), true);
        pendingWrites.put(session.getQueryId() + "/" + name, new PendingWrite(handle.dataLocation(), session.getQueryId(), retryMode));
        return handle;
    }

    @Override
    public Optional<ConnectorOutputMetadata> finishCreateTable(ConnectorSession session, ConnectorOutputTableHandle tableHandle, Collection<Slice> fragmentSlices, Collection<ComputedStatistics> computedStatistics)
    {
        LakehouseWritableTableHandle handle = (LakehouseWritableTableHandle) tableHandle;
        SchemaTableName name = handle.schemaTableName();
        Transaction transaction = pendingCreates.remove(name);
        PendingWrite write = pendingWrites.remove(session.getQueryId() + "/" + name);
        writeCommitter.commitNewTable(session, name, transaction, fragmentSlices);
        write.deleteUncommittedFiles(fileSystemFactory, writeCommitter.writtenFiles(fragmentSlices));
        return Optional.empty();
    }

    @Override
    public ConnectorInsertTableHandle beginInsert(ConnectorSession session, ConnectorTableHandle tableHandle, List<ColumnHandle> columns, RetryMode retryMode)
    {
        LakehouseTableHandle table = dataTable(tableHandle);
        SchemaTableName name = table.schemaTableName();
        Table icebergTable = loadTable(name);
        LakehouseWritableTableHandle handle = writableHandle(session, name, icebergTable, table.snapshotId(), false);
        pendingWrites.put(session.getQueryId() + "/" + name, new PendingWrite(handle.dataLocation(), session.getQueryId(), retryMode));
        return handle;
    }

    @Override
    public Optional<ConnectorOutputMetadata> finishInsert(
            ConnectorSession session,
            ConnectorInsertTableHandle insertHandle,
            List<ConnectorTableHandle> sourceTableHandles,
            Collection<Slice> fragmentSlices,
            Collection<ComputedStatistics> computedStatistics)
    {
        LakehouseWritableTableHandle handle = (LakehouseWritableTableHandle) insertHandle;
        SchemaTableName name = handle.schemaTableName();
        PendingWrite write = pendingWrites.remove(session.getQueryId() + "/" + name);
        try {
            writeCommitter.commitAppend(session, name, SchemaParser.fromJson(handle.schemaJson()), fragmentSlices);
        }
        finally {
            tables.invalidate(name);
        }
        write.deleteUncommittedFiles(fileSystemFactory, writeCommitter.writtenFiles(fragmentSlices));
        return Optional.empty();
    }

    private LakehouseWritableTableHandle writableHandle(ConnectorSession session, SchemaTableName name, Table table, OptionalLong baseSnapshotId, boolean newTable)
    {
        Schema schema = table.schema();
        List<LakehouseColumnHandle> columns = schema.columns().stream()
                .map(this::columnHandle)
                .collect(toImmutableList());
        String dataLocation = Optional.ofNullable(table.properties().get(TableProperties.WRITE_DATA_LOCATION))
                .orElseGet(() -> Location.of(table.location()).appendPath("data").toString());
        long targetFileSize = Optional.ofNullable(table.properties().get(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES))
                .map(Long::parseLong)
                .orElse(writerConfig.getTargetFileSize().toBytes());
        return new LakehouseWritableTableHandle(
                name.getSchemaName(),
                name.getTableName(),
                SchemaParser.toJson(schema),
                PartitionSpecParser.toJson(table.spec()),
                SortOrderParser.toJson(table.sortOrder()),
                columns,
                dataLocation,
                targetFileSize,
                getCompressionCodec(session),
                baseSnapshotId,
                newTable,
                BloomFilterColumns.of(schema, table.properties()));
    }

    private void commit(SchemaTableName name, Runnable change)
    {
        try {
            change.run();
        }
        catch (RuntimeException e) {
            throw WriteCommitter.translateCommitFailure(name, e);
        }
    }

    /**
     * Called when the transaction rolls back: deletes the data files writes of this transaction left
     * behind (those of tasks that finished before the statement failed). Files of tasks that failed are
     * deleted by their page sinks.
     */
    void rollback()
    {
        for (PendingWrite write : pendingWrites.values()) {
            write.deleteFiles(fileSystemFactory);
        }
        pendingWrites.clear();
        pendingCreates.clear();
    }

    private static void validateNameLength(String kind, String name)
    {
        if (name.length() > MAX_NAME_LENGTH) {
            throw new TrinoException(NOT_SUPPORTED, "%s name must be shorter than or equal to '%s' characters but got '%s'".formatted(kind, MAX_NAME_LENGTH, name.length()));
        }
    }

    private static void validateLocation(String location, String what, LakehouseErrorCode errorCode)
    {
        try {
            Location parsed = Location.of(location);
            if (parsed.scheme().isEmpty() && !location.startsWith("/")) {
                throw new IllegalArgumentException("not an absolute path or URI");
            }
        }
        catch (IllegalArgumentException e) {
            throw new TrinoException(errorCode, "%s is not a valid location: '%s' (%s)".formatted(what, location, e.getMessage()), e);
        }
    }

    /**
     * @param retryMode whether tasks or the query may run more than once, leaving the files of the attempts that lost
     */
    private record PendingWrite(String dataLocation, String queryId, RetryMode retryMode)
    {
        void deleteFiles(TrinoFileSystemFactory fileSystemFactory)
        {
            deleteFilesExcept(fileSystemFactory, Set.of());
        }

        /**
         * After a commit with retries: deletes the files that attempts of tasks (or of the query) wrote
         * and that were not committed, since another attempt of the same work won.
         */
        void deleteUncommittedFiles(TrinoFileSystemFactory fileSystemFactory, Set<String> committed)
        {
            if (retryMode != RetryMode.NO_RETRIES) {
                deleteFilesExcept(fileSystemFactory, committed);
            }
        }

        private void deleteFilesExcept(TrinoFileSystemFactory fileSystemFactory, Set<String> kept)
        {
            // files of a query are named after it, so they can be found without the fragments; a listing may
            // spell locations differently from the writers (file:/ and file:///), so files are matched by name,
            // which holds a random UUID
            Set<String> keptNames = kept.stream()
                    .map(path -> path.substring(path.lastIndexOf('/') + 1))
                    .collect(toImmutableSet());
            TrinoFileSystem fileSystem = fileSystemFactory.create(ConnectorIdentity.ofUser("lakehouse"));
            try {
                FileIterator files = fileSystem.listFiles(FileLocations.of(dataLocation));
                ImmutableList.Builder<Location> written = ImmutableList.builder();
                while (files.hasNext()) {
                    Location file = files.next().location();
                    if (file.fileName().startsWith(queryId + "-") && !keptNames.contains(file.fileName())) {
                        written.add(file);
                    }
                }
                fileSystem.deleteFiles(written.build());
            }
            catch (IOException | RuntimeException e) {
                log.warn(e, "Failed to delete the files query %s wrote to %s", queryId, dataLocation);
            }
        }
    }
}
