package dev.lakehouse.connector.bloom;

import io.airlift.json.JsonCodec;
import io.airlift.json.JsonCodecFactory;
import org.apache.iceberg.puffin.Blob;
import org.apache.iceberg.puffin.PuffinCompressionCodec;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.BLOCKS_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.BYTES_PER_BLOCK;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.DATA_FILES_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.GROUP_BLOB_TYPE;
import static java.lang.Math.multiplyExact;
import static java.lang.Math.toIntExact;
import static java.util.Objects.requireNonNull;

/**
 * A group blob: the filters of several data files for one column, all of the same number of blocks, stored
 * block by block, so that a lookup of a value reads one range of 32 bytes per data file instead of a block
 * in each file's filter far apart from the next.
 */
public final class BloomFilterGroup
{
    private static final JsonCodec<List<Member>> MEMBERS_CODEC = new JsonCodecFactory().listJsonCodec(Member.class);

    private BloomFilterGroup() {}

    /**
     * The blob of these filters, all of one column and of the given number of blocks.
     */
    public static Blob toBlob(int fieldId, long blocks, List<DataFileFilter> filters)
    {
        checkArgument(!filters.isEmpty(), "filters is empty");
        int count = filters.size();
        byte[] bytes = new byte[toIntExact(multiplyExact(multiplyExact(blocks, count), BYTES_PER_BLOCK))];
        for (int position = 0; position < count; position++) {
            DataFileFilter filter = filters.get(position);
            checkArgument(filter.fieldId() == fieldId, "filter of field %s in a group of field %s", filter.fieldId(), fieldId);
            checkArgument(filter.blocks() == blocks, "filter of %s blocks in a group of %s blocks", filter.blocks(), blocks);
            for (int block = 0; block < blocks; block++) {
                System.arraycopy(filter.bitset(), block * BYTES_PER_BLOCK, bytes, (block * count + position) * BYTES_PER_BLOCK, BYTES_PER_BLOCK);
            }
        }
        List<Member> members = filters.stream()
                .map(filter -> new Member(filter.dataFile(), filter.dataFileSize(), filter.distinctValues()))
                .toList();
        return new Blob(
                GROUP_BLOB_TYPE,
                List.of(fieldId),
                -1,
                -1,
                ByteBuffer.wrap(bytes),
                PuffinCompressionCodec.NONE,
                Map.of(
                        BLOCKS_PROPERTY, Long.toString(blocks),
                        DATA_FILES_PROPERTY, MEMBERS_CODEC.toJson(members)));
    }

    /**
     * The data files of a group blob, in the order of their filters.
     *
     * @throws IllegalArgumentException when the property is not such a list
     */
    public static List<Member> members(String dataFilesProperty)
    {
        try {
            List<Member> members = MEMBERS_CODEC.fromJson(dataFilesProperty);
            checkArgument(members != null && !members.isEmpty() && !members.contains(null), "no data files");
            return List.copyOf(members);
        }
        catch (RuntimeException e) {
            throw new IllegalArgumentException("Not a list of data files: " + e.getMessage(), e);
        }
    }

    /**
     * A data file whose filter a group holds.
     */
    public record Member(String path, long size, long ndv)
    {
        public Member
        {
            requireNonNull(path, "path is null");
        }
    }
}
