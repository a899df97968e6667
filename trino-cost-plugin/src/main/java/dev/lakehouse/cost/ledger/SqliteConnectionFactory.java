package dev.lakehouse.cost.ledger;

import com.google.inject.Inject;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import static java.util.Objects.requireNonNull;

/**
 * The embedded ledger: one SQLite file in write-ahead-log mode, so readers (the {@code cost}
 * catalog, the budget tracker) never block the writer, with full synchronization, so a committed
 * record survives a crash of the machine, not only of the server.
 */
public final class SqliteConnectionFactory
        implements LedgerConnectionFactory
{
    private static final int BUSY_TIMEOUT_MILLIS = 30_000;

    private final Path path;
    private final SQLiteConfig config;

    @Inject
    public SqliteConnectionFactory(SqliteLedgerConfig config)
    {
        this(Path.of(config.getPath()));
    }

    public SqliteConnectionFactory(Path path)
    {
        this.path = requireNonNull(path, "path is null").toAbsolutePath().normalize();
        this.config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    }

    @Override
    public Connection openConnection()
            throws SQLException
    {
        try {
            Files.createDirectories(path.getParent());
        }
        catch (IOException e) {
            throw new SQLException("Cannot create the folder of the ledger " + path + ": " + e, e);
        }
        return config.createConnection("jdbc:sqlite:" + path);
    }

    @Override
    public String identity()
    {
        return "sqlite:" + path;
    }

    @Override
    public String sequenceColumnDefinition()
    {
        return "seq INTEGER PRIMARY KEY AUTOINCREMENT";
    }
}
