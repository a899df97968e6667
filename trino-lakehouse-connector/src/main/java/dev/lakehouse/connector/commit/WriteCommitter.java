package dev.lakehouse.connector.commit;

import com.google.common.base.Throwables;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.util.concurrent.Striped;
import com.google.inject.Inject;
import dev.lakehouse.connector.bloom.BloomIndexFile;
import dev.lakehouse.connector.bloom.BloomIndexFiles;
import dev.lakehouse.connector.catalog.LakehouseCatalog;
import dev.lakehouse.connector.merge.PartitionDataJson;
import dev.lakehouse.connector.statistics.StatisticsFileWriter;
import dev.lakehouse.connector.writer.DataFileFragment;
import dev.lakehouse.connector.writer.DeleteFileFragment;
import dev.lakehouse.connector.writer.PartitionValues;
import dev.lakehouse.connector.writer.PreviousDeleteFile;
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
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileMetadata;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import java.util.function.Function;
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

    /**
     * Commits of a statement, each after Iceberg's own retries, before a concurrent commit makes it fail:
     * enough for a dozen writers appending to one table at once.
     */
    private static final int MAX_COMMIT_ATTEMPTS = 10;

    private final LakehouseCatalog catalog;
    private final TrinoFileSystemFactory fileSystemFactory;
    private final JsonCodec<WriterResult> resultCodec;
    // statements of this coordinator commit to a table one at a time: they then never race each other,
    // and only commits of other engines or coordinators make a commit try again
    private final Striped<Lock> tableCommitLocks = Striped.lock(64);

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
        // the one create transaction cannot be made again: a failed commit is final
        commit(session, name, results(writerResults), 1, () -> createTransaction, _ -> catalog.commit(name, createTransaction));
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
        commit(session, name, results, MAX_COMMIT_ATTEMPTS, () -> newTransaction(name, writtenSchema), Transaction::commitTransaction);
    }

    /**
     * Commits a DELETE, UPDATE or MERGE: the rows it inserted, and the rows it deleted, checked against what
     * others committed since the statement read the table's snapshot {@code baseSnapshotId}. A data file
     * all of whose rows the statement deleted is removed rather than given a delete file; so the commit is a
     * row delta (new data and delete files), an overwrite (removed data files), or both in one transaction.
     *
     * @param conflictFilter the rows the statement read: what others' changes are checked against
     * @param serializable whether rows others added matching {@code conflictFilter} are a conflict too (serializable isolation)
     */
    public void commitRowChanges(
            ConnectorSession session,
            SchemaTableName name,
            Schema writtenSchema,
            OptionalLong baseSnapshotId,
            Expression conflictFilter,
            boolean serializable,
            Collection<Slice> writerResults)
    {
        List<WriterResult> results = results(writerResults);
        List<DeleteFileFragment> deleteFragments = deleteFiles(results);
        if (files(results).isEmpty() && deleteFragments.isEmpty()) {
            return;
        }
        // the data files with no row left: removed, their delete files of this statement not committed
        Map<String, Long> deletedRowsByDataFile = new HashMap<>();
        deleteFragments.forEach(fragment -> deletedRowsByDataFile.merge(fragment.referencedDataFile(), fragment.recordCount(), Long::sum));
        Map<String, DeleteFileFragment> removedDataFiles = new LinkedHashMap<>();
        List<DeleteFileFragment> committedDeletes = new ArrayList<>();
        for (DeleteFileFragment fragment : deleteFragments) {
            if (deletedRowsByDataFile.get(fragment.referencedDataFile()) >= fragment.dataFileRecordCount()) {
                removedDataFiles.putIfAbsent(fragment.referencedDataFile(), fragment);
            }
            else {
                committedDeletes.add(fragment);
            }
        }
        try {
            commitRowChanges(session, name, writtenSchema, baseSnapshotId, conflictFilter, serializable, results, committedDeletes, removedDataFiles);
        }
        catch (TrinoException e) {
            if (!e.getErrorCode().equals(LAKEHOUSE_CONCURRENT_MODIFICATION.toErrorCode()) || baseSnapshotId.isEmpty()) {
                throw e;
            }
            throw new TrinoException(LAKEHOUSE_CONCURRENT_MODIFICATION, "%s (committed since this statement read snapshot %s: %s)".formatted(
                    e.getMessage(), baseSnapshotId.getAsLong(), snapshotsSince(name, baseSnapshotId.getAsLong())), e);
        }

        // committed: the delete files of removed data files are not part of the table
        List<Location> unused = deleteFragments.stream()
                .filter(fragment -> removedDataFiles.containsKey(fragment.referencedDataFile()))
                .map(fragment -> Location.of(fragment.path()))
                .toList();
        if (!unused.isEmpty()) {
            deleteFiles(fileSystemFactory.create(session), unused);
        }
    }

    private void commitRowChanges(
            ConnectorSession session,
            SchemaTableName name,
            Schema writtenSchema,
            OptionalLong baseSnapshotId,
            Expression conflictFilter,
            boolean serializable,
            List<WriterResult> results,
            List<DeleteFileFragment> committedDeletes,
            Map<String, DeleteFileFragment> removedDataFiles)
    {
        commit(session, name, results, MAX_COMMIT_ATTEMPTS, () -> newTransaction(name, writtenSchema), (transaction, dataFiles) -> {
            // the overwrite first: it adds nothing the row delta's checks since the base snapshot could take for a conflict
            ImmutableList.Builder<Supplier<SnapshotUpdate<?>>> updates = ImmutableList.builder();
            if (!removedDataFiles.isEmpty()) {
                updates.add(() -> overwrite(transaction, removedDataFiles.values(), baseSnapshotId, conflictFilter, serializable));
            }
            if (!dataFiles.isEmpty() || !committedDeletes.isEmpty()) {
                updates.add(() -> rowDelta(transaction, dataFiles, committedDeletes, baseSnapshotId, conflictFilter, serializable));
            }
            return updates.build();
        }, Transaction::commitTransaction);
    }

    private static RowDelta rowDelta(Transaction transaction, List<DataFile> dataFiles, List<DeleteFileFragment> deletes, OptionalLong baseSnapshotId, Expression conflictFilter, boolean serializable)
    {
        Table table = transaction.table();
        RowDelta rowDelta = transaction.newRowDelta();
        baseSnapshotId.ifPresent(rowDelta::validateFromSnapshot);
        rowDelta.conflictDetectionFilter(conflictFilter)
                .validateDeletedFiles()
                .validateNoConflictingDeleteFiles()
                .validateDataFilesExist(deletes.stream().map(DeleteFileFragment::referencedDataFile).distinct().toList());
        if (serializable) {
            rowDelta.validateNoConflictingDataFiles();
        }
        dataFiles.forEach(rowDelta::addRows);
        for (DeleteFileFragment fragment : deletes) {
            PartitionSpec spec = table.specs().get(fragment.partitionSpecId());
            rowDelta.addDeletes(deleteFile(spec, fragment));
            // a deletion vector took over the positions of the data file's earlier deletion vector and position delete files
            fragment.replacedDeleteFiles().forEach(replaced -> rowDelta.removeDeletes(replacedDeleteFile(spec, fragment, replaced)));
        }
        return rowDelta;
    }

    private static OverwriteFiles overwrite(Transaction transaction, Collection<DeleteFileFragment> removedDataFiles, OptionalLong baseSnapshotId, Expression conflictFilter, boolean serializable)
    {
        Table table = transaction.table();
        OverwriteFiles overwrite = transaction.newOverwrite();
        baseSnapshotId.ifPresent(overwrite::validateFromSnapshot);
        overwrite.conflictDetectionFilter(conflictFilter).validateNoConflictingDeletes();
        if (serializable) {
            overwrite.validateNoConflictingData();
        }
        removedDataFiles.forEach(fragment -> overwrite.deleteFile(removedDataFile(table.specs().get(fragment.partitionSpecId()), fragment)));
        return overwrite;
    }

    /**
     * The snapshots committed to the table after the given one, newest first, each with its operation.
     */
    private String snapshotsSince(SchemaTableName name, long snapshotId)
    {
        try {
            Table table = catalog.loadExistingTable(name);
            List<String> snapshots = new ArrayList<>();
            for (Snapshot snapshot = table.currentSnapshot(); snapshot != null && snapshot.snapshotId() != snapshotId; snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId())) {
                snapshots.add("snapshot %s (%s)".formatted(snapshot.snapshotId(), snapshot.operation()));
            }
            return snapshots.isEmpty() ? "none" : String.join(", ", snapshots);
        }
        catch (RuntimeException e) {
            log.warn(e, "Failed to list the snapshots of table %s", name);
            return "unknown";
        }
    }

    /**
     * A transaction on the table as the catalog has it now, which must still have the columns the rows were written with.
     */
    private Transaction newTransaction(SchemaTableName name, Schema writtenSchema)
    {
        Table table = catalog.loadExistingTable(name);
        if (!table.schema().sameSchema(writtenSchema)) {
            throw new TrinoException(LAKEHOUSE_CONCURRENT_MODIFICATION, "The columns of table '%s' changed while writing to it".formatted(name));
        }
        return table.newTransaction();
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

    private void commit(ConnectorSession session, SchemaTableName name, List<WriterResult> results, int maxAttempts, Supplier<Transaction> transactionSupplier, Consumer<Transaction> commit)
    {
        commit(session, name, results, maxAttempts, transactionSupplier, (transaction, dataFiles) -> {
            if (dataFiles.isEmpty()) {
                return List.of();
            }
            return List.of(() -> {
                AppendFiles append = transaction.newAppend();
                dataFiles.forEach(append::appendFile);
                return append;
            });
        }, commit);
    }

    /**
     * Commits what the writers wrote in one transaction: the snapshot updates the change makes of the data
     * files (the first of them also lists the bloom index files), and the statistics file of the new
     * snapshot. On failure, deletes every file the writers wrote, unless the commit may have succeeded.
     */
    /**
     * @param maxAttempts how often to commit before a concurrent commit makes it fail, each attempt with a new transaction
     */
    private void commit(ConnectorSession session, SchemaTableName name, List<WriterResult> results, int maxAttempts, Supplier<Transaction> transactionSupplier, TableChange change, Consumer<Transaction> commit)
    {
        List<DataFileFragment> fragments = files(results);
        List<BloomIndexFile> bloomIndexFiles = bloomIndexFiles(results);
        List<StatisticsFile> statisticsFiles = new ArrayList<>();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    underTableCommitLock(name, () -> {
                        Transaction transaction = transactionSupplier.get();
                        Table table = transaction.table();
                        List<DataFile> dataFiles = fragments.stream()
                                .map(fragment -> dataFile(table.specs().get(fragment.partitionSpecId()), Optional.ofNullable(table.sortOrders().get(fragment.sortOrderId())), fragment))
                                .toList();
                        List<Supplier<SnapshotUpdate<?>>> updates = change.apply(transaction, dataFiles);
                        for (int index = 0; index < updates.size(); index++) {
                            // each made once the one before it is committed to the transaction
                            SnapshotUpdate<?> update = updates.get(index).get();
                            if (index == 0 && !bloomIndexFiles.isEmpty()) {
                                update.set(SNAPSHOT_SUMMARY_PROPERTY, BloomIndexFiles.toSummaryValue(bloomIndexFiles));
                            }
                            update.commit();
                        }
                        if (!fragments.isEmpty()) {
                            Optional<StatisticsFile> statisticsFile = writeStatistics(transaction.table(), results);
                            statisticsFile.ifPresent(statisticsFiles::add);
                            statisticsFile.ifPresent(file -> transaction.updateStatistics().setStatistics(file).commit());
                        }
                        commit.accept(transaction);
                    });
                    return;
                }
                catch (RuntimeException e) {
                    if (attempt >= maxAttempts || !isConflictToRetry(e)) {
                        throw e;
                    }
                    // another engine or coordinator committed first: this statement's changes are applied again
                    // on top of it, checked again against what it changed
                    log.debug(e, "Commit %s to table %s met a concurrent commit; trying again", attempt, name);
                    deleteFiles(fileSystemFactory.create(session), statisticsFiles.stream().map(file -> Location.of(file.path())).toList());
                    statisticsFiles.clear();
                    sleepBeforeRetry(attempt, e);
                }
            }
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
                deleteFiles(results).forEach(file -> written.add(Location.of(file.path())));
                statisticsFiles.forEach(file -> written.add(Location.of(file.path())));
                deleteFiles(fileSystem, written);
            }
            throw translateCommitFailure(name, e);
        }
    }

    /**
     * Commits a change of the table's metadata alone (columns, properties, partitioning), prepared by the
     * change from the newest state of the table each time: one that meets a concurrent commit (another
     * ALTER TABLE, an INSERT of another engine) is prepared again on top of it, so both take effect.
     *
     * @param change the transaction of the change, from the table as the catalog has it now
     */
    public void commitMetadataChange(SchemaTableName name, Function<Table, Transaction> change)
    {
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    underTableCommitLock(name, () -> change.apply(catalog.loadExistingTable(name)).commitTransaction());
                    return;
                }
                catch (RuntimeException e) {
                    if (attempt >= MAX_COMMIT_ATTEMPTS || !isConflictToRetry(e)) {
                        throw e;
                    }
                    log.debug(e, "Metadata change %s of table %s met a concurrent commit; trying again", attempt, name);
                    sleepBeforeRetry(attempt, e);
                }
            }
        }
        catch (TrinoException e) {
            throw e;
        }
        catch (RuntimeException e) {
            throw translateCommitFailure(name, e);
        }
    }

    private void underTableCommitLock(SchemaTableName name, Runnable action)
    {
        Lock lock = tableCommitLocks.get(name);
        lock.lock();
        try {
            action.run();
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Whether a commit failed only because another commit came first (Iceberg retried a few times already),
     * not because of a conflict with what that commit changed, nor with an unknown outcome.
     */
    private static boolean isConflictToRetry(RuntimeException failure)
    {
        List<Throwable> chain = Throwables.getCausalChain(failure);
        return chain.stream().anyMatch(CommitFailedException.class::isInstance)
                && chain.stream().noneMatch(cause -> cause instanceof ValidationException || cause instanceof CommitStateUnknownException);
    }

    private static void sleepBeforeRetry(int attempt, RuntimeException failure)
    {
        try {
            // random, so that the writers that met do not meet again; longer each time, up to 3.2 seconds
            Thread.sleep(ThreadLocalRandom.current().nextLong(10, 100L << Math.min(attempt, 5)));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
            throw failure;
        }
    }

    /**
     * The snapshot updates of a commit, made of the data files the writers wrote.
     */
    private interface TableChange
    {
        List<Supplier<SnapshotUpdate<?>>> apply(Transaction transaction, List<DataFile> dataFiles);
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

    /**
     * Every file the writers' results name: data files, bloom index files, delete files.
     */
    public Set<String> writtenFiles(Collection<Slice> writerResults)
    {
        ImmutableSet.Builder<String> files = ImmutableSet.builder();
        for (WriterResult result : results(writerResults)) {
            result.files().forEach(file -> files.add(file.path()));
            result.bloomIndexFiles().forEach(file -> files.add(file.path()));
            result.deleteFiles().forEach(file -> files.add(file.path()));
        }
        return files.build();
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

    private static List<DeleteFileFragment> deleteFiles(List<WriterResult> results)
    {
        ImmutableList.Builder<DeleteFileFragment> files = ImmutableList.builder();
        for (WriterResult result : results) {
            files.addAll(result.deleteFiles());
        }
        return files.build();
    }

    private static DeleteFile deleteFile(PartitionSpec spec, DeleteFileFragment fragment)
    {
        FileMetadata.Builder builder = FileMetadata.deleteFileBuilder(spec)
                .ofPositionDeletes()
                .withPath(fragment.path())
                .withFormat(fragment.format())
                .withFileSizeInBytes(fragment.fileSizeInBytes())
                .withRecordCount(fragment.recordCount())
                .withReferencedDataFile(fragment.referencedDataFile())
                .withMetrics(new Metrics(fragment.recordCount(), null, null, null, null, toBuffers(fragment.lowerBounds()), toBuffers(fragment.upperBounds())));
        if (fragment.format() == FileFormat.PUFFIN) {
            builder.withContentOffset(fragment.contentOffset()).withContentSizeInBytes(fragment.contentSizeInBytes());
        }
        if (!spec.isUnpartitioned()) {
            builder.withPartition(PartitionDataJson.fromJson(spec, fragment.partitionData()));
        }
        return builder.build();
    }

    /**
     * A delete file that a deletion vector replaces, as much of it as removing it takes: Iceberg finds it
     * by path (and for a deletion vector, where it is in its file).
     */
    private static DeleteFile replacedDeleteFile(PartitionSpec spec, DeleteFileFragment fragment, PreviousDeleteFile replaced)
    {
        FileMetadata.Builder builder = FileMetadata.deleteFileBuilder(spec)
                .ofPositionDeletes()
                .withPath(replaced.path())
                .withFileSizeInBytes(replaced.fileSize())
                .withRecordCount(replaced.recordCount());
        if (replaced.deletionVector()) {
            builder.withFormat(FileFormat.PUFFIN)
                    .withReferencedDataFile(fragment.referencedDataFile())
                    .withContentOffset(replaced.contentOffset())
                    .withContentSizeInBytes(replaced.contentLength());
        }
        else {
            builder.withFormat(FileFormat.PARQUET);
        }
        if (!spec.isUnpartitioned()) {
            builder.withPartition(PartitionDataJson.fromJson(spec, fragment.partitionData()));
        }
        return builder.build();
    }

    /**
     * The data file a statement deleted every row of, as much of it as removing it takes: Iceberg finds it by path.
     */
    private static DataFile removedDataFile(PartitionSpec spec, DeleteFileFragment fragment)
    {
        DataFiles.Builder builder = DataFiles.builder(spec)
                .withPath(fragment.referencedDataFile())
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(0)
                .withRecordCount(fragment.dataFileRecordCount());
        if (!spec.isUnpartitioned()) {
            builder.withPartition(PartitionDataJson.fromJson(spec, fragment.partitionData()));
        }
        return builder.build();
    }

    private static Map<Integer, ByteBuffer> toBuffers(Map<Integer, byte[]> bounds)
    {
        Map<Integer, ByteBuffer> buffers = new HashMap<>();
        bounds.forEach((fieldId, bytes) -> buffers.put(fieldId, ByteBuffer.wrap(bytes)));
        return buffers;
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
