package dev.lakehouse.connector.bloom;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The names of the bloom index's layout, as {@code docs/bloom-index.md} specifies it for other engines.
 */
public final class BloomIndexFormat
{
    /** Puffin blob type of one data file's bloom filter of one column. */
    public static final String BLOB_TYPE = "lakehouse-bloom-filter-v1";
    /**
     * Puffin blob type of the filters of several data files for one column, all of the same number of blocks,
     * stored block by block: block {@code b} of the {@code i}-th of {@code n} filters is at byte
     * {@code (b * n + i) * 32} of the blob, so the blocks one value selects in all of them are adjacent.
     */
    public static final String GROUP_BLOB_TYPE = "lakehouse-bloom-filter-group-v1";
    /** Group blob property: the number of blocks of each of its filters, in decimal. */
    public static final String BLOCKS_PROPERTY = "blocks";
    /**
     * Group blob property: its data files, in the order of their filters, as a JSON array of objects with
     * {@code path} (as in the manifest), {@code size} (bytes) and {@code ndv} (distinct values).
     */
    public static final String DATA_FILES_PROPERTY = "data-files";
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

    /**
     * The number of blocks a filter of at least this many blocks gets in a group blob: the next number of the
     * form {@code m * 2^k} with {@code 8 <= m < 16} (numbers below 16 are kept), at most an eighth more, so
     * that filters of data files of similar size share a group.
     */
    public static long groupBlocks(long blocks)
    {
        checkArgument(blocks > 0, "blocks must be positive: %s", blocks);
        if (blocks < 16) {
            return blocks;
        }
        int shift = 63 - Long.numberOfLeadingZeros(blocks) - 3;
        long unit = 1L << shift;
        return ((blocks + unit - 1) >>> shift) << shift;
    }
}
