package dev.lakehouse.cost.metering;

import com.google.inject.Injector;
import com.google.inject.Scopes;
import dev.lakehouse.cost.CostServices;
import dev.lakehouse.cost.TrinoVersion;
import dev.lakehouse.cost.budget.BudgetsConfig;
import dev.lakehouse.cost.budget.CancelRunningConfig;
import dev.lakehouse.cost.ledger.LedgerModule;
import dev.lakehouse.cost.ledger.SpoolConfig;
import dev.lakehouse.cost.pricing.CostModel;
import dev.lakehouse.cost.pricing.PricingConfig;
import io.airlift.bootstrap.Bootstrap;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.EventListenerFactory;

import java.time.Clock;
import java.util.Map;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static java.util.Objects.requireNonNull;

public class CostMeteringEventListenerFactory
        implements EventListenerFactory
{
    public static final String NAME = "lakehouse-cost";

    private final CostServices services;
    private final Clock clock;

    public CostMeteringEventListenerFactory(CostServices services, Clock clock)
    {
        this.services = requireNonNull(services, "services is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public EventListener create(Map<String, String> config, EventListenerContext context)
    {
        requireNonNull(config, "config is null");
        TrinoVersion.checkServerVersion(context.getVersion(), "The event listener '" + NAME + "'");

        Bootstrap app = new Bootstrap(
                new LedgerModule(),
                binder -> {
                    configBinder(binder).bindConfig(PricingConfig.class);
                    configBinder(binder).bindConfig(SpoolConfig.class);
                    configBinder(binder).bindConfig(BudgetsConfig.class);
                    configBinder(binder).bindConfig(CancelRunningConfig.class);
                    binder.bind(Clock.class).toInstance(clock);
                    binder.bind(CostServices.class).toInstance(services);
                    binder.bind(CostModel.class).in(Scopes.SINGLETON);
                    binder.bind(Metering.class).in(Scopes.SINGLETON);
                    binder.bind(CostMeteringEventListener.class).in(Scopes.SINGLETON);
                });
        Injector injector = app
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(config)
                .initialize();
        return injector.getInstance(CostMeteringEventListener.class);
    }
}
