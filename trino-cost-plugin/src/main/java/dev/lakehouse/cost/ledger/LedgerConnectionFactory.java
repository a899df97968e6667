package dev.lakehouse.cost.ledger;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens connections to the ledger's database.
 */
public interface LedgerConnectionFactory
{
    Connection openConnection()
            throws SQLException;

    /**
     * Names the database (the SQLite file's absolute path, the PostgreSQL URL): components of one
     * server that use the same ledger see the same identity.
     */
    String identity();

    /**
     * The column definition of the ledger's ever-increasing record sequence.
     */
    String sequenceColumnDefinition();
}
