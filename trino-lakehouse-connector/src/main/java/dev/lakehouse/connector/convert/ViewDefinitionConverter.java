package dev.lakehouse.connector.convert;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.connector.catalog.IcebergViewDefinition;
import io.airlift.json.JsonCodec;
import io.airlift.json.JsonCodecFactory;
import io.airlift.log.Logger;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorViewDefinition;
import io.trino.spi.connector.ConnectorViewDefinition.ViewColumn;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeId;
import io.trino.spi.type.TypeManager;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.SQLViewRepresentation;
import org.apache.iceberg.view.View;
import org.apache.iceberg.view.ViewProperties;
import org.apache.iceberg.view.ViewRepresentation;
import org.apache.iceberg.view.ViewVersion;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_UNSUPPORTED_TABLE_FEATURE;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_UNSUPPORTED_TYPE;
import static java.util.Objects.requireNonNull;

/**
 * Converts view definitions between Trino and Iceberg, in the layout Trino's own Iceberg connector uses, so
 * that either connector reads the views of the other: the query as a SQL representation of dialect
 * {@code trino}; the catalog and schema of the creating session as the default catalog and namespace; the
 * columns as the view's schema, their comments as the fields' documentation; the comment in the property
 * {@code comment}; and for a view with definer's rights ({@code SECURITY DEFINER}) the owner, whose rights
 * the view's query runs with, in the property {@code trino.run-as-owner}. A view without that property runs
 * with the rights of whoever queries it ({@code SECURITY INVOKER}).
 *
 * <p>Iceberg holds fewer types than Trino, and a view must report the exact types of its query (Trino
 * checks them on every read). The schema therefore holds the closest Iceberg types (integer for tinyint,
 * string for char(n) or json), and the property {@code lakehouse.column-types} the exact Trino types, which
 * are used as long as they still match the schema's.
 */
public final class ViewDefinitionConverter
{
    public static final String DIALECT = "trino";
    public static final String RUN_AS_OWNER_PROPERTY = "trino.run-as-owner";
    public static final String COMMENT_PROPERTY = ViewProperties.COMMENT;
    public static final String COLUMN_TYPES_PROPERTY = "lakehouse.column-types";

    private static final Logger log = Logger.get(ViewDefinitionConverter.class);
    private static final JsonCodec<List<String>> COLUMN_TYPES_CODEC = new JsonCodecFactory().listJsonCodec(String.class);

    private ViewDefinitionConverter() {}

    public static IcebergViewDefinition toIceberg(ConnectorViewDefinition definition, TypeManager typeManager)
    {
        requireNonNull(definition, "definition is null");
        requireNonNull(typeManager, "typeManager is null");
        List<ViewColumn> columns = definition.getColumns();
        ImmutableList.Builder<String> columnTypes = ImmutableList.builder();
        for (ViewColumn column : columns) {
            columnTypes.add(column.getType().getId());
        }

        ImmutableMap.Builder<String, String> properties = ImmutableMap.builder();
        definition.getOwner().ifPresent(owner -> properties.put(RUN_AS_OWNER_PROPERTY, owner));
        definition.getComment().ifPresent(comment -> properties.put(COMMENT_PROPERTY, comment));
        properties.put(COLUMN_TYPES_PROPERTY, COLUMN_TYPES_CODEC.toJson(columnTypes.build()));

        return new IcebergViewDefinition(
                schema(columns, typeManager),
                DIALECT,
                definition.getOriginalSql(),
                definition.getCatalog(),
                definition.getSchema().map(Namespace::of).orElseGet(Namespace::empty),
                properties.buildOrThrow());
    }

    private static Schema schema(List<ViewColumn> columns, TypeManager typeManager)
    {
        // top-level columns take ids 1 to n, their nested fields the ids after
        AtomicInteger nextFieldId = new AtomicInteger(columns.size() + 1);
        ImmutableList.Builder<Types.NestedField> fields = ImmutableList.builder();
        for (int i = 0; i < columns.size(); i++) {
            ViewColumn column = columns.get(i);
            fields.add(Types.NestedField.optional(
                    i + 1,
                    column.getName(),
                    icebergType(typeManager.getType(column.getType()), typeManager, nextFieldId),
                    column.getComment().orElse(null)));
        }
        return new Schema(fields.build());
    }

    private static org.apache.iceberg.types.Type icebergType(Type type, TypeManager typeManager, AtomicInteger nextFieldId)
    {
        Type supported = TypeConverter.toSupportedType(type, typeManager).orElse(type);
        try {
            return TypeConverter.toIcebergType(supported, nextFieldId);
        }
        catch (TrinoException e) {
            if (!e.getErrorCode().equals(LAKEHOUSE_UNSUPPORTED_TYPE.toErrorCode())) {
                throw e;
            }
            // no Iceberg type holds it (char(n), json, interval): other engines see text, Trino the exact type
            return Types.StringType.get();
        }
    }

