package dev.lakehouse.connector.evolution;

import io.trino.spi.TrinoException;
import io.trino.spi.connector.SchemaTableName;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;
import static io.trino.spi.StandardErrorCode.AMBIGUOUS_NAME;
import static io.trino.spi.StandardErrorCode.COLUMN_NOT_FOUND;

/**
 * Finds a field of a table's schema by the path Trino's ALTER TABLE names it with: a top-level column,
 * then row fields by name (ignoring case, as Trino lower-cases names), array elements as {@code element},
 * map keys and values as {@code key} and {@code value}.
 */
public final class FieldPaths
{
    private FieldPaths() {}

    /**
     * The field the path names.
     *
     * @throws TrinoException {@code COLUMN_NOT_FOUND} naming the path and the table when a name does not exist,
     * or naming the element when an array or map is entered without {@code element}, {@code key} or {@code value}
     */
    public static Types.NestedField find(Schema schema, SchemaTableName table, List<String> path)
    {
        checkArgument(!path.isEmpty(), "path is empty");
        Types.NestedField field = field(schema.asStruct(), path.getFirst(), table, path);
        if (field == null) {
            throw notFound(table, path);
        }
        for (int i = 1; i < path.size(); i++) {
            field = child(field, path.get(i), table, path);
        }
        return field;
    }

    private static Types.NestedField child(Types.NestedField parent, String name, SchemaTableName table, List<String> path)
    {
        Type type = parent.type();
        Types.NestedField child = switch (type.typeId()) {
            case STRUCT -> field(type.asStructType(), name, table, path);
            case LIST -> {
                if (!name.equals("element")) {
                    throw new TrinoException(COLUMN_NOT_FOUND, "ARRAY type should be denoted by 'element' in the path; found '%s'".formatted(name));
                }
                yield type.asListType().fields().getFirst();
            }
            case MAP -> {
                if (!name.equals("key") && !name.equals("value")) {
                    throw new TrinoException(COLUMN_NOT_FOUND, "MAP type should be denoted by 'key' or 'value' in the path; found '%s'".formatted(name));
                }
                yield type.asMapType().fields().get(name.equals("key") ? 0 : 1);
            }
            default -> null;
        };
        if (child == null) {
            throw notFound(table, path);
        }
        return child;
    }

    /**
     * The row's field of the name: the one spelled exactly so, else the only one of that name ignoring case
     * (Trino lower-cases unquoted names; a row may have fields whose names differ only in case).
     *
     * @return null when there is none
     */
    public static Types.NestedField field(Types.StructType struct, String name, SchemaTableName table, List<String> path)
    {
        Types.NestedField exact = struct.field(name);
        if (exact != null) {
            return exact;
        }
        List<Types.NestedField> matches = struct.fields().stream()
                .filter(field -> field.name().equalsIgnoreCase(name))
                .toList();
        if (matches.size() > 1) {
            throw new TrinoException(AMBIGUOUS_NAME, "Field '%s' of table '%s' is ambiguous: %s have that name when case is ignored".formatted(
                    String.join(".", path), table, matches.stream().map(field -> "'" + field.name() + "'").toList()));
        }
        return matches.isEmpty() ? null : matches.getFirst();
    }

    /**
     * Whether the row has a field of the name, ignoring case.
     */
    public static boolean hasField(Types.StructType struct, String name)
    {
        return struct.fields().stream().anyMatch(field -> field.name().equalsIgnoreCase(name));
    }

    private static TrinoException notFound(SchemaTableName table, List<String> path)
    {
        return new TrinoException(COLUMN_NOT_FOUND, "Table '%s' has no field '%s'".formatted(table, String.join(".", path)));
    }
}
