package dev.lakehouse.connector.procedure;

import com.google.common.collect.ImmutableSet;
import io.trino.spi.connector.TableProcedureMetadata;

import java.util.List;
import java.util.Set;

import static io.trino.spi.connector.TableProcedureExecutionMode.coordinatorOnly;

/**
 * The procedures of {@code ALTER TABLE ... EXECUTE}, by the name Trino resolves them with (upper case).
 */
public final class TableProcedures
{
    /** Builds the bloom index of the data files that have none for a declared bloom filter column. */
    public static final String BUILD_BLOOM_INDEX = "BUILD_BLOOM_INDEX";

    public static final Set<TableProcedureMetadata> TABLE_PROCEDURES = ImmutableSet.of(
            new TableProcedureMetadata(BUILD_BLOOM_INDEX, coordinatorOnly(), List.of()));

    private TableProcedures() {}
}
