package dev.lakehouse.connector.writer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestWriterMemoryBudget
{
    @Test
    void testOpenWritersShareTheBudgetEqually()
    {
        WriterMemoryBudget budget = new WriterMemoryBudget();
        WriterMemoryBudget.Share first = budget.open();
        assertThat(first.maxBytes(1200)).isEqualTo(1200);

        WriterMemoryBudget.Share second = budget.open();
        WriterMemoryBudget.Share third = budget.open();
        assertThat(first.maxBytes(1200)).isEqualTo(400);
        assertThat(third.maxBytes(1200)).isEqualTo(400);

        // a closed writer's share goes back to the others, once only
        second.close();
        second.close();
        assertThat(first.maxBytes(1200)).isEqualTo(600);
        assertThatThrownBy(() -> second.maxBytes(1200))
                .hasMessage("share is closed");
    }
}
