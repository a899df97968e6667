package dev.lakehouse.connector.catalog;

import org.apache.iceberg.jdbc.JdbcClientPool;
import org.apache.iceberg.jdbc.UncheckedSQLException;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/**
 * Iceberg's JDBC connection pool, connecting through a given driver instead of {@link java.sql.DriverManager}.
 */
final class DriverJdbcClientPool
        extends JdbcClientPool
{
    private final Driver driver;
    private final String url;
    private final Properties connectionProperties;

    DriverJdbcClientPool(int poolSize, Driver driver, String url, Properties connectionProperties, Map<String, String> catalogProperties)
    {
        super(poolSize, url, catalogProperties);
        this.driver = requireNonNull(driver, "driver is null");
        this.url = requireNonNull(url, "url is null");
        this.connectionProperties = (Properties) connectionProperties.clone();
    }

    @Override
    protected Connection newClient()
    {
        try {
            Connection connection = driver.connect(url, connectionProperties);
            if (connection == null) {
                throw new SQLException("The driver does not accept the URL " + url);
            }
            return connection;
        }
        catch (SQLException e) {
            throw new UncheckedSQLException(e, "Failed to connect to %s", url);
        }
    }
}
