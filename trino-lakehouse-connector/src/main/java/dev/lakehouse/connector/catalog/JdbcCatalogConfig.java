package dev.lakehouse.connector.catalog;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotEmpty;

import java.util.Optional;

/**
 * Iceberg's JDBC catalog: the database holding the catalog tables ({@code iceberg_tables},
 * {@code iceberg_namespace_properties}).
 */
public class JdbcCatalogConfig
{
    private String url;
    private String user;
    private String password;
    private String catalogName = "lakehouse";

    public Optional<String> getUrl()
    {
        return Optional.ofNullable(url);
    }

    @Config("lakehouse.catalog.jdbc.url")
    @ConfigDescription("JDBC URL of the catalog database (jdbc:sqlite:/path or jdbc:postgresql://host/db); by default an embedded SQLite file in the warehouse")
    public JdbcCatalogConfig setUrl(String url)
    {
        this.url = url;
        return this;
    }

    public Optional<String> getUser()
    {
        return Optional.ofNullable(user);
    }

    @Config("lakehouse.catalog.jdbc.user")
    @ConfigDescription("User name for the catalog database")
    public JdbcCatalogConfig setUser(String user)
    {
        this.user = user;
        return this;
    }

    public Optional<String> getPassword()
    {
        return Optional.ofNullable(password);
    }

    @Config("lakehouse.catalog.jdbc.password")
    @ConfigSecuritySensitive
    @ConfigDescription("Password for the catalog database")
    public JdbcCatalogConfig setPassword(String password)
    {
        this.password = password;
        return this;
    }

    @NotEmpty
    public String getCatalogName()
    {
        return catalogName;
    }

    @Config("lakehouse.catalog.jdbc.catalog-name")
    @ConfigDescription("Catalog name recorded in the catalog tables; engines sharing a database see the same tables under the same name")
    public JdbcCatalogConfig setCatalogName(String catalogName)
    {
        this.catalogName = catalogName;
        return this;
    }

    @AssertTrue(message = "lakehouse.catalog.jdbc.url must start with jdbc:sqlite: or jdbc:postgresql:")
    public boolean isUrlSupported()
    {
        return url == null || JdbcDriver.forUrl(url).isPresent();
    }
}
