package dev.lakehouse.cost;

import io.trino.spi.ErrorCode;
import io.trino.spi.ErrorCodeSupplier;
import io.trino.spi.ErrorType;

import static io.trino.spi.ErrorType.EXTERNAL;
import static io.trino.spi.ErrorType.INSUFFICIENT_RESOURCES;

/**
 * Error codes of the cost plugin, in its own range {@code 0x0A01_0000}. Never renumber; a retired
 * code stays here as a comment.
 */
public enum CostErrorCode
        implements ErrorCodeSupplier
{
    /** A team has spent its budget for the period and a block threshold rejects its new queries. */
    BUDGET_EXCEEDED(0, INSUFFICIENT_RESOURCES),
    /** The ledger database cannot be read or written. */
    LEDGER_UNAVAILABLE(1, EXTERNAL),
    /** The budgets file in force cannot be read (the {@code cost} catalog reports it). */
    BUDGETS_UNAVAILABLE(2, EXTERNAL);

    private final ErrorCode errorCode;

    CostErrorCode(int code, ErrorType type)
    {
        errorCode = new ErrorCode(code + 0x0A01_0000, name(), type);
    }

    @Override
    public ErrorCode toErrorCode()
    {
        return errorCode;
    }
}
