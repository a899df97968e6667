package dev.lakehouse.access.explain;

import io.trino.spi.type.BigintType;
import io.trino.spi.type.BooleanType;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The column types the explain command accepts ({@code email:varchar}, {@code amount:decimal(10,2)}),
 * which are those the mask templates treat differently.
 */
final class ColumnTypes
{
    private static final Pattern PARAMETERS = Pattern.compile("(\\w+)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)(\\s+with time zone)?");

    private ColumnTypes() {}

    static Type parse(String text)
    {
        String type = text.strip().toLowerCase(Locale.ENGLISH);
        switch (type) {
            case "varchar":
                return VarcharType.VARCHAR;
            case "bigint":
                return BigintType.BIGINT;
            case "integer", "int":
                return IntegerType.INTEGER;
            case "smallint":
                return SmallintType.SMALLINT;
            case "tinyint":
                return TinyintType.TINYINT;
            case "double":
                return DoubleType.DOUBLE;
            case "real":
                return RealType.REAL;
            case "boolean":
                return BooleanType.BOOLEAN;
            case "date":
                return DateType.DATE;
            case "varbinary":
                return VarbinaryType.VARBINARY;
            case "timestamp":
                return TimestampType.TIMESTAMP_MILLIS;
            case "timestamp with time zone":
                return TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
            default:
                break;
        }
        Matcher matcher = PARAMETERS.matcher(type);
        if (matcher.matches()) {
            int first = Integer.parseInt(matcher.group(2));
            boolean withTimeZone = matcher.group(4) != null;
            switch (matcher.group(1)) {
                case "varchar":
                    return VarcharType.createVarcharType(first);
                case "char":
                    return CharType.createCharType(first);
                case "decimal":
                    return DecimalType.createDecimalType(first, matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3)));
                case "timestamp":
                    return withTimeZone ? TimestampWithTimeZoneType.createTimestampWithTimeZoneType(first) : TimestampType.createTimestampType(first);
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("unknown column type '%s'; use varchar, varchar(n), char(n), bigint, integer, smallint, tinyint, double, real, decimal(p,s), boolean, date, timestamp(p), timestamp(p) with time zone or varbinary".formatted(text));
    }
}
