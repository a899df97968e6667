package dev.lakehouse.connector.convert;

import com.google.common.collect.ImmutableList;
import io.trino.spi.TrinoException;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.types.Types;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_INVALID_TABLE_PROPERTY;
import static java.lang.Integer.parseInt;

/**
 * Converts between the {@code partitioning} table property (a list such as
 * {@code ARRAY['month(shipdate)', 'bucket(orderkey, 16)', 'region']}, as in Trino's Iceberg connector) and
 * an Iceberg {@link PartitionSpec}.
 */
public final class PartitionSpecConverter
{
    private static final String NAME = "(\"(?:[^\"]|\"\")+\"|[^\\s(),\"]+)";
    private static final Pattern IDENTITY = Pattern.compile(NAME);
    private static final Pattern TEMPORAL = Pattern.compile("(?i)(year|month|day|hour|void)\\s*\\(\\s*" + NAME + "\\s*\\)");
    private static final Pattern WITH_ARGUMENT = Pattern.compile("(?i)(bucket|truncate)\\s*\\(\\s*" + NAME + "\\s*,\\s*(\\d+)\\s*\\)");
    private static final Pattern TRANSFORM_WITH_ARGUMENT = Pattern.compile("(bucket|truncate)\\[(\\d+)]");

    private PartitionSpecConverter() {}

    /**
     * The spec for the given {@code partitioning} fields over the schema.
     *
     * @throws TrinoException with {@code LAKEHOUSE_INVALID_TABLE_PROPERTY} naming the field that is not valid
     */
    public static PartitionSpec toPartitionSpec(Schema schema, List<String> fields)
    {
        PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
        for (String field : fields) {
            try {
                addField(builder, schema, field.strip());
                // checks that the transform applies to the column's type, naming this field if not
                PartitionSpec.Builder single = PartitionSpec.builderFor(schema);
                addField(single, schema, field.strip());
                single.build();
            }
            catch (IllegalArgumentException | ValidationException e) {
                // Iceberg rejects a transform that does not apply to the column's type, or a field given twice
                throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Invalid partitioning field '%s': %s".formatted(field, e.getMessage()), e);
            }
        }
        try {
            return builder.build();
        }
        catch (IllegalArgumentException | ValidationException e) {
            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Invalid partitioning %s: %s".formatted(fields, e.getMessage()), e);
        }
    }

    private static void addField(PartitionSpec.Builder builder, Schema schema, String field)
    {
        Matcher matcher = WITH_ARGUMENT.matcher(field);
        if (matcher.matches()) {
            String column = columnName(schema, matcher.group(2), field);
            int argument = positiveArgument(matcher.group(3), field);
            switch (matcher.group(1).toLowerCase(Locale.ENGLISH)) {
                case "bucket" -> builder.bucket(column, argument);
                case "truncate" -> builder.truncate(column, argument);
                default -> throw new IllegalStateException("unexpected transform in " + field);
            }
            return;
        }
        matcher = TEMPORAL.matcher(field);
        if (matcher.matches()) {
            String column = columnName(schema, matcher.group(2), field);
            switch (matcher.group(1).toLowerCase(Locale.ENGLISH)) {
                case "year" -> builder.year(column);
                case "month" -> builder.month(column);
                case "day" -> builder.day(column);
                case "hour" -> builder.hour(column);
                case "void" -> builder.alwaysNull(column);
                default -> throw new IllegalStateException("unexpected transform in " + field);
            }
            return;
        }
        matcher = IDENTITY.matcher(field);
        if (matcher.matches()) {
            builder.identity(columnName(schema, matcher.group(1), field));
            return;
        }
        throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, ("Invalid partitioning field '%s': expected a column name or one of year(c), month(c), day(c), hour(c), " +
                "bucket(c, n), truncate(c, w), void(c)").formatted(field));
    }

    private static int positiveArgument(String value, String field)
    {
        int argument;
        try {
            argument = parseInt(value);
        }
        catch (NumberFormatException e) {
            argument = 0;
        }
        if (argument <= 0) {
            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Invalid partitioning field '%s': the number must be between 1 and %s".formatted(field, Integer.MAX_VALUE));
        }
        return argument;
    }

    private static String columnName(Schema schema, String name, String field)
    {
        String unquoted = name.startsWith("\"") ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name.toLowerCase(Locale.ENGLISH);
        Types.NestedField column = schema.caseInsensitiveFindField(unquoted);
        if (column == null) {
            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Invalid partitioning field '%s': the table has no column '%s'".formatted(field, unquoted));
        }
        return schema.findColumnName(column.fieldId());
    }

    /**
     * The {@code partitioning} fields of a spec, as a user writes them.
     */
    public static List<String> toPartitionFields(PartitionSpec spec)
    {
        ImmutableList.Builder<String> fields = ImmutableList.builder();
        for (PartitionField field : spec.fields()) {
            fields.add(toPartitionField(spec.schema(), field));
        }
        return fields.build();
    }

    private static String toPartitionField(Schema schema, PartitionField field)
    {
        String column = quotedIfNeeded(schema.findColumnName(field.sourceId()));
        String transform = field.transform().toString();
        if (transform.equals("identity")) {
            return column;
        }
        Matcher matcher = TRANSFORM_WITH_ARGUMENT.matcher(transform);
        if (matcher.matches()) {
            return "%s(%s, %s)".formatted(matcher.group(1), column, matcher.group(2));
        }
        return switch (transform) {
            case "year", "month", "day", "hour", "void" -> "%s(%s)".formatted(transform, column);
            default -> throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Unsupported partition transform: " + transform);
        };
    }

    static String quotedIfNeeded(String name)
    {
        if (name.matches("[a-z_][a-z0-9_.]*")) {
            return name;
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
