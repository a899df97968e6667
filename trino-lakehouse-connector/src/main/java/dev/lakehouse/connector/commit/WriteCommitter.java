package dev.lakehouse.connector.commit;

import com.google.common.base.Throwables;
import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import dev.lakehouse.connector.bloom.BloomIndexFile;
import dev.lakehouse.connector.bloom.BloomIndexFiles;
import dev.lakehouse.connector.catalog.LakehouseCatalog;
import dev.lakehouse.connector.statistics.StatisticsFileWriter;
import dev.lakehouse.connector.writer.DataFileFragment;
import dev.lakehouse.connector.writer.PartitionValues;
import dev.lakehouse.connector.writer.WriterResult;
import io.airlift.json.JsonCodec;
import io.airlift.log.Logger;
import io.airlift.slice.Slice;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.SchemaTableName;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_COMMIT_ERROR;
import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_CONCURRENT_MODIFICATION;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.BUILT_SNAPSHOT_SUMMARY_PROPERTY;
import static dev.lakehouse.connector.bloom.BloomIndexFormat.SNAPSHOT_SUMMARY_PROPERTY;
import static java.util.Objects.requireNonNull;

/**
 * The coordinator's side of a write: commits what the writers wrote (data files, the statistics file of
 * their distinct value sketches, the bloom index files of their bloom filters) as one Iceberg transaction,
 * so that all of it becomes visible together or none of it does; and deletes every file of a write that is
 * not committed.
 */
public class WriteCommitter
{
    private static final Logger log = Logger.get(WriteCommitter.class);

    private final LakehouseCatalog catalog;
    private final TrinoFileSystemFactory fileSystemFactory;
    private final JsonCodec<WriterResult> resultCodec;

