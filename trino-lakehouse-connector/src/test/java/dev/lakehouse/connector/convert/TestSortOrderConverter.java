package dev.lakehouse.connector.convert;

import com.google.common.collect.ImmutableList;
import io.trino.spi.TrinoException;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestSortOrderConverter
{
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.optional(1, "orderkey", Types.LongType.get()),
            Types.NestedField.optional(2, "orderdate", Types.DateType.get()),
            Types.NestedField.optional(3, "items", Types.ListType.ofOptional(4, Types.LongType.get())));

    @Test
    void testRoundTrip()
    {
        SortOrder order = SortOrderConverter.toSortOrder(SCHEMA, ImmutableList.of("orderdate DESC", "orderkey", "orderkey ASC NULLS LAST"));
        assertThat(order.fields()).hasSize(3);
        assertThat(order.fields().get(0).direction()).isEqualTo(SortDirection.DESC);
        assertThat(order.fields().get(0).nullOrder()).isEqualTo(NullOrder.NULLS_LAST);
        assertThat(order.fields().get(1).nullOrder()).isEqualTo(NullOrder.NULLS_FIRST);
        assertThat(order.fields().get(2).nullOrder()).isEqualTo(NullOrder.NULLS_LAST);
        assertThat(SortOrderConverter.toSortFields(order)).containsExactly("orderdate DESC", "orderkey", "orderkey NULLS LAST");
    }

    @Test
    void testUnsorted()
    {
        assertThat(SortOrderConverter.toSortOrder(SCHEMA, ImmutableList.of()).isUnsorted()).isTrue();
    }

    @Test
    void testInvalidField()
    {
        assertThatThrownBy(() -> SortOrderConverter.toSortOrder(SCHEMA, ImmutableList.of("missing")))
                .isInstanceOf(TrinoException.class)
                .hasMessage("Invalid sorted_by field 'missing': the table has no column 'missing' of a sortable type");
        assertThatThrownBy(() -> SortOrderConverter.toSortOrder(SCHEMA, ImmutableList.of("items")))
                .isInstanceOf(TrinoException.class)
                .hasMessage("Invalid sorted_by field 'items': the table has no column 'items' of a sortable type");
        assertThatThrownBy(() -> SortOrderConverter.toSortOrder(SCHEMA, ImmutableList.of("orderkey SIDEWAYS")))
                .isInstanceOf(TrinoException.class)
                .hasMessageStartingWith("Invalid sorted_by field 'orderkey SIDEWAYS': expected a column name");
    }
}
