package dev.lakehouse.connector.bloom;

import com.google.common.collect.ImmutableSet;
import io.airlift.json.JsonCodec;
import io.airlift.json.JsonCodecFactory;
import org.apache.iceberg.Snapshot;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.lakehouse.connector.bloom.BloomIndexFormat.BUILT_SNAPSHOT_SUMMARY_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.SNAPSHOT_SUMMARY_PROPERTY;

/**
 * The snapshot summary value listing the bloom index files of a commit: a compact JSON array of objects
 * with {@code path}, {@code fileSizeInBytes} and {@code footerSizeInBytes}.
 */
public final class BloomIndexFiles
{
    private static final JsonCodec<List<BloomIndexFile>> CODEC = new JsonCodecFactory().listJsonCodec(BloomIndexFile.class);

    private BloomIndexFiles() {}

    public static String toSummaryValue(List<BloomIndexFile> files)
    {
        return CODEC.toJson(files);
    }

    /**
     * The files a summary value lists.
     *
     * @throws IllegalArgumentException when the value is not such a list
     */
    public static List<BloomIndexFile> fromSummaryValue(String value)
    {
        try {
            return List.copyOf(CODEC.fromJson(value));
        }
        catch (RuntimeException e) {
            throw new IllegalArgumentException("Not a list of bloom index files: " + value, e);
        }
    }

    /**
     * The locations of the index files the snapshots list, written with their data or built later; a
     * value not understood lists none.
     */
    public static Set<String> listedBy(Iterable<Snapshot> snapshots)
    {
        ImmutableSet.Builder<String> locations = ImmutableSet.builder();
        for (Snapshot snapshot : snapshots) {
            Map<String, String> summary = snapshot.summary() == null ? Map.of() : snapshot.summary();
            for (String property : List.of(SNAPSHOT_SUMMARY_PROPERTY, BUILT_SNAPSHOT_SUMMARY_PROPERTY)) {
                String value = summary.get(property);
                if (value == null) {
                    continue;
                }
                try {
                    fromSummaryValue(value).forEach(file -> locations.add(file.path()));
                }
                catch (IllegalArgumentException _) {
                    // not ours to delete when we cannot tell what it names
                }
            }
        }
        return locations.build();
    }
}
