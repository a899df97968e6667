package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableList;

import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A table of many small data files, for the planning time of a needle lookup over a table of that
 * many files: one identity partition per file, a few rows each, with a bloom filter column of
 * pseudo-random 64-bit values (xxHash64 of the row number), so that a file's min/max range covers
 * most of the value space and min/max statistics rule out few files. Generated in SQL by the
 * catalog that writes it, in statements of {@value #FILES_PER_STATEMENT} partitions (the longest
 * array {@code sequence} makes), so that no writer holds more files open than that.
 */
public final class ManyFilesTable
{
    public static final String NAME = "needle_files";
    public static final String BLOOM_FILTER_COLUMN = "event_id";
    public static final int FILES_PER_STATEMENT = 10_000;
    public static final int ROWS_PER_FILE = 10;

    private final int files;

    public ManyFilesTable(int files)
    {
        checkArgument(files > 0 && files % FILES_PER_STATEMENT == 0, "The files of %s must be a positive multiple of %s: %s", NAME, FILES_PER_STATEMENT, files);
        this.files = files;
    }

    public int files()
    {
        return files;
    }

    public long rows()
    {
        return (long) files * ROWS_PER_FILE;
    }

    /**
     * Whether the query's SQL, its comments aside, names this table.
     */
    public static boolean isReadBy(BenchmarkQuery query)
    {
        return query.names(NAME);
    }

    /**
     * The statements that write the table through the catalog: a CREATE TABLE AS of the first files,
     * then an INSERT for each further {@value #FILES_PER_STATEMENT}.
     */
    public List<String> statements(BenchmarkCatalog catalog, String schema)
    {
        ImmutableList.Builder<String> statements = ImmutableList.builder();
        String table = "%s.%s.%s".formatted(catalog.name(), schema, NAME);
        statements.add("CREATE TABLE %s WITH (partitioning = ARRAY['file_number'], %s = ARRAY['%s']) AS %s".formatted(
                table, catalog.connector().bloomFilterColumnsProperty(), BLOOM_FILTER_COLUMN, rows(0)));
        for (int first = FILES_PER_STATEMENT; first < files; first += FILES_PER_STATEMENT) {
            statements.add("INSERT INTO %s %s".formatted(table, rows(first)));
        }
        return statements.build();
    }

    // the rows of the files [first, first + FILES_PER_STATEMENT): row r of file f holds the hash of f * ROWS_PER_FILE + r
    private static String rows(int first)
    {
        return ("SELECT file_number, from_big_endian_64(xxhash64(to_big_endian_64(file_number * %d + row_number))) AS %s, row_number " +
                "FROM UNNEST(sequence(BIGINT '%d', BIGINT '%d')) AS files (file_number) " +
                "CROSS JOIN UNNEST(sequence(BIGINT '0', BIGINT '%d')) AS file_rows (row_number)")
                .formatted(ROWS_PER_FILE, BLOOM_FILTER_COLUMN, first, first + FILES_PER_STATEMENT - 1, ROWS_PER_FILE - 1);
    }
}
