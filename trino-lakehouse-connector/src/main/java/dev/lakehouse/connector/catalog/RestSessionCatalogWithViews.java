package dev.lakehouse.connector.catalog;

import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SessionCatalog.SessionContext;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.catalog.ViewCatalog;
import org.apache.iceberg.rest.RESTSessionCatalog;
import org.apache.iceberg.view.View;
import org.apache.iceberg.view.ViewBuilder;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A REST session catalog for one session context, with its tables, namespaces and views in one object, as
 * {@link LakehouseCatalog} and {@link LakehouseViews} use it. Iceberg's own {@code RESTCatalog} does the same,
 * but cannot be given the file IO, which must be the Trino file system's.
 */
final class RestSessionCatalogWithViews
        implements Catalog, SupportsNamespaces, ViewCatalog
{
    private final String name;
    private final Catalog tables;
    private final SupportsNamespaces namespaces;
    private final ViewCatalog views;

    RestSessionCatalogWithViews(RESTSessionCatalog sessionCatalog, SessionContext context)
    {
        requireNonNull(sessionCatalog, "sessionCatalog is null");
        requireNonNull(context, "context is null");
        this.name = sessionCatalog.name();
        this.tables = sessionCatalog.asCatalog(context);
        this.namespaces = (SupportsNamespaces) tables;
        this.views = sessionCatalog.asViewCatalog(context);
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public void initialize(String name, Map<String, String> properties)
    {
        throw new UnsupportedOperationException("The REST session catalog is initialized already");
    }

    // tables

    @Override
    public List<TableIdentifier> listTables(Namespace namespace)
    {
        return tables.listTables(namespace);
    }

    @Override
    public TableBuilder buildTable(TableIdentifier identifier, Schema schema)
    {
        return tables.buildTable(identifier, schema);
    }

    @Override
    public boolean tableExists(TableIdentifier identifier)
    {
        return tables.tableExists(identifier);
    }

    @Override
    public Table loadTable(TableIdentifier identifier)
    {
        return tables.loadTable(identifier);
    }

    @Override
    public boolean dropTable(TableIdentifier identifier, boolean purge)
    {
        return tables.dropTable(identifier, purge);
    }

    @Override
    public void renameTable(TableIdentifier from, TableIdentifier to)
    {
        tables.renameTable(from, to);
    }

    @Override
    public Table registerTable(TableIdentifier identifier, String metadataFileLocation)
    {
        return tables.registerTable(identifier, metadataFileLocation);
    }

    @Override
    public void invalidateTable(TableIdentifier identifier)
    {
        tables.invalidateTable(identifier);
    }

    // namespaces

    @Override
    public void createNamespace(Namespace namespace, Map<String, String> metadata)
    {
        namespaces.createNamespace(namespace, metadata);
    }

    @Override
    public List<Namespace> listNamespaces(Namespace namespace)
    {
        return namespaces.listNamespaces(namespace);
    }

    @Override
    public Map<String, String> loadNamespaceMetadata(Namespace namespace)
    {
        return namespaces.loadNamespaceMetadata(namespace);
    }

    @Override
    public boolean namespaceExists(Namespace namespace)
    {
        return namespaces.namespaceExists(namespace);
    }

    @Override
    public boolean dropNamespace(Namespace namespace)
    {
        return namespaces.dropNamespace(namespace);
    }

    @Override
    public boolean setProperties(Namespace namespace, Map<String, String> properties)
    {
        return namespaces.setProperties(namespace, properties);
    }

    @Override
    public boolean removeProperties(Namespace namespace, Set<String> properties)
    {
        return namespaces.removeProperties(namespace, properties);
    }

    // views

    @Override
    public List<TableIdentifier> listViews(Namespace namespace)
    {
        return views.listViews(namespace);
    }

    @Override
    public View loadView(TableIdentifier identifier)
    {
        return views.loadView(identifier);
    }

    @Override
    public boolean viewExists(TableIdentifier identifier)
    {
        return views.viewExists(identifier);
    }

    @Override
    public ViewBuilder buildView(TableIdentifier identifier)
    {
        return views.buildView(identifier);
    }

    @Override
    public boolean dropView(TableIdentifier identifier)
    {
        return views.dropView(identifier);
    }

    @Override
    public void renameView(TableIdentifier from, TableIdentifier to)
    {
        views.renameView(from, to);
    }

    @Override
    public void invalidateView(TableIdentifier identifier)
    {
        views.invalidateView(identifier);
    }
}
