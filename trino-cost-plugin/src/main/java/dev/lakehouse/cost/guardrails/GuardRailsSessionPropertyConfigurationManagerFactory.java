package dev.lakehouse.cost.guardrails;

import com.google.inject.Injector;
import com.google.inject.Scopes;
import dev.lakehouse.cost.TrinoVersion;
import dev.lakehouse.cost.budget.BudgetsConfig;
import io.airlift.bootstrap.Bootstrap;
import io.trino.spi.resourcegroups.SessionPropertyConfigurationManagerContext;
import io.trino.spi.session.SessionPropertyConfigurationManager;
import io.trino.spi.session.SessionPropertyConfigurationManagerFactory;

import java.util.Map;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static java.util.Objects.requireNonNull;

public class GuardRailsSessionPropertyConfigurationManagerFactory
        implements SessionPropertyConfigurationManagerFactory
{
    public static final String NAME = "lakehouse";

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public SessionPropertyConfigurationManager create(Map<String, String> config, SessionPropertyConfigurationManagerContext context)
    {
        requireNonNull(config, "config is null");
        TrinoVersion.checkServerVersion(TrinoVersion.serverSpiVersion(), "The session property manager '" + NAME + "'");

        Bootstrap app = new Bootstrap(binder -> {
            configBinder(binder).bindConfig(BudgetsConfig.class);
            binder.bind(GuardRailsSessionPropertyConfigurationManager.class).in(Scopes.SINGLETON);
        });
        Injector injector = app
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(config)
                .initialize();
        return injector.getInstance(GuardRailsSessionPropertyConfigurationManager.class);
    }
}