    @Inject
    public WriteCommitter(LakehouseCatalog catalog, TrinoFileSystemFactory fileSystemFactory, JsonCodec<WriterResult> resultCodec)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.resultCodec = requireNonNull(resultCodec, "resultCodec is null");
    }

    /**
     * Commits a CREATE TABLE AS: the new table and its first snapshot in the create transaction.
     */
    public void commitNewTable(ConnectorSession session, SchemaTableName name, Transaction createTransaction, Collection<Slice> writerResults)
    {
        commit(session, name, results(writerResults), () -> createTransaction, _ -> catalog.commit(name, createTransaction));
    }

    /**
     * Commits an INSERT into the table as the catalog has it now: appends commute, so another writer's
     * commit since the write began is no conflict, unless it changed the columns the rows were written with.
     */
    public void commitAppend(ConnectorSession session, SchemaTableName name, Schema writtenSchema, Collection<Slice> writerResults)
    {
        List<WriterResult> results = results(writerResults);
        if (files(results).isEmpty()) {
            return;
        }
        commit(session, name, results, () -> {
            Table table = catalog.loadExistingTable(name);
            if (!table.schema().sameSchema(writtenSchema)) {
                throw new TrinoException(LAKEHOUSE_CONCURRENT_MODIFICATION, "The columns of table '%s' changed while writing to it".formatted(name));
            }
            return table.newTransaction();
        }, Transaction::commitTransaction);
    }

    /**
     * Commits bloom index files built for data files of earlier commits: a snapshot that adds no data and
     * lists the index files in its summary. When the commit fails, the index files are deleted (unless the
     * commit may have succeeded).
     */
    public void commitBuiltBloomIndex(ConnectorSession session, SchemaTableName name, List<BloomIndexFile> indexFiles)
    {
        if (indexFiles.isEmpty()) {
            return;
        }
        try {
            catalog.loadExistingTable(name).newFastAppend()
                    .set(BUILT_SNAPSHOT_SUMMARY_PROPERTY, BloomIndexFiles.toSummaryValue(indexFiles))
                    .commit();
        }
        catch (RuntimeException e) {
            if (isCommitStateUnknown(e)) {
                log.warn(e, "The commit to table %s may or may not have succeeded; its bloom index files are kept", name);
            }
            else {
                deleteFiles(fileSystemFactory.create(session), indexFiles.stream().map(file -> Location.of(file.path())).toList());
            }
            throw translateCommitFailure(name, e);
        }
    }

    private void commit(ConnectorSession session, SchemaTableName name, List<WriterResult> results, Supplier<Transaction> transactionSupplier, Consumer<Transaction> commit)
    {
        List<DataFileFragment> fragments = files(results);
        List<BloomIndexFile> bloomIndexFiles = bloomIndexFiles(results);
        Optional<StatisticsFile> statisticsFile = Optional.empty();
        try {
            Transaction transaction = transactionSupplier.get();
            if (!fragments.isEmpty()) {
                AppendFiles append = transaction.newAppend();
                Table table = transaction.table();
                for (DataFileFragment fragment : fragments) {
                    append.appendFile(dataFile(table.specs().get(fragment.partitionSpecId()), Optional.ofNullable(table.sortOrders().get(fragment.sortOrderId())), fragment));
                }
                if (!bloomIndexFiles.isEmpty()) {
                    append.set(SNAPSHOT_SUMMARY_PROPERTY, BloomIndexFiles.toSummaryValue(bloomIndexFiles));
                }
                append.commit();
                statisticsFile = writeStatistics(transaction.table(), results);
                statisticsFile.ifPresent(file -> transaction.updateStatistics().setStatistics(file).commit());
            }
            commit.accept(transaction);
        }
        catch (RuntimeException e) {
            if (isCommitStateUnknown(e)) {
                // the files may be part of the table now: deleting them could lose committed rows
                log.warn(e, "The commit to table %s may or may not have succeeded; its files are kept", name);
            }
            else {
                TrinoFileSystem fileSystem = fileSystemFactory.create(session);
                List<Location> written = new ArrayList<>();
                fragments.forEach(fragment -> written.add(Location.of(fragment.path())));
                bloomIndexFiles.forEach(file -> written.add(Location.of(file.path())));
                statisticsFile.ifPresent(file -> written.add(Location.of(file.path())));
                deleteFiles(fileSystem, written);
            }
            throw translateCommitFailure(name, e);
        }
    }

    /**
     * Writes the distinct value counts of the snapshot the transaction is about to commit, or nothing when
     * they cannot be written: statistics are a hint, never a reason to fail a write.
     */
    private static Optional<StatisticsFile> writeStatistics(Table table, List<WriterResult> results)
    {
        ImmutableList.Builder<Map<Integer, byte[]>> sketches = ImmutableList.builderWithExpectedSize(results.size());
        for (WriterResult result : results) {
            sketches.add(result.distinctValueSketches());
        }
        try {
            return StatisticsFileWriter.write(table, table.currentSnapshot(), sketches.build());
        }
        catch (RuntimeException e) {
            log.warn(e, "Failed to write the statistics file of table %s", table.name());
            return Optional.empty();
        }
    }

    private List<WriterResult> results(Collection<Slice> slices)
    {
        ImmutableList.Builder<WriterResult> results = ImmutableList.builderWithExpectedSize(slices.size());
        for (Slice slice : slices) {
            results.add(resultCodec.fromJson(slice.getBytes()));
        }
        return results.build();
    }

    private static List<DataFileFragment> files(List<WriterResult> results)
    {
        ImmutableList.Builder<DataFileFragment> files = ImmutableList.builder();
        for (WriterResult result : results) {
            files.addAll(result.files());
        }
        return files.build();
    }

    private static List<BloomIndexFile> bloomIndexFiles(List<WriterResult> results)
    {
        ImmutableList.Builder<BloomIndexFile> files = ImmutableList.builder();
        for (WriterResult result : results) {
            files.addAll(result.bloomIndexFiles());
        }
        return files.build();
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

    private static void deleteFiles(TrinoFileSystem fileSystem, List<Location> locations)
    {
        try {
            fileSystem.deleteFiles(locations);
        }
        catch (Exception e) {
            // the files are not referenced by the table, so leaving one behind loses no data
            log.warn(e, "Failed to delete %s files of a write that was not committed", locations.size());
        }
    }

    private static boolean isCommitStateUnknown(Throwable failure)
    {
        return Throwables.getCausalChain(failure).stream().anyMatch(CommitStateUnknownException.class::isInstance);
    }

    public static TrinoException translateCommitFailure(SchemaTableName name, RuntimeException failure)
    {
        if (failure instanceof TrinoException trinoException) {
            return trinoException;
        }
        if (failure instanceof CommitFailedException || failure instanceof ValidationException) {
            return new TrinoException(LAKEHOUSE_CONCURRENT_MODIFICATION, "Failed to commit to table '%s': %s".formatted(name, message(failure)), failure);
        }
        if (failure instanceof CommitStateUnknownException) {
            return new TrinoException(LAKEHOUSE_COMMIT_ERROR, "The commit to table '%s' may or may not have succeeded: %s".formatted(name, message(failure)), failure);
        }
        return new TrinoException(LAKEHOUSE_COMMIT_ERROR, "Failed to commit to table '%s': %s".formatted(name, message(failure)), failure);
    }

    /**
     * The failure's message with its root cause's: the outer one says what failed, the root why.
     */
    private static String message(Throwable failure)
    {
        String message = String.valueOf(failure.getMessage());
        Throwable root = Throwables.getRootCause(failure);
        if (root != failure && root.getMessage() != null && !message.contains(root.getMessage())) {
            return message + ": " + root.getMessage();
        }
        return message;
    }
}
