package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableMap;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.Query;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestLineitemFingerprint
{
    private static final LineitemFingerprint TABLE = new LineitemFingerprint(594_582, new BigDecimal("15164239.00"), new BigDecimal("22733104567.23"), "3f0a1c22d4e5b6a7");

    @Test
    void testQueryReadsEveryColumn()
    {
        String query = LineitemFingerprint.query("iceberg.dml_lakehouse.lineitem");
        assertThat(new SqlParser().createStatement(query)).isInstanceOf(Query.class);
        assertThat(query)
                .startsWith("SELECT count(*), coalesce(sum(l_quantity), 0), coalesce(sum(l_extendedprice), 0), coalesce(to_hex(checksum(ROW(l_orderkey, l_partkey, ")
                .endsWith(", l_shipmode, l_comment))), '') FROM iceberg.dml_lakehouse.lineitem");
        assertThat(LineitemFingerprint.COLUMNS).hasSize(16).doesNotHaveDuplicates();
    }

    @Test
    void testFromRow()
    {
        // as JDBC returns the row of the query
        assertThat(LineitemFingerprint.fromRow(List.of(594_582L, new BigDecimal("15164239.00"), new BigDecimal("22733104567.23"), "3f0a1c22d4e5b6a7")))
                .isEqualTo(TABLE);
        assertThat(LineitemFingerprint.fromRow(List.of(0L, new BigDecimal("0.00"), new BigDecimal("0.00"), "")))
                .hasToString("0 rows, sum(l_quantity) 0.00, sum(l_extendedprice) 0.00, checksum none");
        assertThatThrownBy(() -> LineitemFingerprint.fromRow(Arrays.asList(1L, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A fingerprint has 4 values, not 2: [1, null]");
    }

    @Test
    void testSameReadingsHaveNoDifference()
    {
        assertThat(LineitemFingerprint.difference("The table that lakehouse changed by dml_delete", ImmutableMap.of("through lakehouse", TABLE, "through iceberg", TABLE)))
                .isEmpty();
    }

    @Test
    void testDifferentReadingsAreAllShown()
    {
        LineitemFingerprint oneRowMore = new LineitemFingerprint(594_583, new BigDecimal("15164240.00"), new BigDecimal("22733105567.23"), "0b0a1c22d4e5b6a7");
        assertThat(LineitemFingerprint.difference("The table that lakehouse changed by dml_delete", ImmutableMap.of("through lakehouse", TABLE, "through iceberg", oneRowMore)))
                .hasValue("""
                        The table that lakehouse changed by dml_delete read differently:
                          through lakehouse: 594,582 rows, sum(l_quantity) 15164239.00, sum(l_extendedprice) 22733104567.23, checksum 3f0a1c22d4e5b6a7
                          through iceberg: 594,583 rows, sum(l_quantity) 15164240.00, sum(l_extendedprice) 22733105567.23, checksum 0b0a1c22d4e5b6a7""");
        // the same count and sums, other values
        LineitemFingerprint otherRows = new LineitemFingerprint(TABLE.rows(), TABLE.quantity(), TABLE.extendedPrice(), "0000000000000001");
        assertThat(LineitemFingerprint.difference("t", ImmutableMap.of("a", TABLE, "b", otherRows))).isPresent();
    }
}
