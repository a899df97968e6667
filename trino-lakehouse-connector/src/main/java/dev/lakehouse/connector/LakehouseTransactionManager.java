package dev.lakehouse.connector;

import com.google.inject.Inject;
import dev.lakehouse.connector.catalog.LakehouseCatalog;
import dev.lakehouse.connector.catalog.TransactionTables;
import dev.lakehouse.connector.commit.WriteCommitter;
import dev.lakehouse.connector.procedure.TableProcedureRunner;
import dev.lakehouse.connector.writer.WriterConfig;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.spi.TrinoException;
import io.trino.spi.type.TypeManager;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static dev.lakehouse.connector.LakehouseErrorCode.LAKEHOUSE_INTERNAL_ERROR;
import static java.util.Objects.requireNonNull;

/**
 * The metadata of each open transaction.
 */
public class LakehouseTransactionManager
{
    private final Map<LakehouseTransactionHandle, OpenTransaction> transactions = new ConcurrentHashMap<>();
    private final LakehouseCatalog catalog;
    private final TypeManager typeManager;
    private final TrinoFileSystemFactory fileSystemFactory;
    private final WriteCommitter writeCommitter;
    private final WriterConfig writerConfig;
    private final TableProcedureRunner tableProcedures;

    @Inject
    public LakehouseTransactionManager(
            LakehouseCatalog catalog,
            TypeManager typeManager,
            TrinoFileSystemFactory fileSystemFactory,
            WriteCommitter writeCommitter,
            WriterConfig writerConfig,
            TableProcedureRunner tableProcedures)
    {
        this.tableProcedures = requireNonNull(tableProcedures, "tableProcedures is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.writeCommitter = requireNonNull(writeCommitter, "writeCommitter is null");
        this.writerConfig = requireNonNull(writerConfig, "writerConfig is null");
    }

    public LakehouseTransactionHandle begin()
    {
        LakehouseTransactionHandle handle = LakehouseTransactionHandle.create();
        TransactionTables tables = new TransactionTables(catalog);
        transactions.put(handle, new OpenTransaction(new LakehouseMetadata(catalog, typeManager, fileSystemFactory, writeCommitter, writerConfig, tableProcedures, tables), tables));
        return handle;
    }

    public LakehouseMetadata metadata(LakehouseTransactionHandle handle)
    {
        return transaction(handle).metadata();
    }

    /**
     * The tables the transaction reads, as its metadata sees them.
     */
    public TransactionTables tables(LakehouseTransactionHandle handle)
    {
        return transaction(handle).tables();
    }

    private OpenTransaction transaction(LakehouseTransactionHandle handle)
    {
        OpenTransaction transaction = transactions.get(handle);
        if (transaction == null) {
            throw new TrinoException(LAKEHOUSE_INTERNAL_ERROR, "Transaction %s is not open".formatted(handle.id()));
        }
        return transaction;
    }

    public void commit(LakehouseTransactionHandle handle)
    {
        transactions.remove(handle);
    }

    public void rollback(LakehouseTransactionHandle handle)
    {
        OpenTransaction transaction = transactions.remove(handle);
        if (transaction != null) {
            transaction.metadata().rollback();
        }
    }

    private record OpenTransaction(LakehouseMetadata metadata, TransactionTables tables) {}
}
