package dev.lakehouse.cost.ledger;

public enum LedgerType
{
    /** An embedded SQLite database file on the coordinator. */
    SQLITE,
    /** A PostgreSQL database, for production and for several coordinators sharing one ledger. */
    POSTGRESQL,
}
