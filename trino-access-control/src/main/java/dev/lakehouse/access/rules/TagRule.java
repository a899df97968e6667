package dev.lakehouse.access.rules;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * An entry of {@code tags} (ours): classifies the tables, or with {@code column} the columns, whose
 * names match, so rules can govern them by tag. A table created later that matches is tagged
 * the moment it exists: tags are computed from names at each check, never stored.
 */
public final class TagRule
{
    private static final Pattern TAG_NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    private final String tag;
    private final Optional<NamePattern> catalog;
    private final Optional<NamePattern> schema;
    private final Optional<NamePattern> table;
    private final Optional<NamePattern> column;
    private final RuleReference reference;

    @JsonCreator
    public TagRule(
            @JsonProperty("tag") String tag,
            @JsonProperty("catalog") Optional<String> catalog,
            @JsonProperty("schema") Optional<String> schema,
            @JsonProperty("table") Optional<String> table,
            @JsonProperty("column") Optional<String> column,
            @JacksonInject RuleReference reference)
    {
        this.tag = checkTagName(Rules.required(tag, "tag"));
        this.catalog = NamePattern.compile(catalog);
        this.schema = NamePattern.compile(schema);
        this.table = NamePattern.compile(table);
        this.column = NamePattern.compile(column);
        this.reference = requireNonNull(reference, "reference is null");
        if (catalog.isEmpty() && schema.isEmpty() && table.isEmpty() && column.isEmpty()) {
            throw new IllegalArgumentException("tag '%s' names no catalog, schema, table or column: it would tag every table".formatted(tag));
        }
    }

    static String checkTagName(String tag)
    {
        if (!TAG_NAME.matcher(tag).matches()) {
            throw new IllegalArgumentException("tag '%s' is not a tag name: lowercase words of letters, digits and '_', separated by '.' (for example pii.email)".formatted(tag));
        }
        return tag;
    }

    /**
     * Whether {@code tag} is {@code ancestor} or below it: {@code pii.email} is within {@code pii}.
     */
    static boolean isWithin(String tag, String ancestor)
    {
        return tag.equals(ancestor) || (tag.length() > ancestor.length() && tag.startsWith(ancestor) && tag.charAt(ancestor.length()) == '.');
    }

    String tag()
    {
        return tag;
    }

    boolean tagsColumns()
    {
        return column.isPresent();
    }

    boolean matchesCatalog(String catalogName)
    {
        return NamePattern.matches(catalog, catalogName);
    }

    boolean matchesSchema(String schemaName)
    {
        return NamePattern.matches(schema, schemaName);
    }

    boolean matchesTable(String catalogName, String schemaName, String tableName)
    {
        return NamePattern.matches(catalog, catalogName) && NamePattern.matches(schema, schemaName) && NamePattern.matches(table, tableName);
    }

    boolean namesTable()
    {
        return table.isPresent();
    }

    boolean matchesTableName(String tableName)
    {
        return NamePattern.matches(table, tableName);
    }

    boolean matchesColumn(String columnName)
    {
        return NamePattern.matches(column, columnName);
    }

    RuleReference reference()
    {
        return reference;
    }
}
