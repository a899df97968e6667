package dev.lakehouse.access.masks;

import io.trino.spi.type.BigintType;
import io.trino.spi.type.CharType;
import io.trino.spi.type.DateType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.DoubleType;
import io.trino.spi.type.IntegerType;
import io.trino.spi.type.RealType;
import io.trino.spi.type.SmallintType;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.TinyintType;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarbinaryType;
import io.trino.spi.type.VarcharType;

import java.util.Locale;
import java.util.Optional;

import static dev.lakehouse.access.masks.MaskTemplate.quote;

/**
 * The mask templates every policy can name. Each gives a type-correct expression for the column
 * types it has a meaning for and NULL for all others:
 * <table>
 * <tr><th>template</th><th>text (varchar, char)</th><th>integers</th><th>other</th></tr>
 * <tr><td>hash</td><td>lowercase hex of SHA-256 of the UTF-8 bytes</td><td>a number taken from SHA-256 of the value</td><td>varbinary: SHA-256; else NULL</td></tr>
 * <tr><td>redact</td><td>letters to x/X, digits to 0, other characters kept</td><td>0</td><td>decimal, double, real: 0; else NULL</td></tr>
 * <tr><td>show_last_4</td><td>last 4 characters kept, the rest redacted</td><td>last 4 digits</td><td>NULL</td></tr>
 * <tr><td>show_first_4</td><td>first 4 characters kept, the rest redacted</td><td>NULL</td><td>NULL</td></tr>
 * <tr><td>null</td><td colspan="3">NULL for every type</td></tr>
 * <tr><td>year</td><td>NULL</td><td>NULL</td><td>date, timestamp: January 1st of the year, midnight; else NULL</td></tr>
 * </table>
 * Bounded text types keep their length: a {@code varchar(10)} hash is the first 10 hex digits.
 */
public enum BuiltInMask
        implements MaskTemplate
{
    HASH {
        @Override
        public String expression(String columnName, Type type)
        {
            String column = quote(columnName);
            if (isText(type)) {
                return text(type, "lower(to_hex(sha256(to_utf8(%s))))".formatted(asVarchar(column, type)));
            }
            if (type instanceof VarbinaryType) {
                return "sha256(%s)".formatted(column);
            }
            String digest = "sha256(to_big_endian_64(%s))".formatted(column);
            if (type instanceof BigintType) {
                return "from_big_endian_64(substr(%s, 1, 8))".formatted(digest);
            }
            if (type instanceof IntegerType) {
                return "from_big_endian_32(substr(%s, 1, 4))".formatted(digest);
            }
            if (type instanceof SmallintType) {
                return "CAST(from_big_endian_32(substr(%s, 1, 4)) %% 32768 AS smallint)".formatted(digest);
            }
            if (type instanceof TinyintType) {
                return "CAST(from_big_endian_32(substr(%s, 1, 4)) %% 128 AS tinyint)".formatted(digest);
            }
            return NULL_EXPRESSION;
        }
    },
    REDACT {
        @Override
        public String expression(String columnName, Type type)
        {
            String column = quote(columnName);
            if (isText(type)) {
                return text(type, redact(asVarchar(column, type)));
            }
            if (isInteger(type) || type instanceof DecimalType || type instanceof DoubleType || type instanceof RealType) {
                return "IF(%s IS NULL, NULL, CAST(0 AS %s))".formatted(column, type.getDisplayName());
            }
            return NULL_EXPRESSION;
        }
    },
    SHOW_LAST_4 {
        @Override
        public String expression(String columnName, Type type)
        {
            String column = quote(columnName);
            if (isText(type)) {
                String value = asVarchar(column, type);
                return text(type, "concat(%s, substr(%s, greatest(length(%s) - 3, 1)))".formatted(
                        redact("substr(%s, 1, greatest(length(%s) - 4, 0))".formatted(value, value)),
                        value,
                        value));
            }
            if (isInteger(type)) {
                return "CAST(%s %% 10000 AS %s)".formatted(column, type.getDisplayName());
            }
            return NULL_EXPRESSION;
        }
    },
    SHOW_FIRST_4 {
        @Override
        public String expression(String columnName, Type type)
        {
            String column = quote(columnName);
            if (isText(type)) {
                String value = asVarchar(column, type);
                return text(type, "concat(substr(%s, 1, 4), %s)".formatted(value, redact("substr(%s, 5)".formatted(value))));
            }
            return NULL_EXPRESSION;
        }
    },
    NULL {
        @Override
        public String expression(String columnName, Type type)
        {
            return NULL_EXPRESSION;
        }
    },
    YEAR {
        @Override
        public String expression(String columnName, Type type)
        {
            if (type instanceof DateType || type instanceof TimestampType || type instanceof TimestampWithTimeZoneType) {
                return "date_trunc('year', %s)".formatted(quote(columnName));
            }
            return NULL_EXPRESSION;
        }
    };

    private static final String NULL_EXPRESSION = "NULL";

    public static Optional<BuiltInMask> fromName(String name)
    {
        for (BuiltInMask mask : values()) {
            if (mask.templateName().equals(name)) {
                return Optional.of(mask);
            }
        }
        return Optional.empty();
    }

    /**
     * The name policies use: {@code hash}, {@code redact}, {@code show_last_4}, ...
     */
    @Override
    public String templateName()
    {
        return name().toLowerCase(Locale.ENGLISH);
    }

    private static boolean isText(Type type)
    {
        return type instanceof VarcharType || type instanceof CharType;
    }

    private static boolean isInteger(Type type)
    {
        return type instanceof BigintType || type instanceof IntegerType || type instanceof SmallintType || type instanceof TinyintType;
    }

    private static String asVarchar(String column, Type type)
    {
        return type instanceof CharType ? "CAST(%s AS varchar)".formatted(column) : column;
    }

    /**
     * Back to the column's own text type, so bounded types ({@code varchar(10)}, {@code char(4)})
     * are accepted as the mask of the column; casting truncates to the bound.
     */
    private static String text(Type type, String expression)
    {
        if (type instanceof VarcharType varchar && varchar.isUnbounded()) {
            return expression;
        }
        return "CAST(%s AS %s)".formatted(expression, type.getDisplayName());
    }

    /**
     * Letters to x (X for upper case), decimal digits to 0, everything else kept, so the shape of
     * a value (length, separators) stays visible and its content does not.
     */
    private static String redact(String value)
    {
        return "regexp_replace(regexp_replace(regexp_replace(%s, '[\\p{Ll}\\p{Lt}\\p{Lm}\\p{Lo}]', 'x'), '\\p{Lu}', 'X'), '\\p{Nd}', '0')".formatted(value);
    }
}
