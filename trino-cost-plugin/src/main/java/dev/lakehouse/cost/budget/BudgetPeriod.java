package dev.lakehouse.cost.budget;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

import static java.util.Locale.ENGLISH;

/**
 * A calendar period of a budget, in the budget's time zone. A period starts at midnight of its
 * first day (or the first instant of that day, where a time zone change skips midnight); weeks
 * start on Monday (ISO 8601).
 */
public enum BudgetPeriod
{
    DAY,
    WEEK,
    MONTH;

    public static BudgetPeriod fromName(String name)
    {
        return switch (name.toLowerCase(ENGLISH)) {
            case "day", "daily" -> DAY;
            case "week", "weekly" -> WEEK;
            case "month", "monthly" -> MONTH;
            default -> throw new IllegalArgumentException("unknown period '%s' (day, week or month)".formatted(name));
        };
    }

    public String displayName()
    {
        return name().toLowerCase(ENGLISH);
    }

    /**
     * The first day of the period that holds {@code date}.
     */
    public LocalDate firstDay(LocalDate date)
    {
        return switch (this) {
            case DAY -> date;
            case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> date.withDayOfMonth(1);
        };
    }

    /**
     * The first day of the period after the one starting on {@code firstDay}.
     */
    public LocalDate nextFirstDay(LocalDate firstDay)
    {
        return switch (this) {
            case DAY -> firstDay.plusDays(1);
            case WEEK -> firstDay.plusWeeks(1);
            case MONTH -> firstDay.plusMonths(1);
        };
    }

    /**
     * The period holding {@code instant}: its start (inclusive) and end (exclusive).
     */
    public Window window(Instant instant, ZoneId zone)
    {
        LocalDate firstDay = firstDay(instant.atZone(zone).toLocalDate());
        return new Window(firstDay.atStartOfDay(zone), nextFirstDay(firstDay).atStartOfDay(zone));
    }

    public record Window(ZonedDateTime start, ZonedDateTime end)
    {
        public boolean contains(long epochMillis)
        {
            return epochMillis >= start.toInstant().toEpochMilli() && epochMillis < end.toInstant().toEpochMilli();
        }
    }
}
