package dev.lakehouse.connector;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import dev.lakehouse.connector.bloom.BloomFilterColumns;
import dev.lakehouse.connector.writer.WriterConfig;
import io.airlift.units.DataSize;
import io.trino.spi.TrinoException;
import io.trino.spi.session.PropertyMetadata;
import io.trino.spi.type.ArrayType;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_INVALID_TABLE_PROPERTY;
import static io.trino.plugin.base.session.PropertyMetadataUtil.dataSizeProperty;
import static io.trino.spi.session.PropertyMetadata.doubleProperty;
import static io.trino.spi.session.PropertyMetadata.integerProperty;
import static io.trino.spi.session.PropertyMetadata.stringProperty;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * Table properties, with the names of Trino's Iceberg connector so users' habits carry over.
 */
public final class LakehouseTableProperties
{
    public static final String PARTITIONING = "partitioning";
    public static final String SORTED_BY = "sorted_by";
    public static final String FORMAT_VERSION = "format_version";
    public static final String LOCATION = "location";
    public static final String TARGET_FILE_SIZE = "target_file_size";
    public static final String BLOOM_FILTER_COLUMNS = "bloom_filter_columns";
    public static final String BLOOM_FILTER_FPP = "bloom_filter_fpp";

    public static final int DEFAULT_FORMAT_VERSION = 2;
    private static final int MAX_FORMAT_VERSION = 3;

    private final List<PropertyMetadata<?>> properties;

    @Inject
    public LakehouseTableProperties(WriterConfig writerConfig)
    {
        properties = ImmutableList.of(
                listProperty(PARTITIONING, "Partition fields: column names and transforms year(c), month(c), day(c), hour(c), bucket(c, n), truncate(c, w)"),
                listProperty(SORTED_BY, "Columns data files are sorted by, each optionally followed by ASC or DESC and NULLS FIRST or NULLS LAST"),
                integerProperty(FORMAT_VERSION, "Iceberg table format version (1, 2 or 3)", DEFAULT_FORMAT_VERSION, LakehouseTableProperties::validateFormatVersion, false),
                stringProperty(LOCATION, "Location of the table's folder; by default a new folder under the schema's location", null, false),
                dataSizeProperty(
                        TARGET_FILE_SIZE,
                        "Size at which writers start a new data file; by default lakehouse.writer.target-file-size (%s)".formatted(writerConfig.getTargetFileSize()),
                        null,
                        LakehouseTableProperties::validateTargetFileSize,
                        false),
                listProperty(BLOOM_FILTER_COLUMNS, "Columns whose values data files record in bloom filters, for skipping files and row groups on equality and IN predicates"),
                doubleProperty(
                        BLOOM_FILTER_FPP,
                        "False-positive rate of the bloom filters (default %s)".formatted(BloomFilterColumns.DEFAULT_FPP),
                        BloomFilterColumns.DEFAULT_FPP,
                        BloomFilterColumns::validateFpp,
                        false));
    }

    public List<PropertyMetadata<?>> getTableProperties()
    {
        return properties;
    }

    @SuppressWarnings("unchecked")
    public static List<String> getPartitioning(Map<String, Object> tableProperties)
    {
        List<String> partitioning = (List<String>) tableProperties.get(PARTITIONING);
        return partitioning == null ? ImmutableList.of() : ImmutableList.copyOf(partitioning);
    }

    @SuppressWarnings("unchecked")
    public static List<String> getSortedBy(Map<String, Object> tableProperties)
    {
        List<String> sortedBy = (List<String>) tableProperties.get(SORTED_BY);
        return sortedBy == null ? ImmutableList.of() : ImmutableList.copyOf(sortedBy);
    }

    public static int getFormatVersion(Map<String, Object> tableProperties)
    {
        return (int) tableProperties.getOrDefault(FORMAT_VERSION, DEFAULT_FORMAT_VERSION);
    }

    public static Optional<String> getLocation(Map<String, Object> tableProperties)
    {
        return Optional.ofNullable((String) tableProperties.get(LOCATION));
    }

    @SuppressWarnings("unchecked")
    public static List<String> getBloomFilterColumns(Map<String, Object> tableProperties)
    {
        List<String> columns = (List<String>) tableProperties.get(BLOOM_FILTER_COLUMNS);
        return columns == null ? ImmutableList.of() : ImmutableList.copyOf(columns);
    }

    public static double getBloomFilterFpp(Map<String, Object> tableProperties)
    {
        return (double) tableProperties.getOrDefault(BLOOM_FILTER_FPP, BloomFilterColumns.DEFAULT_FPP);
    }

    public static Optional<DataSize> getTargetFileSize(Map<String, Object> tableProperties)
    {
        return Optional.ofNullable((DataSize) tableProperties.get(TARGET_FILE_SIZE));
    }

    private static PropertyMetadata<List<String>> listProperty(String name, String description)
    {
        return new PropertyMetadata<>(
                name,
                description,
                new ArrayType(VARCHAR),
                castList(),
                ImmutableList.of(),
                false,
                value -> {
                    ImmutableList.Builder<String> fields = ImmutableList.builder();
                    for (Object field : (List<?>) value) {
                        if (field == null) {
                            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Table property '%s' cannot contain NULL".formatted(name));
                        }
                        fields.add((String) field);
                    }
                    return fields.build();
                },
                value -> value);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<List<String>> castList()
    {
        return (Class<List<String>>) (Class) List.class;
    }

    private static void validateFormatVersion(int version)
    {
        if (version < 1 || version > MAX_FORMAT_VERSION) {
            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Table property 'format_version' must be 1, 2 or 3, but is %s".formatted(version));
        }
    }

    private static void validateTargetFileSize(DataSize size)
    {
        if (size.toBytes() < DataSize.of(1, DataSize.Unit.MEGABYTE).toBytes()) {
            throw new TrinoException(LAKEHOUSE_INVALID_TABLE_PROPERTY, "Table property 'target_file_size' must be at least 1MB, but is %s".formatted(size));
        }
    }
}
