package dev.lakehouse.connector.reader;

import com.google.common.collect.ImmutableList;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;
import org.apache.parquet.schema.GroupType;

import java.util.List;
import java.util.Locale;

/**
 * Narrows a row column to the nested fields a query reads (projection pushdown of {@code address.city}),
 * in the Trino type read and in the Parquet schema requested, so only those fields' column chunks are fetched.
 */
final class NestedFieldPruning
{
    private NestedFieldPruning() {}

    /**
     * The row type with only the fields on the given paths; a path ending at a field keeps it whole.
     */
    static RowType pruneRow(RowType type, List<List<String>> paths)
    {
        ImmutableList.Builder<RowType.Field> fields = ImmutableList.builder();
        for (RowType.Field field : type.getFields()) {
            String name = field.getName().orElseThrow();
            List<List<String>> below = pathsBelow(name, paths);
            if (below == null) {
                continue;
            }
            if (below.isEmpty() || !(field.getType() instanceof RowType nested)) {
                fields.add(field);
            }
            else {
                fields.add(new RowType.Field(field.getName(), pruneRow(nested, below)));
            }
        }
        return RowType.from(fields.build());
    }

    /**
     * The Parquet group with only the fields on the given paths (names are matched ignoring case).
     */
    static GroupType pruneGroup(GroupType group, List<List<String>> paths)
    {
        ImmutableList.Builder<org.apache.parquet.schema.Type> fields = ImmutableList.builder();
        boolean any = false;
        for (org.apache.parquet.schema.Type field : group.getFields()) {
            List<List<String>> below = pathsBelow(field.getName(), paths);
            if (below == null) {
                continue;
            }
            any = true;
            if (below.isEmpty() || field.isPrimitive()) {
                fields.add(field);
            }
            else {
                fields.add(pruneGroup(field.asGroupType(), below));
            }
        }
        if (!any) {
            // none of the fields is in this file: keep the group readable, its fields read as null
            return group;
        }
        return group.withNewFields(fields.build());
    }

    /**
     * The indexes of the fields along the path, through the (pruned) row types.
     */
    static int[] fieldIndexes(Type type, List<String> path)
    {
        int[] indexes = new int[path.size()];
        Type current = type;
        for (int i = 0; i < path.size(); i++) {
            RowType row = (RowType) current;
            int index = fieldIndex(row, path.get(i));
            indexes[i] = index;
            current = row.getFields().get(index).getType();
        }
        return indexes;
    }

    private static int fieldIndex(RowType row, String name)
    {
        List<RowType.Field> fields = row.getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().orElseThrow().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("Row type %s has no field %s".formatted(row, name));
    }

    /**
     * The rest of the paths that go through the named field: null when none does, empty when one ends at it.
     */
    private static List<List<String>> pathsBelow(String name, List<List<String>> paths)
    {
        ImmutableList.Builder<List<String>> below = ImmutableList.builder();
        boolean found = false;
        for (List<String> path : paths) {
            if (!path.isEmpty() && path.getFirst().toLowerCase(Locale.ENGLISH).equals(name.toLowerCase(Locale.ENGLISH))) {
                if (path.size() == 1) {
                    return ImmutableList.of();
                }
                found = true;
                below.add(path.subList(1, path.size()));
            }
        }
        return found ? below.build() : null;
    }
}
