package dev.lakehouse.cost.connector;

import static java.util.Objects.requireNonNull;

/**
 * The name of the catalog this connector serves, such as {@code cost}.
 */
public record CatalogName(String name)
{
    public CatalogName
    {
        requireNonNull(name, "name is null");
    }
}
