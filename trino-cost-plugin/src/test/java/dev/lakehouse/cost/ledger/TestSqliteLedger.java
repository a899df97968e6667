package dev.lakehouse.cost.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestSqliteLedger
        extends AbstractTestLedger
{
    @TempDir
    Path directory;

    @Override
    protected LedgerConnectionFactory createLedgerDatabase()
    {
        return new SqliteConnectionFactory(directory.resolve("ledger.sqlite"));
    }

    @Override
    protected LedgerConnectionFactory reopenLedgerDatabase()
    {
        return new SqliteConnectionFactory(directory.resolve("ledger.sqlite"));
    }

    @Test
    void testUnreachableLedgerIsNamed()
            throws Exception
    {
        // a file where the ledger's folder should be
        Path file = Files.writeString(directory.resolve("not-a-folder"), "x");
        try (Ledger ledger = new Ledger(new SqliteConnectionFactory(file.resolve("ledger.sqlite")))) {
            assertThatThrownBy(ledger::initialize)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Cannot create or open the ledger sqlite:" + file.resolve("ledger.sqlite"));
        }
    }
}
