package dev.lakehouse.connector.convert;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.connector.LakehouseColumnHandle;
import io.airlift.slice.Slices;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.Range;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.predicate.ValueSet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.InclusiveMetricsEvaluator;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.DecimalType.createDecimalType;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Converted predicates, checked the way they are used: against a file's min/max metrics.
 */
final class TestPredicateConverter
{
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.optional(1, "orderkey", Types.LongType.get()),
            Types.NestedField.optional(2, "shipdate", Types.DateType.get()),
            Types.NestedField.optional(3, "status", Types.StringType.get()),
            Types.NestedField.optional(4, "price", Types.DecimalType.of(12, 2)));
    private static final LakehouseColumnHandle ORDERKEY = LakehouseColumnHandle.topLevel(1, "orderkey", BIGINT);
    private static final LakehouseColumnHandle SHIPDATE = LakehouseColumnHandle.topLevel(2, "shipdate", DATE);
    private static final LakehouseColumnHandle STATUS = LakehouseColumnHandle.topLevel(3, "status", VARCHAR);
    private static final LakehouseColumnHandle PRICE = LakehouseColumnHandle.topLevel(4, "price", createDecimalType(12, 2));

    // orderkey 100..200, shipdate 1995-01-01..1995-01-31, status 'F'..'O', price 1.00..9.99, no nulls but in status
    private static final DataFile FILE = DataFiles.builder(PartitionSpec.unpartitioned())
            .withPath("file:///data/file.parquet")
            .withFileSizeInBytes(1000)
            .withMetrics(new Metrics(
                    10L,
                    null,
                    Map.of(1, 10L, 2, 10L, 3, 10L, 4, 10L),
                    Map.of(1, 0L, 2, 0L, 3, 2L, 4, 0L),
                    null,
                    Map.of(1, bound(Types.LongType.get(), 100L), 2, bound(Types.DateType.get(), day("1995-01-01")), 3, bound(Types.StringType.get(), "F"), 4, bound(Types.DecimalType.of(12, 2), new BigDecimal("1.00"))),
                    Map.of(1, bound(Types.LongType.get(), 200L), 2, bound(Types.DateType.get(), day("1995-01-31")), 3, bound(Types.StringType.get(), "O"), 4, bound(Types.DecimalType.of(12, 2), new BigDecimal("9.99")))))
            .build();

    @Test
    void testRangesAndValues()
    {
        assertMatches(ORDERKEY, Domain.singleValue(BIGINT, 150L), true);
        assertMatches(ORDERKEY, Domain.singleValue(BIGINT, 201L), false);
        assertMatches(ORDERKEY, Domain.create(ValueSet.ofRanges(Range.greaterThan(BIGINT, 200L)), false), false);
        assertMatches(ORDERKEY, Domain.create(ValueSet.ofRanges(Range.greaterThanOrEqual(BIGINT, 200L)), false), true);
        assertMatches(ORDERKEY, Domain.create(ValueSet.ofRanges(Range.lessThan(BIGINT, 100L), Range.greaterThan(BIGINT, 300L)), false), false);
        assertMatches(ORDERKEY, Domain.multipleValues(BIGINT, List.of(1L, 2L, 3L)), false);
        assertMatches(ORDERKEY, Domain.multipleValues(BIGINT, List.of(1L, 2L, 150L)), true);
    }

    @Test
    void testDatesStringsAndDecimals()
    {
        assertMatches(SHIPDATE, Domain.create(ValueSet.ofRanges(Range.range(DATE, (long) day("1995-02-01"), true, (long) day("1995-02-28"), true)), false), false);
        assertMatches(SHIPDATE, Domain.singleValue(DATE, (long) day("1995-01-15")), true);
        assertMatches(STATUS, Domain.singleValue(VARCHAR, Slices.utf8Slice("P")), false);
        assertMatches(STATUS, Domain.singleValue(VARCHAR, Slices.utf8Slice("G")), true);
        assertMatches(PRICE, Domain.singleValue(createDecimalType(12, 2), 1000L), false);
        assertMatches(PRICE, Domain.singleValue(createDecimalType(12, 2), 500L), true);
    }

    @Test
    void testNulls()
    {
        assertMatches(ORDERKEY, Domain.onlyNull(BIGINT), false);
        assertMatches(STATUS, Domain.onlyNull(VARCHAR), true);
        assertMatches(ORDERKEY, Domain.notNull(BIGINT), true);
        assertThat(PredicateConverter.toIcebergExpression(TupleDomain.none()).toString()).isEqualTo("false");
        assertThat(PredicateConverter.toIcebergExpression(TupleDomain.all()).toString()).isEqualTo("true");
    }

    private static void assertMatches(LakehouseColumnHandle column, Domain domain, boolean expected)
    {
        Expression expression = PredicateConverter.toIcebergExpression(TupleDomain.withColumnDomains(ImmutableMap.of(column, domain)));
        assertThat(new InclusiveMetricsEvaluator(SCHEMA, expression).eval(FILE))
                .as("%s on %s", expression, column)
                .isEqualTo(expected);
    }

    private static int day(String date)
    {
        return (int) LocalDate.parse(date).toEpochDay();
    }

    private static ByteBuffer bound(org.apache.iceberg.types.Type type, Object value)
    {
        return Conversions.toByteBuffer(type, value);
    }
}
