package dev.lakehouse.connector;

import io.trino.spi.ErrorCode;
import io.trino.spi.ErrorCodeSupplier;
import io.trino.spi.ErrorType;

import static io.trino.spi.ErrorType.EXTERNAL;
import static io.trino.spi.ErrorType.INTERNAL_ERROR;
import static io.trino.spi.ErrorType.USER_ERROR;

/**
 * Error codes of the {@code lakehouse} connector, in the range {@code 0x0A00_0000}. Codes are never renumbered;
 * a retired code stays here as a comment.
 */
public enum LakehouseErrorCode
        implements ErrorCodeSupplier
{
    /** The catalog (JDBC database, REST service) cannot be reached or answered with an error. */
    LAKEHOUSE_CATALOG_ERROR(0, EXTERNAL),
    /** A table's Iceberg metadata cannot be read or is not valid. */
    LAKEHOUSE_INVALID_METADATA(1, EXTERNAL),
    /** A data file cannot be opened. */
    LAKEHOUSE_CANNOT_OPEN_SPLIT(2, EXTERNAL),
    /** A data file holds data that cannot be read. */
    LAKEHOUSE_BAD_DATA(3, EXTERNAL),
    /** The file system failed (local disk, S3). */
    LAKEHOUSE_FILESYSTEM_ERROR(4, EXTERNAL),
    /** A data file cannot be created. */
    LAKEHOUSE_WRITER_OPEN_ERROR(5, EXTERNAL),
    /** A data file cannot be written or closed. */
    LAKEHOUSE_WRITER_ERROR(6, EXTERNAL),
    /** A commit to the catalog failed, for example because another writer committed a conflicting change. */
    LAKEHOUSE_COMMIT_ERROR(7, EXTERNAL),
    /** A table property has a value that is not valid. */
    LAKEHOUSE_INVALID_TABLE_PROPERTY(8, USER_ERROR),
    /** A column type that Iceberg cannot hold. */
    LAKEHOUSE_UNSUPPORTED_TYPE(9, USER_ERROR),
    /** A write would open more partitions in one writer than configured. */
    LAKEHOUSE_TOO_MANY_OPEN_PARTITIONS(10, USER_ERROR),
    /** A table uses an Iceberg feature this connector does not read yet (delete files, other file formats). */
    LAKEHOUSE_UNSUPPORTED_TABLE_FEATURE(11, USER_ERROR),
    /** A schema property has a value that is not valid. */
    LAKEHOUSE_INVALID_SCHEMA_PROPERTY(12, USER_ERROR),
    /** The table changed in the catalog while this statement ran. */
    LAKEHOUSE_CONCURRENT_MODIFICATION(13, EXTERNAL),
    /** An internal invariant failed; a bug of ours. */
    LAKEHOUSE_INTERNAL_ERROR(14, INTERNAL_ERROR),
    /**/;

    private final ErrorCode errorCode;

    LakehouseErrorCode(int code, ErrorType type)
    {
        this.errorCode = new ErrorCode(code + 0x0A00_0000, name(), type);
    }

    @Override
    public ErrorCode toErrorCode()
    {
        return errorCode;
    }
}
