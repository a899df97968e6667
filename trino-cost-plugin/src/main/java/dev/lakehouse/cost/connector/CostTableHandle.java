package dev.lakehouse.cost.connector;

import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.predicate.TupleDomain;

import static java.util.Objects.requireNonNull;

/**
 * A table of the {@code cost} catalog, with the part of the query's filter that is pushed into the
 * ledger's SQL (by column name). The pushed filter may select more rows than the query's filter,
 * never fewer: Trino applies the whole filter again.
 */
public record CostTableHandle(CostTable table, TupleDomain<String> constraint)
        implements ConnectorTableHandle
{
    public CostTableHandle
    {
        requireNonNull(table, "table is null");
        requireNonNull(constraint, "constraint is null");
    }
}
