package dev.lakehouse.connector.catalog;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import java.net.URI;
import java.util.Optional;

/**
 * A catalog server speaking the Iceberg REST catalog protocol.
 */
public class RestCatalogConfig
{
    private URI uri;
    private String credential;
    private String token;

    @NotNull
    public URI getUri()
    {
        return uri;
    }

    @Config("lakehouse.catalog.rest.uri")
    @ConfigDescription("URI of the Iceberg REST catalog service, such as http://catalog:8181")
    public RestCatalogConfig setUri(URI uri)
    {
        this.uri = uri;
        return this;
    }

    public Optional<String> getCredential()
    {
        return Optional.ofNullable(credential);
    }

    @Config("lakehouse.catalog.rest.credential")
    @ConfigSecuritySensitive
    @ConfigDescription("OAuth2 client credentials for the catalog service, as client-id:client-secret")
    public RestCatalogConfig setCredential(String credential)
    {
        this.credential = credential;
        return this;
    }

    public Optional<String> getToken()
    {
        return Optional.ofNullable(token);
    }

    @Config("lakehouse.catalog.rest.token")
    @ConfigSecuritySensitive
    @ConfigDescription("Bearer token for the catalog service; with credential too, the credential renews it")
    public RestCatalogConfig setToken(String token)
    {
        this.token = token;
        return this;
    }

    @AssertTrue(message = "lakehouse.catalog.rest.uri must be an http or https URI")
    public boolean isUriValid()
    {
        return uri == null || "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
    }
}
