package dev.lakehouse.connector.bloom;

/**
 * The names of the bloom index's layout, as {@code docs/bloom-index.md} specifies it for other engines.
 */
public final class BloomIndexFormat
{
    /** Puffin blob type of one data file's bloom filter of one column. */
    public static final String BLOB_TYPE = "lakehouse-bloom-filter-v1";
    /** Blob property: the location of the data file the filter describes, exactly as in the manifest. */
    public static final String DATA_FILE_PROPERTY = "data-file";
    /** Blob property: the size in bytes of that data file; a filter whose size differs is not used. */
    public static final String DATA_FILE_SIZE_PROPERTY = "data-file-size";
    /** Blob property: the number of distinct non-null values the filter holds. */
    public static final String DISTINCT_VALUES_PROPERTY = "ndv";
    /** Snapshot summary property listing the index files a commit added, as JSON. */
    public static final String SNAPSHOT_SUMMARY_PROPERTY = "lakehouse.bloom-index";
    /**
     * Snapshot summary property listing index files built for data files of earlier commits (by
     * {@code ALTER TABLE ... EXECUTE build_bloom_index}), as JSON; they may describe any data file whose
     * sequence number is at most that of the snapshot.
     */
    public static final String BUILT_SNAPSHOT_SUMMARY_PROPERTY = "lakehouse.bloom-index-built";
    /** Suffix of index file names. */
    public static final String FILE_SUFFIX = ".bloom-index.puffin";
    /** Bytes per block of a split-block bloom filter, as Parquet defines it. */
    public static final int BYTES_PER_BLOCK = 32;

    private BloomIndexFormat() {}
}
