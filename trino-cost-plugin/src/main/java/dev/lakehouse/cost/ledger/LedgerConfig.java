package dev.lakehouse.cost.ledger;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import jakarta.validation.constraints.NotNull;

public class LedgerConfig
{
    private LedgerType type = LedgerType.SQLITE;

    @NotNull
    public LedgerType getType()
    {
        return type;
    }

    @Config("cost.ledger.type")
    @ConfigDescription("Database of the ledger: SQLITE (an embedded file, the default) or POSTGRESQL")
    public LedgerConfig setType(LedgerType type)
    {
        this.type = type;
        return this;
    }
}
