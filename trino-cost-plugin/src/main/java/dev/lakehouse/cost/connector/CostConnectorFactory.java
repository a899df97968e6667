package dev.lakehouse.cost.connector;

import com.google.inject.Injector;
import com.google.inject.Scopes;
import dev.lakehouse.cost.budget.BudgetsConfig;
import dev.lakehouse.cost.ledger.LedgerModule;
import io.airlift.bootstrap.Bootstrap;
import io.trino.spi.NodeManager;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorContext;
import io.trino.spi.connector.ConnectorFactory;

import java.time.Clock;
import java.util.Map;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.trino.plugin.base.Versions.checkStrictSpiVersionMatch;
import static java.util.Objects.requireNonNull;

public class CostConnectorFactory
        implements ConnectorFactory
{
    public static final String NAME = "lakehouse_cost";

    private final Clock clock;

    public CostConnectorFactory(Clock clock)
    {
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public Connector create(String catalogName, Map<String, String> config, ConnectorContext context)
    {
        requireNonNull(catalogName, "catalogName is null");
        requireNonNull(config, "config is null");
        checkStrictSpiVersionMatch(context, this);

        Bootstrap app = new Bootstrap(
                new LedgerModule(),
                binder -> {
                    configBinder(binder).bindConfig(BudgetsConfig.class);
                    binder.bind(CatalogName.class).toInstance(new CatalogName(catalogName));
                    binder.bind(NodeManager.class).toInstance(context.getNodeManager());
                    binder.bind(Clock.class).toInstance(clock);
                    binder.bind(BudgetsProvider.class).in(Scopes.SINGLETON);
                    binder.bind(CostMetadata.class).in(Scopes.SINGLETON);
                    binder.bind(CostSplitManager.class).in(Scopes.SINGLETON);
                    binder.bind(CostRecordSetProvider.class).in(Scopes.SINGLETON);
                    binder.bind(CostConnector.class).in(Scopes.SINGLETON);
                });
        Injector injector = app
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(config)
                .initialize();
        return injector.getInstance(CostConnector.class);
    }
}
