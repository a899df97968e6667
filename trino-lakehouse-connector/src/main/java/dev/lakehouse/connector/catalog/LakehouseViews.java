package dev.lakehouse.connector.catalog;

import com.google.common.collect.ImmutableList;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.SchemaNotFoundException;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.ViewNotFoundException;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.catalog.ViewCatalog;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.ReplaceViewVersion;
import org.apache.iceberg.view.SQLViewRepresentation;
import org.apache.iceberg.view.UpdateViewProperties;
import org.apache.iceberg.view.View;
import org.apache.iceberg.view.ViewBuilder;
import org.apache.iceberg.view.ViewRepresentation;
import org.apache.iceberg.view.ViewVersion;

import java.util.List;
import java.util.Optional;

import static dev.lakehouse.connector.catalog.LakehouseCatalog.identifier;
import static io.trino.spi.StandardErrorCode.ALREADY_EXISTS;
import static io.trino.spi.StandardErrorCode.COLUMN_NOT_FOUND;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static java.util.Objects.requireNonNull;

/**
 * The views of the catalog, stored as Iceberg views (the catalog's {@link ViewCatalog}): Trino schemas are
 * single-level namespaces, and every failure becomes a Trino error that names the view. A catalog without
 * views has none: listing them gives nothing, creating one fails.
 */
public class LakehouseViews
{
    private final LakehouseCatalog catalog;

    LakehouseViews(LakehouseCatalog catalog)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    public List<SchemaTableName> listViews(Optional<String> schema)
    {
        return catalog.call("list views", () -> {
            Optional<ViewCatalog> views = viewCatalogIfSupported();
            if (views.isEmpty()) {
                return ImmutableList.of();
            }
            ImmutableList.Builder<SchemaTableName> names = ImmutableList.builder();
            List<String> schemas = schema.map(List::of).orElseGet(catalog::listSchemas);
            for (String name : schemas) {
                try {
                    for (TableIdentifier identifier : views.get().listViews(Namespace.of(name))) {
                        names.add(new SchemaTableName(name, identifier.name()));
                    }
                }
                catch (NoSuchNamespaceException e) {
                    // dropped meanwhile, or never existed: no views
                }
            }
            return names.build();
        });
    }

    /**
     * The view at its current version; empty when the catalog has no such view (there may be a table of that name).
     */
    public Optional<View> loadView(SchemaTableName name)
    {
        return catalog.call("load view '%s'".formatted(name), () -> {
            Optional<ViewCatalog> views = viewCatalogIfSupported();
            if (views.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(views.get().loadView(identifier(name)));
            }
            catch (NoSuchViewException e) {
                return Optional.empty();
            }
        });
    }

    public boolean viewExists(SchemaTableName name)
    {
        return catalog.call("find view '%s'".formatted(name), () -> viewCatalogIfSupported()
                .map(views -> views.viewExists(identifier(name)))
                .orElse(false));
    }

    /**
     * Creates the view, in a new folder under the schema's location (where Iceberg writes its metadata files).
     */
    public void createView(SchemaTableName name, IcebergViewDefinition definition)
    {
        catalog.call("create view '%s'".formatted(name), () -> {
            ViewBuilder builder = viewBuilder(name, definition)
                    .withLocation(catalog.newTableLocation(name));
            try {
                builder.create();
            }
            catch (AlreadyExistsException e) {
                throw alreadyExists(name, e);
            }
            catch (NoSuchNamespaceException e) {
                throw new SchemaNotFoundException(name.getSchemaName(), e);
            }
            return null;
        });
    }

    /**
     * Creates the view, or replaces the definition of the view of that name with a new version. A replaced
     * view has exactly the properties of the new definition: Iceberg would keep the old ones, and with them,
     * for example, the owner a view with invoker's rights must not have. The old properties are removed
     * before the new version is written, so a failure in between leaves the old query with fewer rights, not
     * the new query with old ones.
     */
    public void createOrReplaceView(SchemaTableName name, IcebergViewDefinition definition)
    {
        Optional<View> existing = loadView(name);
        if (existing.isEmpty()) {
            createView(name, definition);
            return;
        }
        catalog.call("replace view '%s'".formatted(name), () -> {
            View view = existing.get();
            UpdateViewProperties update = view.updateProperties();
            boolean stale = false;
            for (String property : view.properties().keySet()) {
                if (!definition.properties().containsKey(property)) {
                    update.remove(property);
                    stale = true;
                }
            }
            if (stale) {
                update.commit();
            }
            try {
                viewBuilder(name, definition).replace();
            }
            catch (AlreadyExistsException e) {
                throw alreadyExists(name, e);
            }
            catch (NoSuchViewException e) {
                throw new ViewNotFoundException(name, "View '%s' was dropped while it was replaced".formatted(name));
            }
            return null;
        });
    }

