package dev.lakehouse.connector.writer;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.connector.bloom.BloomIndexFile;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What one writer (page sink) returns to the coordinator: the data files it finished, and the theta
 * sketches of the values it wrote, by field id, for the table's distinct value counts, and the bloom index
 * file holding the bloom filters of its files (none when the table has no bloom filter columns), and the delete
 * files of the rows a DELETE, UPDATE or MERGE changed. Travels as JSON.
 */
public record WriterResult(List<DataFileFragment> files, Map<Integer, byte[]> distinctValueSketches, List<BloomIndexFile> bloomIndexFiles, List<DeleteFileFragment> deleteFiles)
{
    public WriterResult
    {
        files = ImmutableList.copyOf(requireNonNull(files, "files is null"));
        distinctValueSketches = ImmutableMap.copyOf(requireNonNull(distinctValueSketches, "distinctValueSketches is null"));
        bloomIndexFiles = ImmutableList.copyOf(requireNonNull(bloomIndexFiles, "bloomIndexFiles is null"));
        deleteFiles = ImmutableList.copyOf(requireNonNull(deleteFiles, "deleteFiles is null"));
    }
}
