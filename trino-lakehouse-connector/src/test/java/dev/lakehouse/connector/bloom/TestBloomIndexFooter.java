package dev.lakehouse.connector.bloom;

import org.apache.iceberg.puffin.BlobMetadata;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.lakehouse.connector.bloom.BloomIndexFormat.BLOB_TYPE;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.BLOCKS_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.DATA_FILES_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.DATA_FILE_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.DATA_FILE_SIZE_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.DISTINCT_VALUES_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.GROUP_BLOB_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

final class TestBloomIndexFooter
{
    private static final String DATA_FILES = "[{\"path\":\"s3://b/t/data/a.parquet\",\"size\":100,\"ndv\":7},{\"path\":\"s3://b/t/data/b.parquet\",\"size\":200,\"ndv\":9}]";

    @Test
    void testGroupBlobLocatesEachFilter()
    {
        BloomIndexFooter footer = BloomIndexFooter.of(List.of(group(4, 1000, 2 * 3 * 32, "3", DATA_FILES)));
        assertThat(footer.filtersByDataFile()).containsOnlyKeys("s3://b/t/data/a.parquet", "s3://b/t/data/b.parquet");
        assertThat(footer.filtersByDataFile().get("s3://b/t/data/a.parquet")).containsExactlyEntriesOf(Map.of(4, new BloomFilterLocation(1000, 0, 2, 3, 100, 7)));
        BloomFilterLocation second = footer.filtersByDataFile().get("s3://b/t/data/b.parquet").get(4);
        assertThat(second).isEqualTo(new BloomFilterLocation(1000, 1, 2, 3, 200, 9));
        // block 2 of the second of two filters: after blocks 0 and 1 of both, and block 2 of the first
        assertThat(second.blockOffset(2)).isEqualTo(1000 + 5 * 32);
        assertThat(second.sizeInBytes()).isEqualTo(96);
    }

    @Test
    void testBlobOfOneFilterIsStillRead()
    {
        BlobMetadata blob = new BlobMetadata(BLOB_TYPE, List.of(5), -1, -1, 4, 64, null,
                Map.of(DATA_FILE_PROPERTY, "s3://b/t/data/a.parquet", DATA_FILE_SIZE_PROPERTY, "100", DISTINCT_VALUES_PROPERTY, "12"));
        assertThat(BloomIndexFooter.of(List.of(blob)).filtersByDataFile())
                .containsExactlyEntriesOf(Map.of("s3://b/t/data/a.parquet", Map.of(5, new BloomFilterLocation(4, 0, 1, 2, 100, 12))));
    }

    @Test
    void testMalformedBlobsAreIgnored()
    {
        List<BlobMetadata> malformed = List.of(
                // length not what blocks and data files say
                group(4, 1000, 2 * 3 * 32 + 32, "3", DATA_FILES),
                group(4, 1000, 2 * 3 * 32, "2", DATA_FILES),
                group(4, 1000, 2 * 3 * 32, "three", DATA_FILES),
                group(4, 1000, 2 * 3 * 32, "-3", DATA_FILES),
                group(4, 1000, 2 * 3 * 32, "3", "[{\"path\":\"s3://b/t/data/a.parquet\"}"),
                // compressed, of two fields, of another type, of no data file, of a size not a number
                new BlobMetadata(GROUP_BLOB_TYPE, List.of(4), -1, -1, 1000, 192, "zstd", Map.of(BLOCKS_PROPERTY, "3", DATA_FILES_PROPERTY, DATA_FILES)),
                new BlobMetadata(GROUP_BLOB_TYPE, List.of(4), -1, -1, 1000, 192, "snappy-or-whatever", Map.of(BLOCKS_PROPERTY, "3", DATA_FILES_PROPERTY, DATA_FILES)),
                new BlobMetadata(GROUP_BLOB_TYPE, List.of(4, 5), -1, -1, 1000, 192, null, Map.of(BLOCKS_PROPERTY, "3", DATA_FILES_PROPERTY, DATA_FILES)),
                new BlobMetadata("apache-datasketches-theta-v1", List.of(4), -1, -1, 1000, 192, null, Map.of(BLOCKS_PROPERTY, "3", DATA_FILES_PROPERTY, DATA_FILES)),
                new BlobMetadata(BLOB_TYPE, List.of(4), -1, -1, 4, 64, null, Map.of(DATA_FILE_SIZE_PROPERTY, "100")),
                new BlobMetadata(BLOB_TYPE, List.of(4), -1, -1, 4, 64, null, Map.of(DATA_FILE_PROPERTY, "s3://b/t/data/a.parquet", DATA_FILE_SIZE_PROPERTY, "big")));
        assertThat(BloomIndexFooter.of(malformed).filtersByDataFile()).isEmpty();

        // a malformed blob does not hide the good ones beside it
        List<BlobMetadata> mixed = List.of(malformed.getFirst(), group(7, 2000, 2 * 32, "1", DATA_FILES));
        assertThat(BloomIndexFooter.of(mixed).filtersByDataFile().get("s3://b/t/data/b.parquet")).containsOnlyKeys(7);
    }

    private static BlobMetadata group(int fieldId, long offset, long length, String blocks, String dataFiles)
    {
        return new BlobMetadata(GROUP_BLOB_TYPE, List.of(fieldId), -1, -1, offset, length, null, Map.of(BLOCKS_PROPERTY, blocks, DATA_FILES_PROPERTY, dataFiles));
    }
}