    private ViewBuilder viewBuilder(SchemaTableName name, IcebergViewDefinition definition)
    {
        return viewCatalog(name).buildView(identifier(name))
                .withSchema(definition.schema())
                .withQuery(definition.dialect(), definition.sql())
                .withDefaultCatalog(definition.defaultCatalog().orElse(null))
                .withDefaultNamespace(definition.defaultNamespace())
                .withProperties(definition.properties());
    }

    private TrinoException alreadyExists(SchemaTableName name, AlreadyExistsException cause)
    {
        if (catalog.loadTable(name).isPresent()) {
            return new TrinoException(ALREADY_EXISTS, "Cannot create view '%s': a table of that name already exists".formatted(name), cause);
        }
        return new TrinoException(ALREADY_EXISTS, "View '%s' already exists".formatted(name), cause);
    }

    /**
     * Removes the view from the catalog, and its metadata files.
     */
    public void dropView(SchemaTableName name)
    {
        catalog.call("drop view '%s'".formatted(name), () -> {
            if (!viewCatalog(name).dropView(identifier(name))) {
                throw new ViewNotFoundException(name);
            }
            return null;
        });
    }

    public void renameView(SchemaTableName source, SchemaTableName target)
    {
        catalog.call("rename view '%s' to '%s'".formatted(source, target), () -> {
            try {
                viewCatalog(source).renameView(identifier(source), identifier(target));
            }
            catch (NoSuchViewException e) {
                throw new ViewNotFoundException(source, e);
            }
            catch (NoSuchNamespaceException e) {
                throw new SchemaNotFoundException(target.getSchemaName(), e);
            }
            catch (AlreadyExistsException e) {
                throw new TrinoException(ALREADY_EXISTS, "Cannot rename view '%s' to '%s': a table or view of that name already exists".formatted(source, target), e);
            }
            return null;
        });
    }

    /**
     * Sets the property, or removes it when the value is empty.
     */
    public void setProperty(SchemaTableName name, String property, Optional<String> value)
    {
        catalog.call("change view '%s'".formatted(name), () -> {
            View view = loadExistingView(name);
            UpdateViewProperties update = view.updateProperties();
            value.ifPresentOrElse(
                    present -> update.set(property, present),
                    () -> update.remove(property));
            update.commit();
            return null;
        });
    }

    /**
     * Writes a new version of the view whose column has the given documentation (or none); the query and
     * everything else stay as they are.
     */
    public void setColumnDoc(SchemaTableName name, String column, Optional<String> doc)
    {
        catalog.call("change view '%s'".formatted(name), () -> {
            View view = loadExistingView(name);
            Schema schema = view.schema();
            if (schema.findField(column) == null) {
                throw new TrinoException(COLUMN_NOT_FOUND, "View '%s' has no column '%s'".formatted(name, column));
            }
            ImmutableList.Builder<Types.NestedField> fields = ImmutableList.builder();
            for (Types.NestedField field : schema.columns()) {
                fields.add(field.name().equals(column)
                        ? Types.NestedField.of(field.fieldId(), field.isOptional(), field.name(), field.type(), doc.orElse(null))
                        : field);
            }
            ViewVersion current = view.currentVersion();
            ReplaceViewVersion replace = view.replaceVersion()
                    .withSchema(new Schema(fields.build()))
                    .withDefaultCatalog(current.defaultCatalog())
                    .withDefaultNamespace(current.defaultNamespace());
            for (ViewRepresentation representation : current.representations()) {
                if (representation instanceof SQLViewRepresentation sql) {
                    replace.withQuery(sql.dialect(), sql.sql());
                }
            }
            replace.commit();
            return null;
        });
    }

    private View loadExistingView(SchemaTableName name)
    {
        return loadView(name).orElseThrow(() -> new ViewNotFoundException(name));
    }

    private ViewCatalog viewCatalog(SchemaTableName name)
    {
        return viewCatalogIfSupported().orElseThrow(() ->
                new TrinoException(NOT_SUPPORTED, "Cannot change view '%s': the %s has no views".formatted(name, catalog.description())));
    }

    private Optional<ViewCatalog> viewCatalogIfSupported()
    {
        Catalog icebergCatalog = catalog.catalog();
        if (icebergCatalog instanceof ViewCatalog views) {
            return Optional.of(views);
        }
        return Optional.empty();
    }
}
