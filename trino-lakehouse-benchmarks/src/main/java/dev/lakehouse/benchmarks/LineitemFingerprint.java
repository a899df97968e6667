package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableList;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

/**
 * What a table of {@code lineitem}'s columns holds, in a few values that tables with the same rows
 * share and tables with different rows almost never do: the number of rows, the sums of two columns
 * (which say how far apart two tables are), and Trino's order-insensitive checksum of every column
 * of every row. Computed by one engine, Trino, for every table, the values compare exactly.
 *
 * @param checksum the checksum, in hexadecimal
 */
public record LineitemFingerprint(long rows, BigDecimal quantity, BigDecimal extendedPrice, String checksum)
{
    /** The columns of TPC-H's {@code lineitem}, as the {@code tpch} catalog names them with standard column naming. */
    public static final List<String> COLUMNS = ImmutableList.of(
            "l_orderkey", "l_partkey", "l_suppkey", "l_linenumber", "l_quantity", "l_extendedprice", "l_discount", "l_tax",
            "l_returnflag", "l_linestatus", "l_shipdate", "l_commitdate", "l_receiptdate", "l_shipinstruct", "l_shipmode", "l_comment");

    public LineitemFingerprint
    {
        checkArgument(rows >= 0, "rows is negative: %s", rows);
        requireNonNull(quantity, "quantity is null");
        requireNonNull(extendedPrice, "extendedPrice is null");
        requireNonNull(checksum, "checksum is null");
    }

    /**
     * The query that reads the fingerprint of a table, named in full, as one row of its four values.
     */
    public static String query(String table)
    {
        requireNonNull(table, "table is null");
        // an empty table has no sums and no checksum
        return "SELECT count(*), coalesce(sum(l_quantity), 0), coalesce(sum(l_extendedprice), 0), coalesce(to_hex(checksum(ROW(%s))), '') FROM %s"
                .formatted(String.join(", ", COLUMNS), table);
    }

    /**
     * The fingerprint in the row {@link #query} returned.
     */
    public static LineitemFingerprint fromRow(List<Object> row)
    {
        checkArgument(row.size() == 4, "A fingerprint has 4 values, not %s: %s", row.size(), row);
        return new LineitemFingerprint(((Number) row.get(0)).longValue(), (BigDecimal) row.get(1), (BigDecimal) row.get(2), (String) row.get(3));
    }

    /**
     * Empty when all readings of what should be the same rows are the same; else a message with
     * every reading.
     *
     * @param subject what was read, such as "The table that lakehouse changed by dml_delete"
     * @param readings each reading by what it is, such as "through iceberg"
     */
    public static Optional<String> difference(String subject, Map<String, LineitemFingerprint> readings)
    {
        requireNonNull(subject, "subject is null");
        checkArgument(!readings.isEmpty(), "No readings of %s", subject);
        if (readings.values().stream().distinct().count() == 1) {
            return Optional.empty();
        }
        return Optional.of(readings.entrySet().stream()
                .map(reading -> "\n  %s: %s".formatted(reading.getKey(), reading.getValue()))
                .collect(joining("", subject + " read differently:", "")));
    }

    @Override
    public String toString()
    {
        return String.format(Locale.ROOT, "%,d rows, sum(l_quantity) %s, sum(l_extendedprice) %s, checksum %s",
                rows, quantity.toPlainString(), extendedPrice.toPlainString(), checksum.isEmpty() ? "none" : checksum);
    }
}
