package dev.lakehouse.connector.catalog;

import org.apache.iceberg.catalog.Catalog;

/**
 * Creates the Iceberg catalog of one catalog type. The connector creates it on first use, so a node that
 * never reads metadata (a worker) never connects to it, and an unreachable catalog fails queries with a
 * clear error rather than the server's start.
 */
public interface IcebergCatalogFactory
{
    /**
     * A new, connected catalog that also implements {@link org.apache.iceberg.catalog.SupportsNamespaces}.
     */
    Catalog create();

    /**
     * What the catalog is, for messages: its type and address, never a secret.
     */
    String description();
}
