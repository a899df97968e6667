package dev.lakehouse.access;

import io.trino.spi.ErrorCode;
import io.trino.spi.ErrorCodeSupplier;
import io.trino.spi.ErrorType;

import static io.trino.spi.ErrorType.EXTERNAL;
import static io.trino.spi.ErrorType.USER_ERROR;

/**
 * Errors of the access control plugin, in its own range 0x0A02_0000. Never renumber; a retired
 * code stays here as a comment.
 */
public enum AccessControlErrorCode
        implements ErrorCodeSupplier
{
    /** The policy file is invalid: the message names the file, the line and the rule. */
    ACCESS_CONTROL_POLICY_INVALID(0, USER_ERROR),
    /** The server runs a Trino version this plugin was not built for. */
    ACCESS_CONTROL_SPI_MISMATCH(1, EXTERNAL);

    private final ErrorCode errorCode;

    AccessControlErrorCode(int code, ErrorType type)
    {
        errorCode = new ErrorCode(code + 0x0A02_0000, name(), type);
    }

    @Override
    public ErrorCode toErrorCode()
    {
        return errorCode;
    }
}
