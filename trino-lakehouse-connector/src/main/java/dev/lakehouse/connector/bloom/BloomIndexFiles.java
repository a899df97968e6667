package dev.lakehouse.connector.bloom;

import io.airlift.json.JsonCodec;
import io.airlift.json.JsonCodecFactory;

import java.util.List;

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
}
