package dev.lakehouse.connector.bloom;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.connector.bloom.BloomFilterGroup.Member;
import io.airlift.log.Logger;
import org.apache.iceberg.puffin.BlobMetadata;
import org.apache.iceberg.puffin.PuffinCompressionCodec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.lakehouse.connector.bloom.BloomIndexFormat.BLOB_TYPE;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.BLOCKS_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.BYTES_PER_BLOCK;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.DATA_FILES_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.DATA_FILE_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.DATA_FILE_SIZE_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.DISTINCT_VALUES_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.GROUP_BLOB_TYPE;
import static java.util.Objects.requireNonNull;

/**
 * The usable filters of one index file, by data file location and field id, as its Puffin footer lists
 * them: group blobs (the filters of several data files, block by block) and blobs of one filter. A blob
 * counts only when it is of one of these types, of one field, uncompressed, and well formed: its length
 * what its properties say; anything else is as if it were not there, so its data files are scanned.
 */
public record BloomIndexFooter(Map<String, Map<Integer, BloomFilterLocation>> filtersByDataFile)
{
    private static final Logger log = Logger.get(BloomIndexFooter.class);

    // the map entries and objects of a data file's filters, besides its location and the filters
    private static final long DATA_FILE_OVERHEAD_BYTES = 200;
    private static final long FILTER_OVERHEAD_BYTES = 64;
    private static final long FILTER_LOCATION_BYTES = 56;

    public BloomIndexFooter
    {
        filtersByDataFile = ImmutableMap.copyOf(requireNonNull(filtersByDataFile, "filtersByDataFile is null"));
    }

    public static BloomIndexFooter of(List<BlobMetadata> blobs)
    {
        Map<String, Map<Integer, BloomFilterLocation>> filtersByDataFile = new HashMap<>();
        for (BlobMetadata blob : blobs) {
            try {
                if (blob.inputFields().size() != 1 || !isUncompressedBlocks(blob)) {
                    continue;
                }
                int fieldId = blob.inputFields().getFirst();
                if (blob.type().equals(GROUP_BLOB_TYPE)) {
                    long blocks = Long.parseLong(blob.properties().getOrDefault(BLOCKS_PROPERTY, ""));
                    List<Member> members = BloomFilterGroup.members(blob.properties().getOrDefault(DATA_FILES_PROPERTY, ""));
                    if (blocks <= 0 || blob.length() != blocks * members.size() * BYTES_PER_BLOCK) {
                        continue;
                    }
                    for (int position = 0; position < members.size(); position++) {
                        Member member = members.get(position);
                        filtersByDataFile.computeIfAbsent(member.path(), _ -> new HashMap<>())
                                .put(fieldId, new BloomFilterLocation(blob.offset(), position, members.size(), blocks, member.size(), member.ndv()));
                    }
                }
                else if (blob.type().equals(BLOB_TYPE) && blob.properties().containsKey(DATA_FILE_PROPERTY)) {
                    long dataFileSize = Long.parseLong(blob.properties().getOrDefault(DATA_FILE_SIZE_PROPERTY, ""));
                    long distinctValues = Long.parseLong(blob.properties().getOrDefault(DISTINCT_VALUES_PROPERTY, "-1"));
                    filtersByDataFile.computeIfAbsent(blob.properties().get(DATA_FILE_PROPERTY), _ -> new HashMap<>())
                            .put(fieldId, new BloomFilterLocation(blob.offset(), 0, 1, blob.length() / BYTES_PER_BLOCK, dataFileSize, distinctValues));
                }
            }
            catch (IllegalArgumentException e) {
                log.debug(e, "Ignoring a malformed %s blob at offset %s", blob.type(), blob.offset());
            }
        }
        ImmutableMap.Builder<String, Map<Integer, BloomFilterLocation>> immutable = ImmutableMap.builderWithExpectedSize(filtersByDataFile.size());
        filtersByDataFile.forEach((dataFile, filters) -> immutable.put(dataFile, ImmutableMap.copyOf(filters)));
        return new BloomIndexFooter(immutable.buildOrThrow());
    }

    private static boolean isUncompressedBlocks(BlobMetadata blob)
    {
        String codec = blob.compressionCodec();
        return (codec == null || PuffinCompressionCodec.forName(codec) == PuffinCompressionCodec.NONE)
                && blob.length() > 0
                && blob.length() % BYTES_PER_BLOCK == 0;
    }

    /**
     * About what the footer holds in memory.
     */
    public long retainedBytes()
    {
        long bytes = 0;
        for (Map.Entry<String, Map<Integer, BloomFilterLocation>> dataFile : filtersByDataFile.entrySet()) {
            bytes += DATA_FILE_OVERHEAD_BYTES + 2L * dataFile.getKey().length() + dataFile.getValue().size() * (FILTER_OVERHEAD_BYTES + FILTER_LOCATION_BYTES);
        }
        return bytes;
    }
}
