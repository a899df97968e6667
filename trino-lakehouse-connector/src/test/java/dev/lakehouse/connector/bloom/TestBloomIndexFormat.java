package dev.lakehouse.connector.bloom;

import org.junit.jupiter.api.Test;

import static dev.lakehouse.connector.bloom.BloomIndexFormat.groupBlocks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestBloomIndexFormat
{
    @Test
    void testGroupBlocksAddAtMostAnEighth()
    {
        for (long blocks = 1; blocks < 200_000; blocks++) {
            long group = groupBlocks(blocks);
            assertThat(group).as("blocks %s", blocks).isBetween(blocks, blocks + blocks / 8);
            // of the form m * 2^k, 8 <= m < 16, above 15
            long mantissa = group >>> Long.numberOfTrailingZeros(group);
            assertThat(group < 16 || mantissa < 16).as("blocks %s: %s", blocks, group).isTrue();
            assertThat(groupBlocks(group)).isEqualTo(group);
        }
        assertThat(groupBlocks(100)).isEqualTo(104);
        assertThat(groupBlocks(1_000_000)).isEqualTo(1_048_576);
        assertThatThrownBy(() -> groupBlocks(0)).hasMessage("blocks must be positive: 0");
    }
}
