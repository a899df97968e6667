package dev.lakehouse.connector.bloom;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.trino.spi.TrinoException;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_INVALID_TABLE_PROPERTY;
import static java.util.Locale.ENGLISH;
import static java.util.Objects.requireNonNull;
import static org.apache.iceberg.TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX;
import static org.apache.iceberg.TableProperties.PARQUET_BLOOM_FILTER_COLUMN_FPP_PREFIX;

/**
 * The columns of a table that carry bloom filters, and their false-positive rate. Recorded in Iceberg's own
 * table properties ({@code write.parquet.bloom-filter-enabled.column.<name>} and
 * {@code write.parquet.bloom-filter-fpp.column.<name>}), so other engines that honour them write bloom
 * filters for the same columns.
 */
public record BloomFilterColumns(Set<Integer> fieldIds, double fpp)
{
    public static final double DEFAULT_FPP = 0.01;
    public static final BloomFilterColumns NONE = new BloomFilterColumns(ImmutableSet.of(), DEFAULT_FPP);

    public BloomFilterColumns
    {
        fieldIds = ImmutableSet.copyOf(requireNonNull(fieldIds, "fieldIds is null"));
        checkArgument(fpp > 0 && fpp < 1, "fpp must be between 0 and 1: %s", fpp);
    }

    @JsonIgnore
    public boolean isEmpty()
    {
        return fieldIds.isEmpty();
    }

    /**
     * Validates the declared columns against the schema and returns the Iceberg table properties that
     * record them.
     *
     * @throws TrinoException naming the column when it does not exist, is repeated or has a type without a bloom filter
     */
    public static Map<String, String> toTableProperties(String tableName, Schema schema, List<String> columns, double fpp)
    {
        validateFpp(fpp);
        ImmutableMap.Builder<String, String> properties = ImmutableMap.builder();
        Set<String> seen = new HashSet<>();
        for (String column : columns) {
            Types.NestedField field = schema.caseInsensitiveFindField(column);
            if (field == null || schema.columns().stream().noneMatch(top -> top.fieldId() == field.fieldId())) {
                throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Table property 'bloom_filter_columns' names column '%s', which table '%s' does not have".formatted(column, tableName));
            }
            if (!seen.add(field.name().toLowerCase(ENGLISH))) {
                throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Table property 'bloom_filter_columns' names column '%s' more than once".formatted(column));
            }
            unsupportedReason(field.type()).ifPresent(reason -> {
                throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Column '%s' of type %s cannot have a bloom filter: %s".formatted(field.name(), field.type(), reason));
            });
            properties.put(PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX + field.name(), "true");
            properties.put(PARQUET_BLOOM_FILTER_COLUMN_FPP_PREFIX + field.name(), Double.toString(fpp));
        }
        return properties.buildOrThrow();
    }

    public static void validateFpp(double fpp)
    {
        if (!(fpp > 0 && fpp < 1)) {
            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Table property 'bloom_filter_fpp' must be greater than 0 and less than 1, but is %s".formatted(fpp));
        }
    }

    /**
     * Whether a key is one of the table properties that record bloom filter columns.
     */
    public static boolean isBloomFilterProperty(String key)
    {
        return key.startsWith(PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX) || key.startsWith(PARQUET_BLOOM_FILTER_COLUMN_FPP_PREFIX);
    }

    /**
     * The columns with bloom filters as recorded in the table properties, in schema order; columns the
     * schema no longer has, and columns of types without bloom filters, are left out.
     */
    public static BloomFilterColumns of(Schema schema, Map<String, String> tableProperties)
    {
        ImmutableSet.Builder<Integer> fieldIds = ImmutableSet.builder();
        double fpp = DEFAULT_FPP;
        for (Types.NestedField field : schema.columns()) {
            if (!"true".equalsIgnoreCase(tableProperties.get(PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX + field.name())) || unsupportedReason(field.type()).isPresent()) {
                continue;
            }
            fieldIds.add(field.fieldId());
            String columnFpp = tableProperties.get(PARQUET_BLOOM_FILTER_COLUMN_FPP_PREFIX + field.name());
            if (columnFpp != null) {
                try {
                    double parsed = Double.parseDouble(columnFpp);
                    if (parsed > 0 && parsed < 1) {
                        fpp = parsed;
                    }
                }
                catch (NumberFormatException _) {
                    // written by another engine: keep the default rather than refuse to write the table
                }
            }
        }
        return new BloomFilterColumns(fieldIds.build(), fpp);
    }

    /**
     * The names of the columns with bloom filters, for SHOW CREATE TABLE.
     */
    public List<String> names(Schema schema)
    {
        ImmutableList.Builder<String> names = ImmutableList.builder();
        for (Types.NestedField field : schema.columns()) {
            if (fieldIds.contains(field.fieldId())) {
                names.add(field.name());
            }
        }
        return names.build();
    }

    /**
     * Why a column of this type cannot have a bloom filter, or empty when it can.
     */
    public static Optional<String> unsupportedReason(Type type)
    {
        return switch (type.typeId()) {
            case INTEGER, LONG, FLOAT, DOUBLE, DECIMAL, STRING, BINARY, FIXED, DATE, TIME, TIMESTAMP, TIMESTAMP_NANO, UUID -> Optional.empty();
            case BOOLEAN -> Optional.of("a boolean has two values, so a bloom filter cannot skip more than its min/max statistics already do");
            case STRUCT, LIST, MAP -> Optional.of("bloom filters hold values of primitive types only");
            case VARIANT, GEOMETRY, GEOGRAPHY, UNKNOWN -> Optional.of("the type has no equality that a bloom filter could test");
        };
    }
}
