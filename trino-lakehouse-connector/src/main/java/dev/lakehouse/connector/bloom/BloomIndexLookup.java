package dev.lakehouse.connector.bloom;

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.Longs;
import dev.lakehouse.connector.LakehouseColumnHandle;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.TupleDomain;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The hashes a predicate looks up in the bloom index: for each top-level column the predicate restricts to
 * a few values (equality, IN list) without NULL, the hashes of each value. A data file whose filter for
 * such a column holds none of the values cannot match; the columns are combined with AND.
 *
 * @param columns the columns looked up, each with, per value, the hashes any of which may stand for it
 */
public record BloomIndexLookup(List<ColumnLookup> columns)
{
    public static final BloomIndexLookup NONE = new BloomIndexLookup(ImmutableList.of());

    public BloomIndexLookup
    {
        columns = ImmutableList.copyOf(requireNonNull(columns, "columns is null"));
    }

    public boolean isEmpty()
    {
        return columns.isEmpty();
    }

    /**
     * One column's values: a data file whose filter for the column holds none of them cannot match.
     *
     * @param valueHashes per value, the hashes any of which may stand for it
     * @param dynamic whether the values come from a dynamic filter (counted apart)
     */
    public record ColumnLookup(int fieldId, long[][] valueHashes, boolean dynamic)
    {
        public ColumnLookup
        {
            requireNonNull(valueHashes, "valueHashes is null");
        }
    }

    /**
     * The lookups of a predicate, empty when no column of it can use the index.
     *
     * @param schema the schema the predicate's columns belong to
     * @param schemas all schemas the table had: a column whose type was widened since (integer to bigint, real to
     * double) is looked up also with the hashes of its values in the older type, which files written before hold
     * @param maxValues the most values of one column looked up; a column with more is not
     */
    public static BloomIndexLookup of(TupleDomain<LakehouseColumnHandle> predicate, Schema schema, Collection<Schema> schemas, int maxValues)
    {
        return of(predicate, schema, schemas, maxValues, false);
    }

    /**
     * The lookups of a dynamic filter's current predicate.
     */
    public static BloomIndexLookup ofDynamicFilter(TupleDomain<LakehouseColumnHandle> predicate, Schema schema, Collection<Schema> schemas, int maxValues)
    {
        return of(predicate, schema, schemas, maxValues, true);
    }

    /**
     * Both lookups: a file either rules out cannot match.
     */
    public BloomIndexLookup and(BloomIndexLookup other)
    {
        return new BloomIndexLookup(ImmutableList.<ColumnLookup>builder().addAll(columns).addAll(other.columns).build());
    }

    private static BloomIndexLookup of(TupleDomain<LakehouseColumnHandle> predicate, Schema schema, Collection<Schema> schemas, int maxValues, boolean dynamic)
    {
        Optional<Map<LakehouseColumnHandle, Domain>> domains = predicate.getDomains();
        if (domains.isEmpty()) {
            return NONE;
        }
        ImmutableList.Builder<ColumnLookup> lookups = ImmutableList.builder();
        for (Map.Entry<LakehouseColumnHandle, Domain> entry : domains.get().entrySet()) {
            LakehouseColumnHandle column = entry.getKey();
            Domain domain = entry.getValue();
            if (!column.isBaseColumn() || domain.isNullAllowed() || !domain.getValues().isDiscreteSet()) {
                continue;
            }
            Types.NestedField field = schema.findField(column.baseFieldId());
            if (field == null || BloomFilterColumns.unsupportedReason(field.type()).isPresent() || BloomValueHashes.positionHasher(column.type()).isEmpty()) {
                continue;
            }
            List<Object> values = domain.getValues().getDiscreteSet();
            if (values.isEmpty() || values.size() > maxValues) {
                continue;
            }
            Set<org.apache.iceberg.types.Type> earlierTypes = earlierTypes(field, schemas);
            long[][] valueHashes = new long[values.size()][];
            boolean usable = true;
            for (int i = 0; i < values.size(); i++) {
                valueHashes[i] = BloomValueHashes.lookupHashes(column.type(), field.type(), values.get(i));
                for (org.apache.iceberg.types.Type earlierType : earlierTypes) {
                    valueHashes[i] = Longs.concat(valueHashes[i], BloomValueHashes.lookupHashesInNarrowerType(column.type(), earlierType, values.get(i)));
                }
                if (valueHashes[i].length == 0) {
                    // a value the index cannot rule out (NaN)
                    usable = false;
                }
            }
            if (usable) {
                lookups.add(new ColumnLookup(column.baseFieldId(), valueHashes, dynamic));
            }
        }
        return new BloomIndexLookup(lookups.build());
    }

    /**
     * The other types the field had in earlier schemas of the table (the narrower types it was widened from).
     */
    private static Set<org.apache.iceberg.types.Type> earlierTypes(Types.NestedField field, Collection<Schema> schemas)
    {
        Set<org.apache.iceberg.types.Type> types = new HashSet<>();
        for (Schema earlier : schemas) {
            Types.NestedField earlierField = earlier.findField(field.fieldId());
            if (earlierField != null && !earlierField.type().equals(field.type())) {
                types.add(earlierField.type());
            }
        }
        return types;
    }
}
