package dev.lakehouse.connector.catalog;

import java.sql.Driver;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The JDBC drivers the catalog supports. Drivers are created directly rather than found through
 * {@link java.sql.DriverManager}, which does not see drivers loaded by a plugin's class loader.
 */
enum JdbcDriver
{
    SQLITE("jdbc:sqlite:", org.sqlite.JDBC::new),
    POSTGRESQL("jdbc:postgresql:", org.postgresql.Driver::new);

    private final String urlPrefix;
    private final Supplier<Driver> driver;

    JdbcDriver(String urlPrefix, Supplier<Driver> driver)
    {
        this.urlPrefix = urlPrefix;
        this.driver = driver;
    }

    Driver newDriver()
    {
        return driver.get();
    }

    boolean isEmbedded()
    {
        return this == SQLITE;
    }

    static Optional<JdbcDriver> forUrl(String url)
    {
        for (JdbcDriver driver : values()) {
            if (url.startsWith(driver.urlPrefix)) {
                return Optional.of(driver);
            }
        }
        return Optional.empty();
    }
}
