package dev.lakehouse.cost.ledger;

import com.google.inject.Inject;
import org.postgresql.Driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/**
 * The production ledger: a PostgreSQL database, which several coordinators can share.
 */
public final class PostgresqlConnectionFactory
        implements LedgerConnectionFactory
{
    // the driver is used directly: DriverManager does not see drivers loaded by a plugin's class loader reliably
    private final Driver driver = new Driver();
    private final String url;
    private final Properties properties = new Properties();

    @Inject
    public PostgresqlConnectionFactory(PostgresqlLedgerConfig config)
    {
        this.url = requireNonNull(config.getUrl(), "url is null");
        config.getUser().ifPresent(user -> properties.setProperty("user", user));
        config.getPassword().ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("ApplicationName", "trino-lakehouse-cost");
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("socketTimeout", "60");
    }

    @Override
    public Connection openConnection()
            throws SQLException
    {
        Connection connection = driver.connect(url, properties);
        if (connection == null) {
            throw new SQLException("Not a PostgreSQL URL: " + url);
        }
        return connection;
    }

    @Override
    public String identity()
    {
        return url;
    }

    @Override
    public String sequenceColumnDefinition()
    {
        return "seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
    }
}
