package dev.lakehouse.access.rules;

/**
 * Privileges on a table or view, as in Trino's file-based rules.
 */
public enum TablePrivilege
{
    SELECT, INSERT, DELETE, UPDATE, OWNERSHIP, GRANT_SELECT;

    static int mask(Iterable<TablePrivilege> privileges)
    {
        int mask = 0;
        for (TablePrivilege privilege : privileges) {
            mask |= 1 << privilege.ordinal();
        }
        return mask;
    }

    boolean isSelect()
    {
        return this == SELECT || this == GRANT_SELECT;
    }
}
