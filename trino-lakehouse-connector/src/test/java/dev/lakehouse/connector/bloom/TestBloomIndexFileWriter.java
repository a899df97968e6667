package dev.lakehouse.connector.bloom;

import dev.lakehouse.connector.bloom.BloomFilterGroup.Member;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.local.LocalFileSystem;
import org.apache.iceberg.puffin.BlobMetadata;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.lakehouse.connector.bloom.BloomIndexFormat.BLOCKS_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.BYTES_PER_BLOCK;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.DATA_FILES_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.GROUP_BLOB_TYPE;
import static java.util.stream.Collectors.toMap;
import static org.assertj.core.api.Assertions.assertThat;

final class TestBloomIndexFileWriter
{
    @TempDir
    private Path directory;

    @Test
    void testFiltersOfAColumnAndSizeAreOneGroup()
            throws IOException
    {
        TrinoFileSystem fileSystem = new LocalFileSystem(directory);
        BloomIndexFileWriter writer = new BloomIndexFileWriter(fileSystem, Location.of("local:///index.bloom-index.puffin"));
        // five data files with filters of column 1 (two of 3 blocks, three of 8) and three of column 2 (3 blocks)
        for (int file = 0; file < 5; file++) {
            String path = "local:///data/" + file + ".parquet";
            List<DataFileFilter> filters = new ArrayList<>();
            filters.add(filter(1, path, file < 2 ? 3 : 8));
            if (file % 2 == 0) {
                filters.add(filter(2, path, 3));
            }
            writer.add(filters);
        }
        // held until finished: 2 * 3 + 3 * 8 + 3 * 3 blocks
        assertThat(writer.retainedBytes()).isEqualTo((2 * 3 + 3 * 8 + 3 * 3) * BYTES_PER_BLOCK);
        Optional<BloomIndexFile> indexFile = writer.finish();
        assertThat(writer.retainedBytes()).isZero();
        assertThat(indexFile).isPresent();
        assertThat(Files.size(directory.resolve("index.bloom-index.puffin"))).isEqualTo(indexFile.get().fileSizeInBytes());

        Map<String, BlobMetadata> groups = blobs(directory.resolve("index.bloom-index.puffin")).stream()
                .collect(toMap(blob -> blob.inputFields().getFirst() + "/" + blob.properties().get(BLOCKS_PROPERTY), blob -> blob));
        assertThat(groups).containsOnlyKeys("1/3", "1/8", "2/3");
        assertThat(groups.values()).allSatisfy(blob -> assertThat(blob.type()).isEqualTo(GROUP_BLOB_TYPE));
        assertThat(paths(groups.get("1/3"))).containsExactly("local:///data/0.parquet", "local:///data/1.parquet");
        assertThat(paths(groups.get("1/8"))).containsExactly("local:///data/2.parquet", "local:///data/3.parquet", "local:///data/4.parquet");
        assertThat(paths(groups.get("2/3"))).containsExactly("local:///data/0.parquet", "local:///data/2.parquet", "local:///data/4.parquet");
        assertThat(groups.get("1/8").length()).isEqualTo(3 * 8 * BYTES_PER_BLOCK);
    }

    @Test
    void testLargestGroupIsWrittenOutPastTheHeldBytes()
            throws IOException
    {
        BloomIndexFileWriter writer = new BloomIndexFileWriter(new LocalFileSystem(directory), Location.of("local:///index.bloom-index.puffin"));
        // filters of 1 MB: the ninth passes 8 MB held, and the group (all nine) is written out
        int blocks = 1024 * 1024 / BYTES_PER_BLOCK;
        for (int file = 0; file < 9; file++) {
            writer.add(List.of(filter(1, "local:///data/" + file + ".parquet", blocks)));
            assertThat(writer.retainedBytes()).isLessThanOrEqualTo(8L * 1024 * 1024);
        }
        assertThat(writer.retainedBytes()).isZero();
        writer.add(List.of(filter(1, "local:///data/9.parquet", blocks)));
        writer.finish();
        List<BlobMetadata> blobs = blobs(directory.resolve("index.bloom-index.puffin"));
        assertThat(blobs).hasSize(2);
        assertThat(paths(blobs.get(0))).hasSize(9);
        assertThat(paths(blobs.get(1))).containsExactly("local:///data/9.parquet");
    }

    @Test
    void testNoFiltersWriteNoFile()
    {
        BloomIndexFileWriter writer = new BloomIndexFileWriter(new LocalFileSystem(directory), Location.of("local:///index.bloom-index.puffin"));
        writer.add(List.of());
        assertThat(writer.finish()).isEmpty();
        assertThat(directory.resolve("index.bloom-index.puffin")).doesNotExist();
    }

    private static DataFileFilter filter(int fieldId, String path, int blocks)
    {
        byte[] bitset = new byte[blocks * BYTES_PER_BLOCK];
        bitset[fieldId] = (byte) blocks;
        return new DataFileFilter(fieldId, path, 1000, 10, bitset);
    }

    private static List<String> paths(BlobMetadata blob)
    {
        return BloomFilterGroup.members(blob.properties().get(DATA_FILES_PROPERTY)).stream().map(Member::path).toList();
    }

    private static List<BlobMetadata> blobs(Path indexFile)
            throws IOException
    {
        try (PuffinReader reader = Puffin.read(org.apache.iceberg.Files.localInput(indexFile.toFile())).build()) {
            return reader.fileMetadata().blobs();
        }
    }
}
