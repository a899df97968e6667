package dev.lakehouse.connector.planning;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.connector.LakehouseColumnHandle;
import dev.lakehouse.connector.convert.TypeConverter;
import dev.lakehouse.connector.convert.ValueConverter;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.Range;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.predicate.ValueSet;
import io.trino.spi.type.Type;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.types.Conversions;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a data file's partition values and column statistics say about the values of some of its columns,
 * as a Trino domain: every value in the file lies within it. Used to check a file against dynamic filters.
 */
public final class FileStatisticsDomain
{
    private FileStatisticsDomain() {}

    public static TupleDomain<LakehouseColumnHandle> of(DataFile file, PartitionSpec spec, Set<LakehouseColumnHandle> columns)
    {
        if (columns.isEmpty()) {
            return TupleDomain.all();
        }
        ImmutableMap.Builder<LakehouseColumnHandle, Domain> domains = ImmutableMap.builder();
        for (LakehouseColumnHandle column : columns) {
            if (!column.isBaseColumn() || !ValueConverter.isConvertible(column.type())) {
                continue;
            }
            Domain domain = identityPartitionDomain(file, spec, column);
            if (domain == null) {
                domain = boundsDomain(file, column);
            }
            if (domain != null) {
                domains.put(column, domain);
            }
        }
        return TupleDomain.withColumnDomains(domains.buildOrThrow());
    }

    private static Domain identityPartitionDomain(DataFile file, PartitionSpec spec, LakehouseColumnHandle column)
    {
        List<PartitionField> fields = spec.fields();
        for (int i = 0; i < fields.size(); i++) {
            PartitionField field = fields.get(i);
            if (field.sourceId() == column.baseFieldId() && field.transform().isIdentity()) {
                Object value = file.partition().get(i, Object.class);
                if (value == null) {
                    return Domain.onlyNull(column.type());
                }
                return Domain.singleValue(column.type(), ValueConverter.toTrinoValue(column.type(), value));
            }
        }
        return null;
    }

    private static Domain boundsDomain(DataFile file, LakehouseColumnHandle column)
    {
        int fieldId = column.baseFieldId();
        Type type = column.type();
        Long nullCount = get(file.nullValueCounts(), fieldId);
        Long valueCount = get(file.valueCounts(), fieldId);
        boolean nullAllowed = nullCount == null || nullCount > 0;
        if (nullCount != null && valueCount != null && nullCount.equals(valueCount)) {
            return Domain.onlyNull(type);
        }
        ByteBuffer lower = get(file.lowerBounds(), fieldId);
        ByteBuffer upper = get(file.upperBounds(), fieldId);
        if (lower == null || upper == null) {
            return nullAllowed ? null : Domain.notNull(type);
        }
        org.apache.iceberg.types.Type icebergType = TypeConverter.toIcebergType(type, new AtomicInteger());
        Object min = ValueConverter.toTrinoValue(type, Conversions.fromByteBuffer(icebergType, lower));
        Object max = ValueConverter.toTrinoValue(type, Conversions.fromByteBuffer(icebergType, upper));
        return Domain.create(ValueSet.ofRanges(Range.range(type, min, true, max, true)), nullAllowed);
    }

    private static <T> T get(Map<Integer, T> map, int fieldId)
    {
        return map == null ? null : map.get(fieldId);
    }
}
