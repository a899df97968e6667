package dev.lakehouse.cost.ledger;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import java.util.Optional;

public class PostgresqlLedgerConfig
{
    private String url;
    private String user;
    private String password;

    @NotNull
    public String getUrl()
    {
        return url;
    }

    @Config("cost.ledger.postgresql.url")
    @ConfigDescription("JDBC URL of the ledger's PostgreSQL database, such as jdbc:postgresql://db:5432/lakehouse")
    public PostgresqlLedgerConfig setUrl(String url)
    {
        this.url = url;
        return this;
    }

    @AssertTrue(message = "cost.ledger.postgresql.url must start with jdbc:postgresql:")
    public boolean isUrlValid()
    {
        return url == null || url.startsWith("jdbc:postgresql:");
    }

    public Optional<String> getUser()
    {
        return Optional.ofNullable(user);
    }

    @Config("cost.ledger.postgresql.user")
    public PostgresqlLedgerConfig setUser(String user)
    {
        this.user = user;
        return this;
    }

    public Optional<String> getPassword()
    {
        return Optional.ofNullable(password);
    }

    @Config("cost.ledger.postgresql.password")
    @ConfigSecuritySensitive
    public PostgresqlLedgerConfig setPassword(String password)
    {
        this.password = password;
        return this;
    }
}
