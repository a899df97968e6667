package dev.lakehouse.connector.merge;

import dev.lakehouse.connector.writer.PreviousDeleteFile;
import io.airlift.json.JsonCodec;

import java.util.List;

/**
 * A data file's position delete files and deletion vector as text, to travel in the row ids of its
 * changed rows to the writer of its new deletion vector.
 */
public final class PreviousDeletesJson
{
    private static final JsonCodec<List<PreviousDeleteFile>> CODEC = JsonCodec.listJsonCodec(PreviousDeleteFile.class);

    private PreviousDeletesJson() {}

    public static String toJson(List<PreviousDeleteFile> files)
    {
        return CODEC.toJson(files);
    }

    public static List<PreviousDeleteFile> fromJson(String json)
    {
        return CODEC.fromJson(json);
    }
}
