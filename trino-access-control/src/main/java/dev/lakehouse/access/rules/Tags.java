package dev.lakehouse.access.rules;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;

import java.util.List;
import java.util.Set;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.collect.ImmutableSet.toImmutableSet;

/**
 * The classification of the {@code tags} section: which tags a table or a column carries, from
 * its catalog, schema, table and column names.
 */
final class Tags
{
    static final Tags NONE = new Tags(ImmutableList.of());

    private final List<TagRule> tableTags;
    private final List<TagRule> columnTags;
    private final Set<String> names;

    Tags(List<TagRule> rules)
    {
        this.tableTags = rules.stream().filter(rule -> !rule.tagsColumns()).collect(toImmutableList());
        this.columnTags = rules.stream().filter(TagRule::tagsColumns).collect(toImmutableList());
        this.names = rules.stream().map(TagRule::tag).collect(toImmutableSet());
    }

    boolean isEmpty()
    {
        return names.isEmpty();
    }

    int entryCount()
    {
        return tableTags.size() + columnTags.size();
    }

    /**
     * Whether some entry assigns {@code tag} or a tag below it, so a rule naming it can ever apply.
     */
    boolean isDefined(String tag)
    {
        for (String name : names) {
            if (TagRule.isWithin(name, tag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The entries that can tag tables of this schema, to classify its many tables quickly.
     */
    SchemaTags forSchema(String catalog, String schema)
    {
        return new SchemaTags(
                tableTags.stream().filter(rule -> rule.matchesCatalog(catalog) && rule.matchesSchema(schema)).collect(toImmutableList()),
                columnTags.stream().filter(rule -> rule.matchesCatalog(catalog) && rule.matchesSchema(schema)).collect(toImmutableList()));
    }

    /**
     * Whether any table of the catalog may carry a tag within {@code tag} (catalog visibility).
     */
    boolean mayTagTablesIn(String tag, String catalog)
    {
        for (TagRule rule : tableTags) {
            if (TagRule.isWithin(rule.tag(), tag) && rule.matchesCatalog(catalog)) {
                return true;
            }
        }
        return false;
    }

    boolean mayTagTablesIn(String tag, String catalog, String schema)
    {
        for (TagRule rule : tableTags) {
            if (TagRule.isWithin(rule.tag(), tag) && rule.matchesCatalog(catalog) && rule.matchesSchema(schema)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The entries of one schema (their catalog and schema patterns already matched).
     */
    static final class SchemaTags
    {
        private final List<TagRule> columnTags;
        private final Set<String> schemaWideTags;
        private final List<TagRule> tableSpecificTags;

        SchemaTags(List<TagRule> tableTags, List<TagRule> columnTags)
        {
            this.columnTags = columnTags;
            this.schemaWideTags = tableTags.stream().filter(rule -> !rule.namesTable()).map(TagRule::tag).collect(toImmutableSet());
            this.tableSpecificTags = tableTags.stream().filter(TagRule::namesTable).collect(toImmutableList());
        }

        /**
         * The tags of the table itself (not of its columns).
         */
        Set<String> ofTable(String catalog, String schema, String table)
        {
            if (tableSpecificTags.isEmpty()) {
                return schemaWideTags;
            }
            ImmutableSet.Builder<String> tags = ImmutableSet.<String>builder().addAll(schemaWideTags);
            for (TagRule rule : tableSpecificTags) {
                if (rule.matchesTableName(table)) {
                    tags.add(rule.tag());
                }
            }
            return tags.build();
        }

        /**
         * The column entries that apply to the table; each still has to match the column name.
         */
        List<TagRule> columnEntriesOf(String catalog, String schema, String table)
        {
            if (columnTags.isEmpty()) {
                return ImmutableList.of();
            }
            ImmutableList.Builder<TagRule> entries = ImmutableList.builder();
            for (TagRule rule : columnTags) {
                if (rule.matchesTableName(table)) {
                    entries.add(rule);
                }
            }
            return entries.build();
        }

        /**
         * Whether some entry may tag a column of the table with a tag within {@code tag}, whatever
         * the column's name (used where the columns are not known, e.g. for metadata tables).
         */
        boolean mayTagColumnsOf(String tag, String catalog, String schema, String table)
        {
            for (TagRule rule : columnTags) {
                if (TagRule.isWithin(rule.tag(), tag) && rule.matchesTableName(table)) {
                    return true;
                }
            }
            return false;
        }
    }

    static boolean anyWithin(Set<String> tags, String ancestor)
    {
        for (String tag : tags) {
            if (TagRule.isWithin(tag, ancestor)) {
                return true;
            }
        }
        return false;
    }

    static boolean anyWithin(List<TagRule> entries, String column, String ancestor)
    {
        for (TagRule entry : entries) {
            if (TagRule.isWithin(entry.tag(), ancestor) && entry.matchesColumn(column)) {
                return true;
            }
        }
        return false;
    }
}
