package dev.lakehouse.benchmarks;

import org.intellij.lang.annotations.Language;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables of Apache Iceberg's JDBC catalog ({@code org.apache.iceberg.jdbc.JdbcCatalog}, at
 * Iceberg 1.9.1, the version of Trino 476), as that catalog creates them when it may: the table
 * list with the {@code iceberg_type} column of its schema version V1, and the namespace properties.
 * Trino's Iceberg connector never creates them (it opens the catalog with table creation off), so a
 * database it shares with another engine needs them first.
 */
public final class IcebergJdbcCatalogTables
{
    @Language("SQL")
    private static final String CREATE_TABLES_TABLE = """
            CREATE TABLE iceberg_tables(\
            catalog_name VARCHAR(255) NOT NULL,\
            table_namespace VARCHAR(255) NOT NULL,\
            table_name VARCHAR(255) NOT NULL,\
            metadata_location VARCHAR(1000),\
            previous_metadata_location VARCHAR(1000),\
            PRIMARY KEY (catalog_name, table_namespace, table_name))""";

    // schema version V1: views are recorded next to tables, told apart by this column
    @Language("SQL")
    private static final String ADD_RECORD_TYPE_COLUMN = "ALTER TABLE iceberg_tables ADD COLUMN iceberg_type VARCHAR(5)";

    @Language("SQL")
    private static final String CREATE_NAMESPACE_PROPERTIES_TABLE = """
            CREATE TABLE iceberg_namespace_properties(\
            catalog_name VARCHAR(255) NOT NULL,\
            namespace VARCHAR(255) NOT NULL,\
            property_key VARCHAR(255),\
            property_value VARCHAR(1000),\
            PRIMARY KEY (catalog_name, namespace, property_key))""";

    private IcebergJdbcCatalogTables() {}

    /**
     * Creates the catalog tables in the connection's database, which must not have them yet.
     */
    public static void create(Connection connection)
            throws SQLException
    {
        try (Statement statement = connection.createStatement()) {
            for (String sql : List.of(CREATE_TABLES_TABLE, ADD_RECORD_TYPE_COLUMN, CREATE_NAMESPACE_PROPERTIES_TABLE)) {
                statement.execute(sql);
            }
        }
    }
}
