package dev.lakehouse.cost.connector;

import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.type.Type;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A column of a {@code cost} table: its SQL name and type, and how its value is read from the
 * ledger's row (the ledger's column, and what to make of its stored value).
 *
 * @param ledgerColumn the ledger's column the value comes from, for tables read from the ledger
 */
record CostColumn(String name, Type type, Kind kind, Optional<String> ledgerColumn, String comment)
{
    CostColumn
    {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(ledgerColumn, "ledgerColumn is null");
        requireNonNull(comment, "comment is null");
    }

    ColumnMetadata metadata()
    {
        return ColumnMetadata.builder()
                .setName(name)
                .setType(type)
                .setComment(Optional.of(comment))
                .build();
    }

    /**
     * How a stored value becomes the column's value.
     */
    enum Kind
    {
        /** text as VARCHAR */
        STRING,
        /** integer as BIGINT */
        LONG,
        /** milliseconds since the epoch as TIMESTAMP(3) WITH TIME ZONE (UTC) */
        EPOCH_MILLIS,
        /** millionths as DECIMAL(18, 6) */
        MICROS,
        /** byte-milliseconds as GiB-hours, DOUBLE */
        BYTE_MILLIS_AS_GIB_HOURS,
        /** a JSON array of strings as ARRAY(VARCHAR) */
        STRING_ARRAY,
        /** DOUBLE */
        DOUBLE,
    }
}
