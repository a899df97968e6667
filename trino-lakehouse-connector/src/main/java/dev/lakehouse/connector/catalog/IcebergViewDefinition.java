package dev.lakehouse.connector.catalog;

import com.google.common.collect.ImmutableMap;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;

import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * What the connector writes into an Iceberg view: the columns, the query in one SQL dialect, the catalog and
 * namespace that resolve the query's unqualified names, and the view's properties.
 *
 * @param defaultNamespace empty when the query names every table with its schema
 */
public record IcebergViewDefinition(
        Schema schema,
        String dialect,
        String sql,
        Optional<String> defaultCatalog,
        Namespace defaultNamespace,
        Map<String, String> properties)
{
    public IcebergViewDefinition
    {
        requireNonNull(schema, "schema is null");
        requireNonNull(dialect, "dialect is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(defaultCatalog, "defaultCatalog is null");
        requireNonNull(defaultNamespace, "defaultNamespace is null");
        properties = ImmutableMap.copyOf(requireNonNull(properties, "properties is null"));
        checkArgument(!schema.columns().isEmpty(), "a view has at least one column");
    }
}
