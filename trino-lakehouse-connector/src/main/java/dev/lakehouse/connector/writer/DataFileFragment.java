package dev.lakehouse.connector.writer;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import org.apache.iceberg.Metrics;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A data file a writer finished, as the coordinator commits it: where it is, its partition and its
 * Iceberg metrics. Travels from the workers to the coordinator as JSON.
 *
 * @param partitionValues the file's partition values, each in Iceberg's single-value binary form (empty for null)
 */
public record DataFileFragment(
        String path,
        long fileSizeInBytes,
        long recordCount,
        int partitionSpecId,
        List<Optional<byte[]>> partitionValues,
        Map<Integer, Long> columnSizes,
        Map<Integer, Long> valueCounts,
        Map<Integer, Long> nullValueCounts,
        Map<Integer, byte[]> lowerBounds,
        Map<Integer, byte[]> upperBounds,
        List<Long> splitOffsets,
        int sortOrderId)
{
    public DataFileFragment
    {
        requireNonNull(path, "path is null");
        checkArgument(fileSizeInBytes >= 0, "fileSizeInBytes is negative");
        checkArgument(recordCount >= 0, "recordCount is negative");
        partitionValues = ImmutableList.copyOf(requireNonNull(partitionValues, "partitionValues is null"));
        columnSizes = ImmutableMap.copyOf(requireNonNull(columnSizes, "columnSizes is null"));
        valueCounts = ImmutableMap.copyOf(requireNonNull(valueCounts, "valueCounts is null"));
        nullValueCounts = ImmutableMap.copyOf(requireNonNull(nullValueCounts, "nullValueCounts is null"));
        lowerBounds = ImmutableMap.copyOf(requireNonNull(lowerBounds, "lowerBounds is null"));
        upperBounds = ImmutableMap.copyOf(requireNonNull(upperBounds, "upperBounds is null"));
        splitOffsets = ImmutableList.copyOf(requireNonNull(splitOffsets, "splitOffsets is null"));
    }

    public Metrics metrics()
    {
        return new Metrics(
                recordCount,
                new HashMap<>(columnSizes),
                new HashMap<>(valueCounts),
                new HashMap<>(nullValueCounts),
                new HashMap<>(),
                toBuffers(lowerBounds),
                toBuffers(upperBounds));
    }

    private static Map<Integer, ByteBuffer> toBuffers(Map<Integer, byte[]> bounds)
    {
        Map<Integer, ByteBuffer> buffers = new HashMap<>();
        bounds.forEach((fieldId, bytes) -> buffers.put(fieldId, ByteBuffer.wrap(bytes)));
        return buffers;
    }
}
