package dev.lakehouse.cost.connector;

import dev.lakehouse.cost.budget.Budget;
import dev.lakehouse.cost.budget.BudgetPeriod.Window;
import dev.lakehouse.cost.budget.BudgetPolicy;
import dev.lakehouse.cost.budget.BudgetStatus;
import dev.lakehouse.cost.budget.Team;
import dev.lakehouse.cost.budget.Threshold;
import dev.lakehouse.cost.ledger.Ledger;
import io.trino.spi.TrinoException;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.connector.InMemoryRecordSet;
import io.trino.spi.connector.RecordSet;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.lakehouse.cost.CostErrorCode.LEDGER_UNAVAILABLE;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * The rows of {@code ledger.budgets}: each team with a budget, its current period by the clock,
 * and the spend the ledger holds for that period.
 */
final class BudgetsRecordSet
{
    private BudgetsRecordSet() {}

    static RecordSet create(Ledger ledger, BudgetPolicy policy, Clock clock, List<CostColumn> columns)
    {
        Instant now = clock.instant();
        Map<Window, Map<String, Long>> spendByWindow = new HashMap<>();
        InMemoryRecordSet.Builder rows = InMemoryRecordSet.builder(columns.stream().map(CostColumn::type).collect(toImmutableList()));
        for (Team team : policy.teams()) {
            if (team.budget().isEmpty()) {
                continue;
            }
            Budget budget = team.budget().get();
            Window window = budget.period().window(now, budget.timeZone());
            Map<String, Long> spend = spendByWindow.computeIfAbsent(window, key -> spend(ledger, key));
            BudgetStatus status = new BudgetStatus(team, budget, policy.currency(), window, spend.getOrDefault(team.name(), 0L));
            List<Object> values = new ArrayList<>(columns.size());
            for (CostColumn column : columns) {
                values.add(value(status, column.name()));
            }
            rows.addRow(values.toArray());
        }
        return rows.build();
    }

    private static Map<String, Long> spend(Ledger ledger, Window window)
    {
        try {
            return ledger.spendByTeam(window.start().toInstant().toEpochMilli(), window.end().toInstant().toEpochMilli(), Long.MAX_VALUE);
        }
        catch (SQLException e) {
            throw new TrinoException(LEDGER_UNAVAILABLE, "Cannot read the ledger %s: %s".formatted(ledger.identity(), e.getMessage()), e);
        }
    }

    private static Object value(BudgetStatus status, String column)
    {
        return switch (column) {
            case "team" -> status.team().name();
            case "period" -> status.budget().period().displayName();
            case "time_zone" -> status.budget().timeZone().getId();
            case "period_start" -> packDateTimeWithZone(status.period().start().toInstant().toEpochMilli(), UTC_KEY);
            case "period_end" -> packDateTimeWithZone(status.period().end().toInstant().toEpochMilli(), UTC_KEY);
            case "currency" -> status.currency();
            case "budget" -> status.budget().amountMicros();
            case "spent" -> status.spentMicros();
            case "remaining" -> status.remainingMicros();
            case "percent_used" -> 100.0 * status.spentMicros() / status.budget().amountMicros();
            case "state" -> status.state().name();
            case "thresholds_reached" -> {
                List<Threshold> reached = status.reachedThresholds();
                BlockBuilder builder = VARCHAR.createBlockBuilder(null, reached.size());
                for (Threshold threshold : reached) {
                    VARCHAR.writeString(builder, threshold.percentText() + "% " + threshold.action().displayName());
                }
                yield builder.build();
            }
            default -> throw new IllegalArgumentException("Unknown budgets column: " + column);
        };
    }
}
