package dev.lakehouse.connector.convert;

import com.google.common.collect.ImmutableList;
import io.trino.spi.TrinoException;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestPartitionSpecConverter
{
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.optional(1, "orderkey", Types.LongType.get()),
            Types.NestedField.optional(2, "shipdate", Types.DateType.get()),
            Types.NestedField.optional(3, "comment", Types.StringType.get()),
            Types.NestedField.optional(4, "ts", Types.TimestampType.withZone()),
            Types.NestedField.optional(5, "Mixed Case", Types.IntegerType.get()));

    @Test
    void testAllTransformsRoundTrip()
    {
        List<String> fields = ImmutableList.of(
                "orderkey",
                "year(shipdate)",
                "bucket(comment, 16)",
                "truncate(comment, 4)",
                "hour(ts)",
                "\"Mixed Case\"");
        PartitionSpec spec = PartitionSpecConverter.toPartitionSpec(SCHEMA, fields);
        assertThat(spec.fields()).hasSize(6);
        assertThat(spec.fields().get(1).transform().toString()).isEqualTo("year");
        assertThat(spec.fields().get(2).transform().toString()).isEqualTo("bucket[16]");
        assertThat(spec.fields().get(3).transform().toString()).isEqualTo("truncate[4]");
        assertThat(PartitionSpecConverter.toPartitionFields(spec)).isEqualTo(fields);
    }

    @Test
    void testMonthDayAndCaseInsensitiveNames()
    {
        PartitionSpec spec = PartitionSpecConverter.toPartitionSpec(SCHEMA, ImmutableList.of("MONTH(ShipDate)", " day( ts ) "));
        assertThat(PartitionSpecConverter.toPartitionFields(spec)).containsExactly("month(shipdate)", "day(ts)");
    }

    @Test
    void testInvalidFieldsNameTheProblem()
    {
        assertInvalid("unknown", "Invalid partitioning field 'unknown': the table has no column 'unknown'");
        assertInvalid("month(comment)", "Invalid partitioning field 'month(comment)': ");
        assertInvalid("bucket(orderkey, 0)", "Invalid partitioning field 'bucket(orderkey, 0)': the number must be between 1 and 2147483647");
        assertInvalid("bucket(orderkey)", "Invalid partitioning field 'bucket(orderkey)': expected a column name or one of year(c), month(c)");
        assertInvalid("century(shipdate)", "Invalid partitioning field 'century(shipdate)': expected a column name or one of");
    }

    private static void assertInvalid(String field, String message)
    {
        assertThatThrownBy(() -> PartitionSpecConverter.toPartitionSpec(SCHEMA, ImmutableList.of(field)))
                .isInstanceOf(TrinoException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(((TrinoException) e).getErrorCode().getName()).isEqualTo("LAKEHOUSE_INVALID_TABLE_PROPERTY"));
    }
}
