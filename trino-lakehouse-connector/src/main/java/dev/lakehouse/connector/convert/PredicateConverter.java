package dev.lakehouse.connector.convert;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.connector.LakehouseColumnHandle;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.Range;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.predicate.ValueSet;
import io.trino.spi.type.Type;
import org.apache.iceberg.expressions.Expression;

import java.util.List;
import java.util.Map;

import static org.apache.iceberg.expressions.Expressions.alwaysFalse;
import static org.apache.iceberg.expressions.Expressions.alwaysTrue;
import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThan;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.in;
import static org.apache.iceberg.expressions.Expressions.isNull;
import static org.apache.iceberg.expressions.Expressions.lessThan;
import static org.apache.iceberg.expressions.Expressions.lessThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.notNull;
import static org.apache.iceberg.expressions.Expressions.or;

/**
 * Converts Trino predicates on columns to Iceberg {@link Expression}s, which Iceberg's evaluators use to
 * skip manifests and data files. The result is inclusive: it matches every row the predicate matches,
 * and perhaps more (a domain on a type Iceberg cannot compare becomes {@code alwaysTrue}).
 */
public final class PredicateConverter
{
    private static final int MAX_IN_LIST = 10_000;

    private PredicateConverter() {}

    public static Expression toIcebergExpression(TupleDomain<LakehouseColumnHandle> predicate)
    {
        if (predicate.isNone()) {
            return alwaysFalse();
        }
        Map<LakehouseColumnHandle, Domain> domains = predicate.getDomains().orElseThrow();
        Expression expression = alwaysTrue();
        for (Map.Entry<LakehouseColumnHandle, Domain> entry : domains.entrySet()) {
            LakehouseColumnHandle column = entry.getKey();
            if (!ValueConverter.isConvertible(column.type())) {
                continue;
            }
            expression = and(expression, toIcebergExpression(column.qualifiedName(), column.type(), entry.getValue()));
        }
        return expression;
    }

    /**
     * The expression matching what the domain matches in the named column (a dotted name for a nested field).
     */
    public static Expression toIcebergExpression(String columnName, Type type, Domain domain)
    {
        if (domain.isAll()) {
            return alwaysTrue();
        }
        if (domain.isNone()) {
            return alwaysFalse();
        }
        if (domain.getValues().isNone()) {
            return domain.isNullAllowed() ? isNull(columnName) : alwaysFalse();
        }
        if (domain.getValues().isAll()) {
            return domain.isNullAllowed() ? alwaysTrue() : notNull(columnName);
        }

        Expression values = valuesExpression(columnName, type, domain.getValues());
        return domain.isNullAllowed() ? or(isNull(columnName), values) : values;
    }

    private static Expression valuesExpression(String columnName, Type type, ValueSet valueSet)
    {
        if (!valueSet.isDiscreteSet() && valueSet.getRanges().getRangeCount() > MAX_IN_LIST) {
            // too complex to evaluate cheaply: keep everything
            return alwaysTrue();
        }
        if (valueSet.isDiscreteSet()) {
            List<Object> discrete = valueSet.getDiscreteSet();
            if (discrete.size() > MAX_IN_LIST) {
                return alwaysTrue();
            }
            ImmutableList.Builder<Object> values = ImmutableList.builderWithExpectedSize(discrete.size());
            for (Object value : discrete) {
                values.add(ValueConverter.toIcebergValue(type, value));
            }
            List<Object> icebergValues = values.build();
            if (icebergValues.size() == 1) {
                return equal(columnName, icebergValues.getFirst());
            }
            return in(columnName, icebergValues);
        }

        Expression expression = alwaysFalse();
        for (Range range : valueSet.getRanges().getOrderedRanges()) {
            expression = or(expression, rangeExpression(columnName, type, range));
        }
        return expression;
    }

    private static Expression rangeExpression(String columnName, Type type, Range range)
    {
        if (range.isSingleValue()) {
            return equal(columnName, ValueConverter.toIcebergValue(type, range.getSingleValue()));
        }
        Expression expression = alwaysTrue();
        if (!range.isLowUnbounded()) {
            Object low = ValueConverter.toIcebergValue(type, range.getLowBoundedValue());
            expression = and(expression, range.isLowInclusive() ? greaterThanOrEqual(columnName, low) : greaterThan(columnName, low));
        }
        if (!range.isHighUnbounded()) {
            Object high = ValueConverter.toIcebergValue(type, range.getHighBoundedValue());
            expression = and(expression, range.isHighInclusive() ? lessThanOrEqual(columnName, high) : lessThan(columnName, high));
        }
        if (range.isLowUnbounded() && range.isHighUnbounded()) {
            return notNull(columnName);
        }
        return expression;
    }
}
