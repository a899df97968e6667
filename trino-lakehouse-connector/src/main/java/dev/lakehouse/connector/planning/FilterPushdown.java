package dev.lakehouse.connector.planning;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Sets;
import dev.lakehouse.connector.LakehouseColumnHandle;
import dev.lakehouse.connector.LakehouseTableHandle;
import dev.lakehouse.connector.convert.ValueConverter;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.Constraint;
import io.trino.spi.connector.ConstraintApplicationResult;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.DoubleType;
import io.trino.spi.type.RealType;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pushes a query's filter into the table handle. The part on identity partition columns is enforced by
 * the scan (only files of matching partitions are read, and every row of such a file matches); the rest
 * is used to skip files and row groups, and Trino still filters rows on it.
 */
public final class FilterPushdown
{
    private FilterPushdown() {}

    public static Optional<ConstraintApplicationResult<ConnectorTableHandle>> applyFilter(Table table, LakehouseTableHandle handle, Constraint constraint)
    {
        TupleDomain<ColumnHandle> summary = constraint.getSummary();
        if (summary.isAll()) {
            return Optional.empty();
        }
        TupleDomain<LakehouseColumnHandle> predicate = summary.transformKeys(LakehouseColumnHandle.class::cast);
        TupleDomain<LakehouseColumnHandle> enforced;
        TupleDomain<LakehouseColumnHandle> unenforced;
        if (predicate.isNone()) {
            enforced = TupleDomain.none();
            unenforced = TupleDomain.all();
        }
        else {
            Set<Integer> identityColumns = identityPartitionColumns(table.specs().values());
            ImmutableMap.Builder<LakehouseColumnHandle, Domain> enforcedDomains = ImmutableMap.builder();
            ImmutableMap.Builder<LakehouseColumnHandle, Domain> unenforcedDomains = ImmutableMap.builder();
            for (Map.Entry<LakehouseColumnHandle, Domain> entry : predicate.getDomains().orElseThrow().entrySet()) {
                if (canEnforce(entry.getKey(), identityColumns)) {
                    enforcedDomains.put(entry);
                }
                else {
                    unenforcedDomains.put(entry);
                }
            }
            enforced = TupleDomain.withColumnDomains(enforcedDomains.buildOrThrow());
            unenforced = TupleDomain.withColumnDomains(unenforcedDomains.buildOrThrow());
        }

        TupleDomain<LakehouseColumnHandle> newEnforced = handle.enforcedPredicate().intersect(enforced);
        TupleDomain<LakehouseColumnHandle> newUnenforced = handle.unenforcedPredicate().intersect(unenforced);
        if (newEnforced.isNone()) {
            newUnenforced = TupleDomain.all();
        }
        if (newEnforced.equals(handle.enforcedPredicate()) && newUnenforced.equals(handle.unenforcedPredicate())) {
            return Optional.empty();
        }
        return Optional.of(new ConstraintApplicationResult<>(
                handle.withPredicates(newEnforced, newUnenforced),
                unenforced.transformKeys(ColumnHandle.class::cast),
                constraint.getExpression(),
                false));
    }

    private static boolean canEnforce(LakehouseColumnHandle column, Set<Integer> identityColumns)
    {
        // NaN partition values do not compare as Trino's domains expect: keep floating point columns unenforced
        return column.isBaseColumn()
                && identityColumns.contains(column.baseFieldId())
                && ValueConverter.isConvertible(column.type())
                && !(column.type() instanceof RealType)
                && !(column.type() instanceof DoubleType);
    }

    /**
     * Source columns that every partition spec of the table partitions by identity: only for those does a
     * file's partition say the value of each of its rows.
     */
    private static Set<Integer> identityPartitionColumns(Collection<PartitionSpec> specs)
    {
        Set<Integer> common = null;
        for (PartitionSpec spec : specs) {
            ImmutableSet.Builder<Integer> identity = ImmutableSet.builder();
            for (PartitionField field : spec.fields()) {
                if (field.transform().isIdentity()) {
                    identity.add(field.sourceId());
                }
            }
            Set<Integer> ids = identity.build();
            if (common == null) {
                common = ids;
            }
            else {
                common = Sets.intersection(common, ids).immutableCopy();
            }
        }
        return common == null ? ImmutableSet.of() : common;
    }
}
