package dev.lakehouse.connector.writer;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.airlift.slice.Slices;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.parquet.writer.ParquetWriterOptions;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.RunLengthEncodedBlock;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Conversions;
import org.apache.parquet.format.CompressionCodec;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static com.google.common.base.Preconditions.checkArgument;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * Writes the position delete file of one data file (Iceberg format version 2): a Parquet file of
 * {@code file_path} and {@code pos}, the positions in ascending order, all of the one data file, so that
 * readers find it by the data file's path.
 */
public final class PositionDeleteFileWriter
{
    private static final Schema SCHEMA = new Schema(MetadataColumns.DELETE_FILE_PATH, MetadataColumns.DELETE_FILE_POS);
    private static final int ROWS_PER_PAGE = 8192;

    private final TrinoFileSystem fileSystem;
    private final ParquetWriterOptions options;
    private final CompressionCodec compression;
    private final String trinoVersion;

    public PositionDeleteFileWriter(TrinoFileSystem fileSystem, ParquetWriterOptions options, CompressionCodec compression, String trinoVersion)
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.options = requireNonNull(options, "options is null");
        this.compression = requireNonNull(compression, "compression is null");
        this.trinoVersion = requireNonNull(trinoVersion, "trinoVersion is null");
    }

    /**
     * @param positions the deleted positions, ascending, without repeats
     */
    public DeleteFileFragment write(Location location, TargetDataFile dataFile, long[] positions)
    {
        checkArgument(positions.length > 0, "no positions");
        ParquetFileWriter writer = new ParquetFileWriter(fileSystem, location, SCHEMA, ImmutableList.of(VARCHAR, BIGINT), options, compression, trinoVersion);
        try {
            Block path = VARCHAR.createBlockBuilder(null, 1).writeEntry(Slices.utf8Slice(dataFile.path())).build();
            for (int start = 0; start < positions.length; start += ROWS_PER_PAGE) {
                int count = Math.min(ROWS_PER_PAGE, positions.length - start);
                BlockBuilder pos = BIGINT.createFixedSizeBlockBuilder(count);
                for (int index = start; index < start + count; index++) {
                    BIGINT.writeLong(pos, positions[index]);
                }
                writer.append(new Page(count, RunLengthEncodedBlock.create(path, count), pos.build()));
            }
        }
        catch (RuntimeException e) {
            writer.abort();
            throw e;
        }
        WrittenFile file = writer.close();
        Map<Integer, byte[]> lowerBounds = ImmutableMap.of(
                MetadataColumns.DELETE_FILE_PATH.fieldId(), bytes(Conversions.toByteBuffer(MetadataColumns.DELETE_FILE_PATH.type(), dataFile.path())),
                MetadataColumns.DELETE_FILE_POS.fieldId(), bytes(Conversions.toByteBuffer(MetadataColumns.DELETE_FILE_POS.type(), positions[0])));
        Map<Integer, byte[]> upperBounds = ImmutableMap.of(
                MetadataColumns.DELETE_FILE_PATH.fieldId(), bytes(Conversions.toByteBuffer(MetadataColumns.DELETE_FILE_PATH.type(), dataFile.path())),
                MetadataColumns.DELETE_FILE_POS.fieldId(), bytes(Conversions.toByteBuffer(MetadataColumns.DELETE_FILE_POS.type(), positions[positions.length - 1])));
        return new DeleteFileFragment(
                location.toString(),
                FileFormat.PARQUET,
                file.fileSize(),
                positions.length,
                dataFile.path(),
                dataFile.partitionSpecId(),
                dataFile.partitionData(),
                dataFile.recordCount(),
                0,
                file.fileSize(),
                lowerBounds,
                upperBounds,
                List.of());
    }

    private static byte[] bytes(ByteBuffer buffer)
    {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
