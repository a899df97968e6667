package dev.lakehouse.cost.budget;

import dev.lakehouse.cost.budget.BudgetPeriod.Window;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestBudgetPeriod
{
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void testDayEndsAtMidnightOfTheTimeZone()
    {
        Window window = BudgetPeriod.DAY.window(Instant.parse("2025-06-30T21:59:59.999Z"), BERLIN);
        assertThat(window.start()).isEqualTo(ZonedDateTime.parse("2025-06-30T00:00+02:00[Europe/Berlin]"));
        assertThat(window.end()).isEqualTo(ZonedDateTime.parse("2025-07-01T00:00+02:00[Europe/Berlin]"));

        // one millisecond later it is the next day in Berlin, while still June 30 in UTC
        Window next = BudgetPeriod.DAY.window(Instant.parse("2025-06-30T22:00:00Z"), BERLIN);
        assertThat(next.start()).isEqualTo(window.end());
        assertThat(window.contains(Instant.parse("2025-06-30T21:59:59.999Z").toEpochMilli())).isTrue();
        assertThat(window.contains(Instant.parse("2025-06-30T22:00:00Z").toEpochMilli())).isFalse();
    }

    @Test
    void testWeekStartsOnMonday()
    {
        // Sunday 2025-07-06
        Window window = BudgetPeriod.WEEK.window(Instant.parse("2025-07-06T12:00:00Z"), ZoneId.of("UTC"));
        assertThat(window.start()).isEqualTo(ZonedDateTime.parse("2025-06-30T00:00Z[UTC]"));
        assertThat(window.end()).isEqualTo(ZonedDateTime.parse("2025-07-07T00:00Z[UTC]"));
    }

    @Test
    void testMonthAcrossDaylightSavingTime()
    {
        // March 2025 in Berlin has 743 hours: the clocks skip an hour on the 30th
        Window window = BudgetPeriod.MONTH.window(Instant.parse("2025-03-15T00:00:00Z"), BERLIN);
        assertThat(window.start()).isEqualTo(ZonedDateTime.parse("2025-03-01T00:00+01:00[Europe/Berlin]"));
        assertThat(window.end()).isEqualTo(ZonedDateTime.parse("2025-04-01T00:00+02:00[Europe/Berlin]"));
        assertThat(java.time.Duration.between(window.start(), window.end()).toHours()).isEqualTo(743);
    }

    @Test
    void testDayWhereMidnightDoesNotExist()
    {
        // America/Santiago moved its clocks from 00:00 to 01:00 on 2024-09-08
        ZoneId santiago = ZoneId.of("America/Santiago");
        Window window = BudgetPeriod.DAY.window(Instant.parse("2024-09-08T12:00:00Z"), santiago);
        assertThat(window.start().toLocalTime().getHour()).isEqualTo(1);
        assertThat(window.start().toLocalDate()).isEqualTo(java.time.LocalDate.parse("2024-09-08"));
    }

    @Test
    void testNames()
    {
        assertThat(BudgetPeriod.fromName("Month")).isEqualTo(BudgetPeriod.MONTH);
        assertThat(BudgetPeriod.fromName("daily")).isEqualTo(BudgetPeriod.DAY);
        assertThatThrownBy(() -> BudgetPeriod.fromName("year"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown period 'year' (day, week or month)");
    }
}
