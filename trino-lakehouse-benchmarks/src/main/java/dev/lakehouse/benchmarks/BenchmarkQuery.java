package dev.lakehouse.benchmarks;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

/**
 * A case of the set: its name, its kind, what it exercises, and its SQL, which names tables without
 * catalog (each catalog runs it with its own session catalog, and the same schema or a schema of
 * its own, as the kind says) and may hold {@code ${parameter}} placeholders for values known only
 * once the data is loaded.
 */
public record BenchmarkQuery(String name, Kind kind, String description, String sqlTemplate)
{
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z0-9_]+)}");

    /**
     * What a case is: it decides the schema a case runs in, how each of its runs is prepared and
     * checked, and where the report shows it.
     */
    public enum Kind
    {
        /**
         * A query of the loaded data, in the benchmark's schema, which both catalogs share.
         */
        QUERY,
        /**
         * A query of each catalog's own copy of {@code lineitem} after the {@link #DML} cases'
         * changes, each made by that catalog, in that catalog's own schema.
         */
        QUERY_AFTER_DML,
        /**
         * A statement that changes rows of {@code lineitem}: each run changes a fresh copy, made
         * untimed before it in the catalog's own schema.
         */
        DML,
    }

    public BenchmarkQuery
    {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(description, "description is null");
        requireNonNull(sqlTemplate, "sqlTemplate is null");
        checkArgument(name.matches("[a-z0-9_]+"), "Not a query name: %s", name);
    }

    /**
     * Whether the SQL, its comments aside, names the table.
     */
    public boolean names(String table)
    {
        String statement = sqlTemplate.lines()
                .filter(line -> !line.strip().startsWith("--"))
                .collect(joining("\n"));
        return Pattern.compile("\\b" + Pattern.quote(table) + "\\b").matcher(statement).find();
    }

    /**
     * The SQL with every placeholder replaced by its parameter's value (SQL text, such as a literal).
     *
     * @throws IllegalArgumentException when a placeholder has no parameter
     */
    public String sql(Map<String, String> parameters)
    {
        Matcher matcher = PLACEHOLDER.matcher(sqlTemplate);
        StringBuilder sql = new StringBuilder();
        while (matcher.find()) {
            String value = parameters.get(matcher.group(1));
            checkArgument(value != null, "Query %s needs the parameter '%s', which is not set (parameters: %s)", name, matcher.group(1), parameters.keySet());
            matcher.appendReplacement(sql, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(sql);
        return sql.toString();
    }
}
