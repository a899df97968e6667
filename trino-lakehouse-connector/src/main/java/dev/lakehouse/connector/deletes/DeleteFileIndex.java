package dev.lakehouse.connector.deletes;

import com.google.common.collect.ImmutableList;
import io.trino.spi.TrinoException;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.ManifestEvaluator;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.util.ContentFileUtil;
import org.apache.iceberg.util.PartitionMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_INVALID_METADATA;

/**
 * The live delete files of a snapshot, indexed by what they apply to, so that the delete files of each data
 * file are found without looking at the others. Follows the rules of the Iceberg specification ("Scan
 * Planning"):
 * <ul>
 * <li>a deletion vector applies to the data file it references, when the data file's data sequence number
 * is not greater than the vector's; a data file with a deletion vector ignores position delete files;</li>
 * <li>a position delete file applies to the data files of its partition (same spec, same partition values),
 * or to the one data file it references, when the data file's data sequence number is not greater than
 * the delete file's;</li>
 * <li>an equality delete file applies to the data files of its partition, or to all data files when its
 * spec is unpartitioned, when the data file's data sequence number is lower than the delete file's.</li>
 * </ul>
 * Delete files of partitions the scan's filter rules out are not read.
 */
public final class DeleteFileIndex
{
    private static final DeleteFileIndex EMPTY = new DeleteFileIndex(List.of(), null, null, Map.of(), Map.of());

    private final List<DeleteFile> globalEqualityDeletes;
    private final PartitionMap<List<DeleteFile>> equalityDeletesByPartition;
    private final PartitionMap<List<DeleteFile>> positionDeletesByPartition;
    private final Map<String, List<DeleteFile>> positionDeletesByPath;
    private final Map<String, DeleteFile> deletionVectorsByPath;

    private DeleteFileIndex(
            List<DeleteFile> globalEqualityDeletes,
            PartitionMap<List<DeleteFile>> equalityDeletesByPartition,
            PartitionMap<List<DeleteFile>> positionDeletesByPartition,
            Map<String, List<DeleteFile>> positionDeletesByPath,
            Map<String, DeleteFile> deletionVectorsByPath)
    {
        this.globalEqualityDeletes = globalEqualityDeletes;
        this.equalityDeletesByPartition = equalityDeletesByPartition;
        this.positionDeletesByPartition = positionDeletesByPartition;
        this.positionDeletesByPath = positionDeletesByPath;
        this.deletionVectorsByPath = deletionVectorsByPath;
    }

