package dev.lakehouse.connector.writer;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.connector.fileio.TrinoFileIo;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.TrinoException;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.puffin.Blob;
import org.apache.iceberg.puffin.BlobMetadata;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinWriter;
import org.apache.iceberg.puffin.StandardBlobTypes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_WRITER_ERROR;
import static java.util.Objects.requireNonNull;

/**
 * Writes the deletion vectors of a writer's data files (Iceberg format version 3) as blobs of one Puffin
 * file: each data file's deleted positions, those deleted before included, as a bitmap.
 */
public final class DeletionVectorWriter
{
    // the blob properties the Iceberg specification requires of a deletion vector
    private static final String REFERENCED_DATA_FILE = "referenced-data-file";
    private static final String CARDINALITY = "cardinality";

    private final TrinoFileSystem fileSystem;

    public DeletionVectorWriter(TrinoFileSystem fileSystem)
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
    }

    /**
     * A data file and all its deleted positions.
     */
    public record DeletionVector(TargetDataFile dataFile, PositionDeleteIndex positions)
    {
        public DeletionVector
        {
            requireNonNull(dataFile, "dataFile is null");
            requireNonNull(positions, "positions is null");
        }
    }

    public List<DeleteFileFragment> write(Location location, List<DeletionVector> vectors)
    {
        List<BlobMetadata> blobs = new ArrayList<>(vectors.size());
        long fileSize;
        try (PuffinWriter writer = Puffin.write(new TrinoFileIo(fileSystem).newOutputFile(location.toString())).createdBy("Trino Lakehouse").build()) {
            for (DeletionVector vector : vectors) {
                Map<String, String> properties = ImmutableMap.of(
                        REFERENCED_DATA_FILE, vector.dataFile().path(),
                        CARDINALITY, String.valueOf(vector.positions().cardinality()));
                blobs.add(writer.write(new Blob(
                        StandardBlobTypes.DV_V1,
                        List.of(MetadataColumns.ROW_POSITION.fieldId()),
                        -1,
                        -1,
                        vector.positions().serialize(),
                        null,
                        properties)));
            }
            writer.finish();
            fileSize = writer.fileSize();
        }
        catch (IOException | RuntimeException e) {
            try {
                fileSystem.deleteFile(location);
            }
            catch (IOException | RuntimeException deleteFailure) {
                e.addSuppressed(deleteFailure);
            }
            throw new TrinoException(LAKEHOUSE_WRITER_ERROR, "Failed to write deletion vectors to %s: %s".formatted(location, e.getMessage()), e);
        }

        ImmutableList.Builder<DeleteFileFragment> fragments = ImmutableList.builderWithExpectedSize(vectors.size());
        for (int index = 0; index < vectors.size(); index++) {
            DeletionVector vector = vectors.get(index);
            BlobMetadata blob = blobs.get(index);
            TargetDataFile dataFile = vector.dataFile();
            fragments.add(new DeleteFileFragment(
                    location.toString(),
                    FileFormat.PUFFIN,
                    fileSize,
                    vector.positions().cardinality(),
                    dataFile.path(),
                    dataFile.partitionSpecId(),
                    dataFile.partitionData(),
                    dataFile.recordCount(),
                    blob.offset(),
                    blob.length(),
                    ImmutableMap.of(),
                    ImmutableMap.of(),
                    dataFile.previousDeletes().stream().filter(PreviousDeleteFile::fileScoped).toList()));
        }
        return fragments.build();
    }
}
