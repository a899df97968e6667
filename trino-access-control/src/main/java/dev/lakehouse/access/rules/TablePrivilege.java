package dev.lakehouse.access.rules;

/**
 * Privileges on a table or view, as in Trino's file-based rules.
 */
public enum TablePrivilege
{
    SELECT, INSERT, DELETE, UPDATE, OWNERSHIP, GRANT_SELECT;

    boolean isSelect()
    {
        return this == SELECT || this == GRANT_SELECT;
    }
}
