package dev.lakehouse.connector.writer;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import io.airlift.json.JsonCodec;
import io.airlift.log.Logger;
import io.airlift.slice.Slice;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The coordinator's side of a write: turns the writers' fragments into Iceberg data files for one append,
 * and deletes the files of a write that is not committed.
 */
public class WriteCommitter
{
    private static final Logger log = Logger.get(WriteCommitter.class);

    private final JsonCodec<WriterResult> resultCodec;

    @Inject
    public WriteCommitter(JsonCodec<WriterResult> resultCodec)
    {
        this.resultCodec = requireNonNull(resultCodec, "resultCodec is null");
    }

    public List<WriterResult> results(Collection<Slice> slices)
    {
        ImmutableList.Builder<WriterResult> results = ImmutableList.builderWithExpectedSize(slices.size());
        for (Slice slice : slices) {
            results.add(resultCodec.fromJson(slice.getBytes()));
        }
        return results.build();
    }

    public static List<DataFileFragment> files(List<WriterResult> results)
    {
        ImmutableList.Builder<DataFileFragment> files = ImmutableList.builder();
        for (WriterResult result : results) {
            files.addAll(result.files());
        }
        return files.build();
    }

    public static List<Map<Integer, byte[]>> distinctValueSketches(List<WriterResult> results)
    {
        ImmutableList.Builder<Map<Integer, byte[]>> sketches = ImmutableList.builderWithExpectedSize(results.size());
        for (WriterResult result : results) {
            sketches.add(result.distinctValueSketches());
        }
        return sketches.build();
    }

    /**
     * Adds the files to an append; the caller commits it.
     */
    public void appendFiles(AppendFiles append, Map<Integer, PartitionSpec> specs, Map<Integer, SortOrder> sortOrders, List<DataFileFragment> fragments)
    {
        for (DataFileFragment fragment : fragments) {
            append.appendFile(dataFile(specs.get(fragment.partitionSpecId()), Optional.ofNullable(sortOrders.get(fragment.sortOrderId())), fragment));
        }
    }

    private static DataFile dataFile(PartitionSpec spec, Optional<SortOrder> sortOrder, DataFileFragment fragment)
    {
        DataFiles.Builder builder = DataFiles.builder(spec)
                .withPath(fragment.path())
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(fragment.fileSizeInBytes())
                .withMetrics(fragment.metrics())
                .withSplitOffsets(fragment.splitOffsets());
        sortOrder.ifPresent(builder::withSortOrder);
        if (!spec.isUnpartitioned()) {
            builder.withPartition(partition(spec, fragment.partitionValues()));
        }
        return builder.build();
    }

    private static StructLike partition(PartitionSpec spec, List<Optional<byte[]>> values)
    {
        List<Types.NestedField> fields = spec.partitionType().fields();
        Object[] partition = new Object[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            int index = i;
            partition[i] = values.get(i)
                    .map(bytes -> Conversions.fromByteBuffer(fields.get(index).type(), ByteBuffer.wrap(bytes)))
                    .orElse(null);
        }
        return new PartitionValues(partition);
    }

    /**
     * Deletes the data files of a write that failed or was rolled back. Failures are logged: the files are
     * not referenced by the table, so leaving one behind loses no data.
     */
    public void deleteFiles(TrinoFileSystem fileSystem, List<DataFileFragment> fragments)
    {
        List<Location> locations = fragments.stream()
                .map(fragment -> Location.of(fragment.path()))
                .toList();
        try {
            fileSystem.deleteFiles(locations);
        }
        catch (Exception e) {
            log.warn(e, "Failed to delete %s data files of a write that was not committed", locations.size());
        }
    }
}
