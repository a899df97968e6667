package dev.lakehouse.access.masks;

import io.trino.spi.type.Type;

/**
 * A named way to mask a column, turned into a SQL expression for each column it masks.
 */
public sealed interface MaskTemplate
        permits BuiltInMask, CustomMask
{
    /**
     * The name rules refer to it by.
     */
    String templateName();

    /**
     * A SQL expression over the column whose value can be coerced to {@code type}, so Trino accepts
     * it as the column's mask. Never returns the column unchanged: when the template has no
     * meaning for the type, the value is masked to NULL.
     */
    String expression(String columnName, Type type);

    /**
     * The column as a SQL identifier, quoted so any name works.
     */
    static String quote(String columnName)
    {
        return "\"" + columnName.replace("\"", "\"\"") + "\"";
    }
}
