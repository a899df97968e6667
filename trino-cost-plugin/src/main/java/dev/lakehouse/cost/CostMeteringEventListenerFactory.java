package dev.lakehouse.cost;

import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.EventListenerFactory;

import java.util.Map;

public class CostMeteringEventListenerFactory
        implements EventListenerFactory
{
    public static final String NAME = "lakehouse-cost";

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public EventListener create(Map<String, String> config, EventListenerContext context)
    {
        // Registered so that installations can already name it; metering is not built yet
        throw new UnsupportedOperationException("The '" + NAME + "' event listener is not available in this build");
    }
}
