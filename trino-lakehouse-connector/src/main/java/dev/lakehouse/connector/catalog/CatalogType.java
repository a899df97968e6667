package dev.lakehouse.connector.catalog;

public enum CatalogType
{
    /** Iceberg's JDBC catalog: an embedded SQLite database file by default, or PostgreSQL. */
    JDBC,
    /** A catalog server speaking the Iceberg REST catalog protocol. */
    REST,
}
