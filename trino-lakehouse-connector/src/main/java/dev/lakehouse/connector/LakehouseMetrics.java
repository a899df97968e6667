package dev.lakehouse.connector;

/**
 * Names of the connector metrics that say what a scan skipped. Split generation reports the first group
 * (EXPLAIN ANALYZE VERBOSE: "splits generation metrics"; {@code /v1/query/{id}}: the table scan's
 * {@code connectorMetrics}); workers report the second (EXPLAIN ANALYZE: the scan's "connector metrics").
 */
public final class LakehouseMetrics
{
    /** Data manifests of the snapshot. */
    public static final String MANIFESTS = "manifests";
    /** Data manifests skipped because their partition summaries exclude the filter. */
    public static final String MANIFESTS_SKIPPED_BY_PARTITION = "manifestsSkippedByPartition";
    /** Data files in the manifests read. */
    public static final String FILES = "files";
    /** Data files skipped because their partition values exclude the filter. */
    public static final String FILES_SKIPPED_BY_PARTITION = "filesSkippedByPartition";
    /** Data files skipped because their column min/max values and null counts exclude the filter. */
    public static final String FILES_SKIPPED_BY_MIN_MAX = "filesSkippedByMinMax";
    /** Data files skipped because a dynamic filter from a join excludes them. */
    public static final String FILES_SKIPPED_BY_DYNAMIC_FILTER = "filesSkippedByDynamicFilter";
    /** Data files skipped because their bloom index filters hold none of the predicate's values. */
    public static final String FILES_SKIPPED_BY_BLOOM_INDEX = "filesSkippedByBloomIndex";
    /** Data files skipped because their bloom index filters hold none of the values of a join's dynamic filter. */
    public static final String FILES_SKIPPED_BY_BLOOM_INDEX_DYNAMIC_FILTER = "filesSkippedByBloomIndexDynamicFilter";
    /** Data files the bloom index was consulted for but has no usable filter for. */
    public static final String FILES_WITHOUT_BLOOM_INDEX = "filesWithoutBloomIndex";
    /** Bloom index files whose footers were read. */
    public static final String BLOOM_INDEX_FILES_READ = "bloomIndexFilesRead";
    /** Bytes of bloom index files read (footers and filters). */
    public static final String BLOOM_INDEX_BYTES_READ = "bloomIndexBytesRead";
    /** Bloom index files that could not be read (their data files were scanned). */
    public static final String BLOOM_INDEX_READ_FAILURES = "bloomIndexReadFailures";
    /** Data files scanned. */
    public static final String FILES_SCANNED = "filesScanned";
    /** Splits generated for the files scanned. */
    public static final String SPLITS = "splits";

    /** Row groups in the splits read. */
    public static final String ROW_GROUPS = "rowGroups";
    /** Row groups skipped because their Parquet statistics or dictionaries exclude the filter. */
    public static final String ROW_GROUPS_SKIPPED_BY_STATISTICS = "rowGroupsSkippedByStatistics";
    /** Row groups skipped because their Parquet bloom filters hold none of the filter's values. */
    public static final String ROW_GROUPS_SKIPPED_BY_BLOOM_FILTER = "rowGroupsSkippedByBloomFilter";
    /** Row groups skipped because the column index of every page excludes the filter. */
    public static final String ROW_GROUPS_SKIPPED_BY_COLUMN_INDEX = "rowGroupsSkippedByColumnIndex";
    /** Row groups skipped because a dynamic filter excludes them. */
    public static final String ROW_GROUPS_SKIPPED_BY_DYNAMIC_FILTER = "rowGroupsSkippedByDynamicFilter";
    /**
     * Rows of the row groups read that were skipped page by page, because the Parquet column index shows the
     * filter excludes their pages (Trino's Parquet reader's own metric; only for files that have column indexes).
     */
    public static final String ROWS_SKIPPED_BY_COLUMN_INDEX = "ParquetColumnIndexRowsFiltered";
    /** Splits a worker skipped without opening the file, because a dynamic filter excludes the file. */
    public static final String SPLITS_SKIPPED_BY_DYNAMIC_FILTER = "splitsSkippedByDynamicFilter";
    /** Rows read from data files that their delete files (position, equality, deletion vectors) delete. */
    public static final String ROWS_DELETED = "rowsDeleted";

    private LakehouseMetrics() {}
}
