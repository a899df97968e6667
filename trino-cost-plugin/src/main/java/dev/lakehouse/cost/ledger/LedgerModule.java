package dev.lakehouse.cost.ledger;

import com.google.inject.Binder;
import com.google.inject.Scopes;
import io.airlift.configuration.AbstractConfigurationAwareModule;

import static io.airlift.configuration.ConditionalModule.conditionalModule;
import static io.airlift.configuration.ConfigBinder.configBinder;

/**
 * The ledger's database, chosen by {@code cost.ledger.type}.
 */
public class LedgerModule
        extends AbstractConfigurationAwareModule
{
    @Override
    protected void setup(Binder binder)
    {
        configBinder(binder).bindConfig(LedgerConfig.class);
        install(conditionalModule(
                LedgerConfig.class,
                config -> config.getType() == LedgerType.SQLITE,
                sqlite -> {
                    configBinder(sqlite).bindConfig(SqliteLedgerConfig.class);
                    sqlite.bind(LedgerConnectionFactory.class).to(SqliteConnectionFactory.class).in(Scopes.SINGLETON);
                }));
        install(conditionalModule(
                LedgerConfig.class,
                config -> config.getType() == LedgerType.POSTGRESQL,
                postgresql -> {
                    configBinder(postgresql).bindConfig(PostgresqlLedgerConfig.class);
                    postgresql.bind(LedgerConnectionFactory.class).to(PostgresqlConnectionFactory.class).in(Scopes.SINGLETON);
                }));
        binder.bind(Ledger.class).in(Scopes.SINGLETON);
    }
}
