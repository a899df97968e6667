package dev.lakehouse.cost.metering;

import com.google.inject.Inject;
import io.airlift.bootstrap.LifeCycleManager;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryCreatedEvent;

import static java.util.Objects.requireNonNull;

/**
 * Prices every completed query (finished, failed, cancelled or rejected, with what it consumed)
 * into the cost ledger, and follows the created ones for budgets that cancel running queries. Runs
 * on the coordinator, where Trino reports queries.
 */
public final class CostMeteringEventListener
        implements EventListener
{
    private final LifeCycleManager lifeCycleManager;
    private final Metering metering;

    @Inject
    public CostMeteringEventListener(LifeCycleManager lifeCycleManager, Metering metering)
    {
        this.lifeCycleManager = requireNonNull(lifeCycleManager, "lifeCycleManager is null");
        this.metering = requireNonNull(metering, "metering is null");
    }

    @Override
    public void queryCreated(QueryCreatedEvent event)
    {
        metering.queryCreated(event);
    }

    @Override
    public void queryCompleted(QueryCompletedEvent event)
    {
        metering.meter(event);
    }

    @Override
    public void shutdown()
    {
        lifeCycleManager.stop();
    }
}
