package dev.lakehouse.access.masks;

import io.trino.spi.type.Type;

import static java.util.Objects.requireNonNull;

/**
 * A mask the policy defines in {@code masks}: a SQL expression in which {@code {column}} stands for
 * the masked column. The expression must fit every column type it is applied to; when it does not,
 * Trino rejects the query ("Expected column mask ... to be of type"), so no value is shown.
 */
public record CustomMask(String name, String template)
        implements MaskTemplate
{
    public static final String COLUMN_PLACEHOLDER = "{column}";

    public CustomMask
    {
        requireNonNull(name, "name is null");
        requireNonNull(template, "template is null");
    }

    @Override
    public String templateName()
    {
        return name;
    }

    @Override
    public String expression(String columnName, Type type)
    {
        return template.replace(COLUMN_PLACEHOLDER, MaskTemplate.quote(columnName));
    }
}