    /**
     * Whether the view has a query Trino can run.
     */
    public static boolean hasTrinoQuery(View view)
    {
        return trinoQuery(view).isPresent();
    }

    /**
     * @throws TrinoException naming the view when it has no query in Trino's SQL dialect (a view created by Spark)
     */
    public static ConnectorViewDefinition toTrino(SchemaTableName name, View view, TypeManager typeManager)
    {
        requireNonNull(name, "name is null");
        requireNonNull(view, "view is null");
        requireNonNull(typeManager, "typeManager is null");
        String sql = trinoQuery(view).orElseThrow(() -> new TrinoException(
                LAKEHOUSE_UNSUPPORTED_TABLE_FEATURE,
                "View '%s' has no query in the SQL dialect '%s', only in %s".formatted(name, DIALECT, dialects(view.currentVersion()))));

        List<Types.NestedField> fields = view.schema().columns();
        List<TypeId> types = exactColumnTypes(name, view, typeManager).orElseGet(() -> fields.stream()
                .map(field -> TypeConverter.toTrinoType(field.type(), typeManager).getTypeId())
                .collect(toImmutableList()));
        ImmutableList.Builder<ViewColumn> columns = ImmutableList.builder();
        for (int i = 0; i < fields.size(); i++) {
            Types.NestedField field = fields.get(i);
            columns.add(new ViewColumn(field.name(), types.get(i), Optional.ofNullable(field.doc())));
        }

        ViewVersion version = view.currentVersion();
        Optional<String> catalog = Optional.ofNullable(version.defaultCatalog());
        // Trino knows a default schema only together with a default catalog
        Optional<String> schema = catalog.isPresent() && !version.defaultNamespace().isEmpty()
                ? Optional.of(version.defaultNamespace().toString())
                : Optional.empty();
        Optional<String> owner = Optional.ofNullable(view.properties().get(RUN_AS_OWNER_PROPERTY));
        return new ConnectorViewDefinition(
                sql,
                catalog,
                schema,
                columns.build(),
                Optional.ofNullable(view.properties().get(COMMENT_PROPERTY)),
                owner,
                owner.isEmpty(),
                ImmutableList.of());
    }

    /**
     * The Trino types the connector recorded, when they still describe the view's columns: another engine
     * may have replaced the view since, keeping the property.
     */
    private static Optional<List<TypeId>> exactColumnTypes(SchemaTableName name, View view, TypeManager typeManager)
    {
        String json = view.properties().get(COLUMN_TYPES_PROPERTY);
        if (json == null) {
            return Optional.empty();
        }
        List<Types.NestedField> fields = view.schema().columns();
        try {
            List<String> recorded = COLUMN_TYPES_CODEC.fromJson(json);
            if (recorded.size() != fields.size()) {
                return Optional.empty();
            }
            ImmutableList.Builder<TypeId> types = ImmutableList.builder();
            for (int i = 0; i < fields.size(); i++) {
                Type type = typeManager.getType(TypeId.of(recorded.get(i)));
                Type stored = TypeConverter.toTrinoType(fields.get(i).type(), typeManager);
                Type recordedAsStored = TypeConverter.toTrinoType(icebergType(type, typeManager, new AtomicInteger(1)), typeManager);
                if (!stored.equals(recordedAsStored)) {
                    return Optional.empty();
                }
                types.add(type.getTypeId());
            }
            return Optional.of(types.build());
        }
        catch (RuntimeException e) {
            // a property this connector cannot read (written by another version or by hand): the schema's types still hold
            log.debug(e, "Ignoring property %s of view %s: %s", COLUMN_TYPES_PROPERTY, name, json);
            return Optional.empty();
        }
    }

    private static Optional<String> trinoQuery(View view)
    {
        for (ViewRepresentation representation : view.currentVersion().representations()) {
            if (representation instanceof SQLViewRepresentation sql && sql.dialect().equalsIgnoreCase(DIALECT)) {
                return Optional.of(sql.sql());
            }
        }
        return Optional.empty();
    }

    private static List<String> dialects(ViewVersion version)
    {
        ImmutableList.Builder<String> dialects = ImmutableList.builder();
        for (ViewRepresentation representation : version.representations()) {
            if (representation instanceof SQLViewRepresentation sql) {
                dialects.add(sql.dialect());
            }
        }
        return dialects.build();
    }
}
