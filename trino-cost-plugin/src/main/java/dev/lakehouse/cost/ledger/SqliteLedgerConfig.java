package dev.lakehouse.cost.ledger;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import jakarta.validation.constraints.NotEmpty;

public class SqliteLedgerConfig
{
    private String path = "cost/ledger.sqlite";

    @NotEmpty
    public String getPath()
    {
        return path;
    }

    @Config("cost.ledger.sqlite.path")
    @ConfigDescription("The ledger's SQLite file; a relative path is relative to the server's data directory")
    public SqliteLedgerConfig setPath(String path)
    {
        this.path = path;
        return this;
    }
}