    /**
     * Reads the delete manifests of the snapshot, skipping those and the delete files whose partitions the
     * filter rules out.
     */
    public static DeleteFileIndex load(String tableName, Snapshot snapshot, FileIO io, Map<Integer, PartitionSpec> specs, Expression filter)
    {
        List<ManifestFile> manifests = snapshot.deleteManifests(io).stream()
                .filter(manifest -> manifest.hasAddedFiles() || manifest.hasExistingFiles())
                .toList();
        if (manifests.isEmpty()) {
            return EMPTY;
        }
        List<DeleteFile> globalEqualityDeletes = new ArrayList<>();
        PartitionMap<List<DeleteFile>> equalityDeletesByPartition = PartitionMap.create(specs);
        PartitionMap<List<DeleteFile>> positionDeletesByPartition = PartitionMap.create(specs);
        Map<String, List<DeleteFile>> positionDeletesByPath = new HashMap<>();
        Map<String, DeleteFile> deletionVectorsByPath = new HashMap<>();
        Map<Integer, ManifestEvaluator> manifestEvaluators = new HashMap<>();
        for (ManifestFile manifest : manifests) {
            ManifestEvaluator evaluator = manifestEvaluators.computeIfAbsent(
                    manifest.partitionSpecId(),
                    specId -> ManifestEvaluator.forRowFilter(filter, specs.get(specId), true));
            if (!evaluator.eval(manifest)) {
                continue;
            }
            try (ManifestReader<DeleteFile> reader = ManifestFiles.readDeleteManifest(manifest, io, specs).filterRows(filter).caseSensitive(true);
                    CloseableIterator<DeleteFile> files = reader.iterator()) {
                while (files.hasNext()) {
                    DeleteFile file = files.next();
                    switch (file.content()) {
                        case POSITION_DELETES -> {
                            if (ContentFileUtil.isDV(file)) {
                                DeleteFile existing = deletionVectorsByPath.putIfAbsent(file.referencedDataFile(), file);
                                if (existing != null) {
                                    throw new TrinoException(LAKEHOUSE_INVALID_METADATA, "Table '%s' has two deletion vectors for data file %s: %s and %s"
                                            .formatted(tableName, file.referencedDataFile(), ContentFileUtil.dvDesc(existing), ContentFileUtil.dvDesc(file)));
                                }
                            }
                            else {
                                String referencedFile = ContentFileUtil.referencedDataFileLocation(file);
                                if (referencedFile != null) {
                                    positionDeletesByPath.computeIfAbsent(referencedFile, _ -> new ArrayList<>()).add(file);
                                }
                                else {
                                    positionDeletesByPartition.computeIfAbsent(file.specId(), file.partition(), ArrayList::new).add(file);
                                }
                            }
                        }
                        case EQUALITY_DELETES -> {
                            if (specs.get(file.specId()).isUnpartitioned()) {
                                globalEqualityDeletes.add(file);
                            }
                            else {
                                equalityDeletesByPartition.computeIfAbsent(file.specId(), file.partition(), ArrayList::new).add(file);
                            }
                        }
                        case DATA -> throw new TrinoException(LAKEHOUSE_INVALID_METADATA, "Delete manifest %s of table '%s' lists data file %s".formatted(manifest.path(), tableName, file.location()));
                    }
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new DeleteFileIndex(globalEqualityDeletes, equalityDeletesByPartition, positionDeletesByPartition, positionDeletesByPath, deletionVectorsByPath);
    }

    public static DeleteFileIndex empty()
    {
        return EMPTY;
    }

    public boolean isEmpty()
    {
        return globalEqualityDeletes.isEmpty()
                && (equalityDeletesByPartition == null || equalityDeletesByPartition.isEmpty())
                && (positionDeletesByPartition == null || positionDeletesByPartition.isEmpty())
                && positionDeletesByPath.isEmpty()
                && deletionVectorsByPath.isEmpty();
    }

    /**
     * The delete files that apply to the data file: its deletion vector or position delete files, and the
     * equality delete files.
     */
    public List<DeleteFile> forDataFile(DataFile file)
    {
        if (this == EMPTY) {
            return List.of();
        }
        long sequenceNumber = file.dataSequenceNumber() == null ? 0 : file.dataSequenceNumber();
        ImmutableList.Builder<DeleteFile> deletes = ImmutableList.builder();
        DeleteFile deletionVector = deletionVectorsByPath.get(file.location());
        if (deletionVector != null && sequenceNumber <= sequenceNumber(deletionVector)) {
            deletes.add(deletionVector);
        }
        else {
            addPositionDeletes(deletes, positionDeletesByPath.get(file.location()), sequenceNumber);
            if (positionDeletesByPartition != null) {
                addPositionDeletes(deletes, positionDeletesByPartition.get(file.specId(), file.partition()), sequenceNumber);
            }
        }
        addEqualityDeletes(deletes, globalEqualityDeletes, sequenceNumber);
        if (equalityDeletesByPartition != null) {
            addEqualityDeletes(deletes, equalityDeletesByPartition.get(file.specId(), file.partition()), sequenceNumber);
        }
        return deletes.build();
    }

    private static void addPositionDeletes(ImmutableList.Builder<DeleteFile> deletes, List<DeleteFile> candidates, long dataSequenceNumber)
    {
        if (candidates == null) {
            return;
        }
        for (DeleteFile candidate : candidates) {
            if (dataSequenceNumber <= sequenceNumber(candidate)) {
                deletes.add(candidate);
            }
        }
    }

    private static void addEqualityDeletes(ImmutableList.Builder<DeleteFile> deletes, List<DeleteFile> candidates, long dataSequenceNumber)
    {
        if (candidates == null) {
            return;
        }
        for (DeleteFile candidate : candidates) {
            if (dataSequenceNumber < sequenceNumber(candidate)) {
                deletes.add(candidate);
            }
        }
    }

    private static long sequenceNumber(DeleteFile file)
    {
        return file.dataSequenceNumber() == null ? 0 : file.dataSequenceNumber();
    }
}
