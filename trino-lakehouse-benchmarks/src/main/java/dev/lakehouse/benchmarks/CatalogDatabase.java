package dev.lakehouse.benchmarks;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * The database of the Iceberg JDBC catalog that both compared catalogs share, and the catalog name
 * under which both record their tables in it (Iceberg's JDBC catalog keeps the tables of several
 * catalogs apart by this name, so both must use the same one to see the same tables).
 */
public record CatalogDatabase(String jdbcUrl, String user, String password, String catalogName)
{
    public CatalogDatabase
    {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(catalogName, "catalogName is null");
        checkArgument(jdbcUrl.startsWith("jdbc:postgresql:"), "Not a PostgreSQL JDBC URL: %s", jdbcUrl);
    }
}
