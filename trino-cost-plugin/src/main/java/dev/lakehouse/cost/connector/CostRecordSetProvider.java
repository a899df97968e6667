package dev.lakehouse.cost.connector;

import com.google.inject.Inject;
import dev.lakehouse.cost.ledger.Ledger;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorRecordSetProvider;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplit;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.RecordSet;

import java.time.Clock;
import java.util.List;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.util.Objects.requireNonNull;

public final class CostRecordSetProvider
        implements ConnectorRecordSetProvider
{
    private final Ledger ledger;
    private final BudgetsProvider budgets;
    private final Clock clock;

    @Inject
    public CostRecordSetProvider(Ledger ledger, BudgetsProvider budgets, Clock clock)
    {
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.budgets = requireNonNull(budgets, "budgets is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public RecordSet getRecordSet(ConnectorTransactionHandle transaction, ConnectorSession session, ConnectorSplit split, ConnectorTableHandle table, List<? extends ColumnHandle> columns)
    {
        CostTableHandle handle = (CostTableHandle) table;
        List<CostColumn> costColumns = columns.stream()
                .map(column -> handle.table().column(((CostColumnHandle) column).name()))
                .collect(toImmutableList());
        ledger.initialize();
        return switch (handle.table()) {
            case QUERIES, QUERY_TABLES -> new LedgerRecordSet(ledger, handle.table(), costColumns, handle.constraint());
            case BUDGETS -> BudgetsRecordSet.create(ledger, budgets.policy(), clock, costColumns);
        };
    }
}
