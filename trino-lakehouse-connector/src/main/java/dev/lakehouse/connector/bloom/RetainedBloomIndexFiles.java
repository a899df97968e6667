package dev.lakehouse.connector.bloom;

import io.airlift.log.Logger;

import java.util.List;
import java.util.Map;

/**
 * The bloom index files that outlived the snapshots listing them: when {@code expire_snapshots} removes
 * a snapshot whose index files still describe live data files, it records them in the table property
 * {@value #TABLE_PROPERTY}, in the form of the snapshot summary values ({@link BloomIndexFiles}). Planning
 * consults them for every snapshot; a filter in them still counts only for the data file of its exact
 * location and size.
 */
public final class RetainedBloomIndexFiles
{
    /** Table property listing index files no remaining snapshot lists, as JSON. */
    public static final String TABLE_PROPERTY = "lakehouse.bloom-index.retained";

    private static final Logger log = Logger.get(RetainedBloomIndexFiles.class);

    private RetainedBloomIndexFiles() {}

    /**
     * The index files the table properties retain; none when the property is absent or not understood.
     */
    public static List<BloomIndexFile> of(Map<String, String> tableProperties)
    {
        String value = tableProperties.get(TABLE_PROPERTY);
        if (value == null) {
            return List.of();
        }
        try {
            return BloomIndexFiles.fromSummaryValue(value);
        }
        catch (IllegalArgumentException e) {
            log.warn(e, "Table property %s lists bloom index files in a form not understood", TABLE_PROPERTY);
            return List.of();
        }
    }

    public static String toPropertyValue(List<BloomIndexFile> files)
    {
        return BloomIndexFiles.toSummaryValue(files);
    }
}
