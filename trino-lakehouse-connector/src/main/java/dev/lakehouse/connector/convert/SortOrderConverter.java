package dev.lakehouse.connector.convert;

import com.google.common.collect.ImmutableList;
import io.trino.spi.TrinoException;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortField;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.types.Types;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_INVALID_TABLE_PROPERTY;
import static dev.lakehouse.connector.convert.PartitionSpecConverter.quotedIfNeeded;

/**
 * Converts between the {@code sorted_by} table property ({@code ARRAY['orderdate DESC', 'custkey']}, as in
 * Trino's Iceberg connector) and an Iceberg {@link SortOrder}. Data files of a sorted table are sorted
 * within each file, which makes their min/max statistics tight and file pruning effective.
 */
public final class SortOrderConverter
{
    private static final Pattern SORT_FIELD = Pattern.compile(
            "(?i)(\"(?:[^\"]|\"\")+\"|[^\\s\"]+)(?:\\s+(ASC|DESC))?(?:\\s+NULLS\\s+(FIRST|LAST))?");

    private SortOrderConverter() {}

    public static SortOrder toSortOrder(Schema schema, List<String> fields)
    {
        if (fields.isEmpty()) {
            return SortOrder.unsorted();
        }
        SortOrder.Builder builder = SortOrder.builderFor(schema);
        for (String field : fields) {
            Matcher matcher = SORT_FIELD.matcher(field.strip());
            if (!matcher.matches()) {
                throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Invalid sorted_by field '%s': expected a column name, optionally followed by ASC or DESC and NULLS FIRST or NULLS LAST".formatted(field));
            }
            String name = matcher.group(1);
            String unquoted = name.startsWith("\"") ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name.toLowerCase(Locale.ENGLISH);
            Types.NestedField column = schema.caseInsensitiveFindField(unquoted);
            if (column == null || schema.findField(column.fieldId()) == null || !column.type().isPrimitiveType()) {
                throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Invalid sorted_by field '%s': the table has no column '%s' of a sortable type".formatted(field, unquoted));
            }
            String columnName = schema.findColumnName(column.fieldId());
            boolean descending = matcher.group(2) != null && matcher.group(2).equalsIgnoreCase("DESC");
            // Iceberg's and SQL's default: nulls sort as the smallest value
            NullOrder nullOrder = descending ? NullOrder.NULLS_LAST : NullOrder.NULLS_FIRST;
            if (matcher.group(3) != null) {
                nullOrder = matcher.group(3).equalsIgnoreCase("FIRST") ? NullOrder.NULLS_FIRST : NullOrder.NULLS_LAST;
            }
            try {
                if (descending) {
                    builder.desc(columnName, nullOrder);
                }
                else {
                    builder.asc(columnName, nullOrder);
                }
            }
            catch (IllegalArgumentException e) {
                throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Invalid sorted_by field '%s': %s".formatted(field, e.getMessage()), e);
            }
        }
        return builder.build();
    }

    public static List<String> toSortFields(SortOrder sortOrder)
    {
        ImmutableList.Builder<String> fields = ImmutableList.builder();
        for (SortField field : sortOrder.fields()) {
            if (!field.transform().isIdentity()) {
                // sort orders written by other engines may sort on transforms; show what can be shown
                continue;
            }
            String column = quotedIfNeeded(sortOrder.schema().findColumnName(field.sourceId()));
            StringBuilder text = new StringBuilder(column);
            boolean descending = field.direction() == SortDirection.DESC;
            if (descending) {
                text.append(" DESC");
            }
            NullOrder defaultNullOrder = descending ? NullOrder.NULLS_LAST : NullOrder.NULLS_FIRST;
            if (field.nullOrder() != defaultNullOrder) {
                text.append(field.nullOrder() == NullOrder.NULLS_FIRST ? " NULLS FIRST" : " NULLS LAST");
            }
            fields.add(text.toString());
        }
        return fields.build();
    }
}
