package dev.lakehouse.benchmarks;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestDmlOutcome
{
    private static final LineitemFingerprint TABLE = new LineitemFingerprint(594_582, new BigDecimal("15164239.00"), new BigDecimal("22733104567.23"), "3f0a1c22d4e5b6a7");
    private static final LineitemFingerprint OTHER_TABLE = new LineitemFingerprint(594_582, new BigDecimal("15164239.00"), new BigDecimal("22733104567.23"), "0000000000000001");

    @Test
    void testSameOutcomesHaveNoDifference()
    {
        assertThat(DmlOutcome.difference("dml_delete", "lakehouse (run 1)", new DmlOutcome(5_990, TABLE), "iceberg (run 1)", new DmlOutcome(5_990, TABLE)))
                .isEmpty();
    }

    @Test
    void testDifferentChangedRows()
    {
        assertThat(DmlOutcome.difference("dml_delete", "lakehouse (run 1)", new DmlOutcome(5_990, TABLE), "iceberg (run 1)", new DmlOutcome(5_991, TABLE)))
                .hasValue("Statement dml_delete changed 5,990 rows on lakehouse (run 1) but 5,991 on iceberg (run 1)");
    }

    @Test
    void testDifferentTables()
    {
        assertThat(DmlOutcome.difference("dml_merge", "lakehouse (run 1)", new DmlOutcome(5_925, TABLE), "lakehouse (run 2)", new DmlOutcome(5_925, OTHER_TABLE)))
                .hasValue("""
                        Statement dml_merge left different tables:
                          on lakehouse (run 1): 594,582 rows, sum(l_quantity) 15164239.00, sum(l_extendedprice) 22733104567.23, checksum 3f0a1c22d4e5b6a7
                          on lakehouse (run 2): 594,582 rows, sum(l_quantity) 15164239.00, sum(l_extendedprice) 22733104567.23, checksum 0000000000000001""");
        assertThat(DmlOutcome.difference("dml_merge", "lakehouse (run 1)", new DmlOutcome(5_925, TABLE), "iceberg (run 1)", new DmlOutcome(5_924, OTHER_TABLE)))
                .hasValueSatisfying(difference -> assertThat(difference).startsWith("Statement dml_merge changed 5,925 rows on lakehouse (run 1) but 5,924 on iceberg (run 1), and left different tables:\n"));
    }

    @Test
    void testChangedRowsAreAnUpdateCount()
    {
        assertThatThrownBy(() -> new DmlOutcome(-1, TABLE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("changedRows is negative: -1");
    }
}
