package dev.lakehouse.benchmarks;

import com.google.common.collect.HashMultiset;
import com.google.common.collect.Multiset;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Compares the rows two catalogs returned for the same query, as multisets: the order of rows does
 * not matter (both catalogs read the same data, but the engine may emit rows in any order where the
 * query does not fix it), duplicates do. Values compare exactly, except floating-point numbers,
 * which may differ in their last digits when sums are added up in another order: they match when
 * they agree to a relative {@value #RELATIVE_TOLERANCE}. Decimals compare by value ({@code 1.0}
 * equals {@code 1.00}).
 */
public final class ResultComparison
{
    static final double RELATIVE_TOLERANCE = 1e-9;
    private static final int ROWS_SHOWN = 10;

    private ResultComparison() {}

    /**
     * Empty when both results hold the same rows; else a message naming the query and both
     * catalogs, with the row counts and (up to ten of) the rows found on one side only.
     */
    public static Optional<String> difference(String query, String leftCatalog, List<List<Object>> leftRows, String rightCatalog, List<List<Object>> rightRows)
    {
        requireNonNull(query, "query is null");
        requireNonNull(leftCatalog, "leftCatalog is null");
        requireNonNull(rightCatalog, "rightCatalog is null");

        // exact matches first: cheap, and nearly every row of a correct result
        Map<List<Object>, List<Object>> originals = new HashMap<>();
        Multiset<List<Object>> leftOnly = HashMultiset.create();
        for (List<Object> row : leftRows) {
            List<Object> normalized = normalize(row);
            originals.putIfAbsent(normalized, row);
            leftOnly.add(normalized);
        }
        List<List<Object>> rightOnly = new ArrayList<>();
        for (List<Object> row : rightRows) {
            List<Object> normalized = normalize(row);
            if (!leftOnly.remove(normalized)) {
                originals.putIfAbsent(normalized, row);
                rightOnly.add(normalized);
            }
        }

        // then pair what is left where floating-point values differ only in rounding
        List<List<Object>> leftUnmatched = new ArrayList<>(leftOnly);
        Iterator<List<Object>> right = rightOnly.iterator();
        while (right.hasNext()) {
            List<Object> rightRow = right.next();
            for (Iterator<List<Object>> left = leftUnmatched.iterator(); left.hasNext(); ) {
                if (approximatelyEqual(left.next(), rightRow)) {
                    left.remove();
                    right.remove();
                    break;
                }
            }
        }

        if (leftUnmatched.isEmpty() && rightOnly.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder message = new StringBuilder()
                .append("Query ").append(query).append(" returned different rows: ")
                .append(leftCatalog).append(' ').append(rowCount(leftRows.size())).append(", ")
                .append(rightCatalog).append(' ').append(rowCount(rightRows.size())).append('.');
        appendRows(message, leftCatalog, leftUnmatched, originals);
        appendRows(message, rightCatalog, rightOnly, originals);
        return Optional.of(message.toString());
    }

    private static String rowCount(int rows)
    {
        return rows == 1 ? "1 row" : rows + " rows";
    }

    private static void appendRows(StringBuilder message, String catalog, List<List<Object>> rows, Map<List<Object>, List<Object>> originals)
    {
        if (rows.isEmpty()) {
            return;
        }
        message.append("\n  ").append(rowCount(rows.size())).append(" only in ").append(catalog).append(':');
        for (List<Object> row : rows.subList(0, Math.min(rows.size(), ROWS_SHOWN))) {
            message.append("\n    ").append(format(originals.getOrDefault(row, row)));
        }
        if (rows.size() > ROWS_SHOWN) {
            message.append("\n    ... and ").append(rows.size() - ROWS_SHOWN).append(" more");
        }
    }

    private static String format(List<Object> row)
    {
        List<String> values = new ArrayList<>(row.size());
        for (Object value : row) {
            if (value == null) {
                values.add("NULL");
            }
            else if (value instanceof BigDecimal decimal) {
                values.add(decimal.toPlainString());
            }
            else if (value instanceof String string) {
                values.add("'" + string + "'");
            }
            else if (value instanceof byte[] bytes) {
                values.add(new Bytes(bytes).toString());
            }
            else {
                values.add(value.toString());
            }
        }
        return "(" + String.join(", ", values) + ")";
    }

    private static List<Object> normalize(List<Object> row)
    {
        List<Object> normalized = new ArrayList<>(row.size());
        for (Object value : row) {
            normalized.add(normalize(value));
        }
        return normalized;
    }

    private static Object normalize(Object value)
    {
        return switch (value) {
            case BigDecimal decimal when decimal.signum() == 0 -> BigDecimal.ZERO;
            case BigDecimal decimal -> decimal.stripTrailingZeros();
            case Float number -> number.doubleValue();
            // -0.0 and 0.0 are the same result
            case Double number when number == 0 -> 0.0;
            // arrays (varbinary) compare by content
            case byte[] bytes -> new Bytes(bytes);
            case null, default -> value;
        };
    }

    private static boolean approximatelyEqual(List<Object> left, List<Object> right)
    {
        if (left.size() != right.size()) {
            return false;
        }
        for (int column = 0; column < left.size(); column++) {
            Object leftValue = left.get(column);
            Object rightValue = right.get(column);
            boolean equal = (leftValue instanceof Double leftDouble && rightValue instanceof Double rightDouble)
                    ? approximatelyEqual(leftDouble, rightDouble)
                    : Objects.equals(leftValue, rightValue);
            if (!equal) {
                return false;
            }
        }
        return true;
    }

    static boolean approximatelyEqual(double left, double right)
    {
        if (Double.isNaN(left) || Double.isNaN(right)) {
            return Double.isNaN(left) && Double.isNaN(right);
        }
        if (left == right) {
            return true;
        }
        return Math.abs(left - right) <= RELATIVE_TOLERANCE * Math.max(Math.abs(left), Math.abs(right));
    }

    private record Bytes(byte[] value)
    {
        @Override
        public boolean equals(Object other)
        {
            return other instanceof Bytes bytes && Arrays.equals(value, bytes.value);
        }

        @Override
        public int hashCode()
        {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString()
        {
            return "X'" + HexFormat.of().formatHex(value) + "'";
        }
    }
}
