package dev.lakehouse.connector.statistics;

import io.airlift.log.Logger;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Union;
import org.apache.iceberg.GenericBlobMetadata;
import org.apache.iceberg.GenericStatisticsFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.puffin.Blob;
import org.apache.iceberg.puffin.BlobMetadata;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinCompressionCodec;
import org.apache.iceberg.puffin.PuffinReader;
import org.apache.iceberg.puffin.PuffinWriter;
import org.apache.iceberg.util.Pair;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import static dev.lakehouse.connector.statistics.DistinctValueCounts.NDV_PROPERTY;
import static java.util.Objects.requireNonNull;
import static org.apache.iceberg.puffin.StandardBlobTypes.APACHE_DATASKETCHES_THETA_V1;

/**
 * Writes the statistics file (Puffin, one {@code apache-datasketches-theta-v1} blob per column with its
 * {@code ndv}) of a snapshot a write just added, from the sketches of its writers. For a snapshot that
 * appends to earlier data, the sketches of the parent snapshot's statistics file are merged in, so the
 * counts cover the whole table; when the parent has no statistics file, the new rows alone would say
 * nothing about the table, and no file is written.
 */
public final class StatisticsFileWriter
{
    private static final Logger log = Logger.get(StatisticsFileWriter.class);

    private StatisticsFileWriter() {}

    /**
     * Writes the file; the caller records it in the table ({@code updateStatistics().setStatistics}) and
     * deletes it when that fails. Empty when there is nothing to record.
     *
     * @param table the table as of {@code snapshot}
     * @param sketches the serialized theta sketches of each writer, by field id
     */
    public static Optional<StatisticsFile> write(Table table, Snapshot snapshot, List<Map<Integer, byte[]>> sketches)
    {
        requireNonNull(table, "table is null");
        requireNonNull(snapshot, "snapshot is null");
        Map<Integer, Union> unions = new TreeMap<>();
        for (Map<Integer, byte[]> writerSketches : sketches) {
            for (Map.Entry<Integer, byte[]> entry : writerSketches.entrySet()) {
                unions.computeIfAbsent(entry.getKey(), _ -> SetOperation.builder().buildUnion())
                        .union(Memory.wrap(entry.getValue()));
            }
        }
        if (unions.isEmpty()) {
            return Optional.empty();
        }
        if (snapshot.parentId() != null) {
            Optional<StatisticsFile> parentFile = statisticsFile(table, snapshot.parentId());
            if (parentFile.isEmpty()) {
                return Optional.empty();
            }
            Map<Integer, byte[]> parentSketches = readSketches(table, parentFile.get());
            // a column the parent's file does not count is left out: its count would only be of the new rows
            unions.keySet().retainAll(parentSketches.keySet());
            for (Map.Entry<Integer, Union> entry : unions.entrySet()) {
                entry.getValue().union(Memory.wrap(parentSketches.get(entry.getKey())));
            }
            if (unions.isEmpty()) {
                return Optional.empty();
            }
        }

        String location = table.location() + "/metadata/" + snapshot.snapshotId() + "-" + UUID.randomUUID() + ".stats";
        try (PuffinWriter writer = Puffin.write(table.io().newOutputFile(location)).createdBy("Trino Lakehouse").build()) {
            for (Map.Entry<Integer, Union> entry : unions.entrySet()) {
                CompactSketch sketch = entry.getValue().getResult();
                writer.add(new Blob(
                        APACHE_DATASKETCHES_THETA_V1,
                        List.of(entry.getKey()),
                        snapshot.snapshotId(),
                        snapshot.sequenceNumber(),
                        ByteBuffer.wrap(sketch.toByteArray()),
                        PuffinCompressionCodec.NONE,
                        Map.of(NDV_PROPERTY, Long.toString(Math.round(sketch.getEstimate())))));
            }
            writer.finish();
            return Optional.of(new GenericStatisticsFile(
                    snapshot.snapshotId(),
                    location,
                    writer.fileSize(),
                    writer.footerSize(),
                    GenericBlobMetadata.from(writer.writtenBlobsMetadata())));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Failed to write statistics file " + location, e);
        }
    }

    private static Optional<StatisticsFile> statisticsFile(Table table, long snapshotId)
    {
        for (StatisticsFile file : table.statisticsFiles()) {
            if (file.snapshotId() == snapshotId) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    private static Map<Integer, byte[]> readSketches(Table table, StatisticsFile file)
    {
        try (PuffinReader reader = Puffin.read(table.io().newInputFile(file.path()))
                .withFileSize(file.fileSizeInBytes())
                .withFooterSize(file.fileFooterSizeInBytes())
                .build()) {
            List<BlobMetadata> thetaBlobs = new ArrayList<>();
            for (BlobMetadata blob : reader.fileMetadata().blobs()) {
                if (blob.type().equals(APACHE_DATASKETCHES_THETA_V1) && blob.inputFields().size() == 1) {
                    thetaBlobs.add(blob);
                }
            }
            Map<Integer, byte[]> sketches = new HashMap<>();
            for (Pair<BlobMetadata, ByteBuffer> blob : reader.readAll(thetaBlobs)) {
                ByteBuffer data = blob.second();
                byte[] bytes = new byte[data.remaining()];
                data.duplicate().get(bytes);
                sketches.put(blob.first().inputFields().getFirst(), bytes);
            }
            return sketches;
        }
        catch (IOException | RuntimeException e) {
            // the earlier counts cannot be merged: write no counts rather than counts of the new rows only
            log.warn(e, "Failed to read statistics file %s of table %s", file.path(), table.name());
            return Map.of();
        }
    }
}
