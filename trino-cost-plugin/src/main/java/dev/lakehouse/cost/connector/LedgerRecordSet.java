package dev.lakehouse.cost.connector;

import com.google.common.collect.ImmutableList;
import dev.lakehouse.cost.ledger.Ledger;
import io.airlift.slice.Slice;
import io.trino.spi.TrinoException;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.connector.RecordCursor;
import io.trino.spi.connector.RecordSet;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.Range;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.Type;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.base.Verify.verify;
import static com.google.common.collect.ImmutableList.toImmutableList;
import static dev.lakehouse.cost.CostErrorCode.LEDGER_UNAVAILABLE;
import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.DateTimeEncoding.unpackMillisUtc;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * Rows of a ledger table, streamed from one SQL query on the ledger. The pushed filter becomes the
 * query's WHERE clause: value lists for text columns, and the span of the ranges for times.
 */
final class LedgerRecordSet
        implements RecordSet
{
    private static final double BYTE_MILLIS_PER_GIB_HOUR = (double) (1L << 30) * 3_600_000;
    private static final int MAX_PUSHED_VALUES = 1000;

    private final Ledger ledger;
    private final CostTable table;
    private final List<CostColumn> columns;
    private final TupleDomain<String> constraint;

    LedgerRecordSet(Ledger ledger, CostTable table, List<CostColumn> columns, TupleDomain<String> constraint)
    {
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.table = requireNonNull(table, "table is null");
        this.columns = ImmutableList.copyOf(requireNonNull(columns, "columns is null"));
        this.constraint = requireNonNull(constraint, "constraint is null");
        verify(table.ledgerTable().isPresent(), "%s is not a ledger table", table);
    }

    @Override
    public List<Type> getColumnTypes()
    {
        return columns.stream().map(CostColumn::type).collect(toImmutableList());
    }

    @Override
    public RecordCursor cursor()
    {
        StringBuilder sql = new StringBuilder("SELECT ");
        if (columns.isEmpty()) {
            // count(*) and the like read no column
            sql.append("1");
        }
        else {
            for (int index = 0; index < columns.size(); index++) {
                if (index > 0) {
                    sql.append(", ");
                }
                sql.append(columns.get(index).ledgerColumn().orElseThrow());
            }
        }
        sql.append(" FROM ").append(table.ledgerTable().orElseThrow());
        List<Object> parameters = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        for (Map.Entry<String, Domain> entry : constraint.getDomains().orElseThrow().entrySet()) {
            CostColumn column = table.column(entry.getKey());
            condition(column, entry.getValue(), parameters).ifPresent(conditions::add);
        }
        if (!conditions.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", conditions));
        }
        try {
            Connection connection = ledger.openConnection();
            try {
                PreparedStatement statement = connection.prepareStatement(sql.toString());
                for (int index = 0; index < parameters.size(); index++) {
                    statement.setObject(index + 1, parameters.get(index));
                }
                ResultSet resultSet = statement.executeQuery();
                return new Cursor(connection, resultSet, columns);
            }
            catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
        catch (SQLException e) {
            throw new TrinoException(LEDGER_UNAVAILABLE, "Cannot read the ledger %s: %s".formatted(ledger.identity(), e.getMessage()), e);
        }
    }

    private static Optional<String> condition(CostColumn column, Domain domain, List<Object> parameters)
    {
        String name = column.ledgerColumn().orElseThrow();
        if (domain.isAll()) {
            return Optional.empty();
        }
        if (domain.isNone()) {
            return Optional.of("1 = 0");
        }
        if (domain.isOnlyNull()) {
            return Optional.of(name + " IS NULL");
        }
        String valueCondition = null;
        if (column.kind() == CostColumn.Kind.STRING && domain.getValues().isDiscreteSet()) {
            List<Object> values = domain.getValues().getDiscreteSet();
            if (values.size() > MAX_PUSHED_VALUES) {
                return Optional.empty();
            }
            StringBuilder in = new StringBuilder(name).append(" IN (");
            for (int index = 0; index < values.size(); index++) {
                in.append(index == 0 ? "?" : ", ?");
                parameters.add(((Slice) values.get(index)).toStringUtf8());
            }
            valueCondition = in.append(")").toString();
        }
        else if (column.kind() == CostColumn.Kind.EPOCH_MILLIS && !domain.getValues().isAll()) {
            Range span = domain.getValues().getRanges().getSpan();
            List<String> bounds = new ArrayList<>();
            if (!span.isLowUnbounded()) {
                bounds.add(name + " >= ?");
                parameters.add(unpackMillisUtc((long) span.getLowBoundedValue()));
            }
            if (!span.isHighUnbounded()) {
                bounds.add(name + " <= ?");
                parameters.add(unpackMillisUtc((long) span.getHighBoundedValue()));
            }
            if (!bounds.isEmpty()) {
                valueCondition = String.join(" AND ", bounds);
            }
        }
        if (valueCondition == null) {
            return Optional.empty();
        }
        if (domain.isNullAllowed()) {
            return Optional.of("(" + valueCondition + " OR " + name + " IS NULL)");
        }
        return Optional.of("(" + valueCondition + ")");
    }

    private static final class Cursor
            implements RecordCursor
    {
        private final Connection connection;
        private final ResultSet resultSet;
        private final List<CostColumn> columns;
        private long rows;

        Cursor(Connection connection, ResultSet resultSet, List<CostColumn> columns)
        {
            this.connection = connection;
            this.resultSet = resultSet;
            this.columns = columns;
        }

        @Override
        public long getCompletedBytes()
        {
            return 0;
        }

        @Override
        public long getReadTimeNanos()
        {
            return 0;
        }

        @Override
        public Type getType(int field)
        {
            return columns.get(field).type();
        }

        @Override
        public boolean advanceNextPosition()
        {
            try {
                boolean next = resultSet.next();
                if (next) {
                    rows++;
                }
                else {
                    close();
                }
                return next;
            }
            catch (SQLException e) {
                close();
                throw new TrinoException(LEDGER_UNAVAILABLE, "Reading the ledger failed after %s rows: %s".formatted(rows, e.getMessage()), e);
            }
        }

        @Override
        public boolean getBoolean(int field)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public long getLong(int field)
        {
            CostColumn column = columns.get(field);
            try {
                long value = resultSet.getLong(field + 1);
                return switch (column.kind()) {
                    case LONG, MICROS -> value;
                    case EPOCH_MILLIS -> packDateTimeWithZone(value, UTC_KEY);
                    case STRING, BYTE_MILLIS_AS_GIB_HOURS, STRING_ARRAY, DOUBLE -> throw new IllegalStateException("Column %s is not read as a long".formatted(column.name()));
                };
            }
            catch (SQLException e) {
                throw readFailure(e);
            }
        }

        @Override
        public double getDouble(int field)
        {
            CostColumn column = columns.get(field);
            try {
                double value = resultSet.getDouble(field + 1);
                return switch (column.kind()) {
                    case BYTE_MILLIS_AS_GIB_HOURS -> value / BYTE_MILLIS_PER_GIB_HOUR;
                    case DOUBLE -> value;
                    case STRING, LONG, EPOCH_MILLIS, MICROS, STRING_ARRAY -> throw new IllegalStateException("Column %s is not read as a double".formatted(column.name()));
                };
            }
            catch (SQLException e) {
                throw readFailure(e);
            }
        }

        @Override
        public Slice getSlice(int field)
        {
            try {
                return utf8Slice(resultSet.getString(field + 1));
            }
            catch (SQLException e) {
                throw readFailure(e);
            }
        }

        @Override
        public Object getObject(int field)
        {
            try {
                List<String> values = Ledger.decodeTags(resultSet.getString(field + 1));
                BlockBuilder builder = VARCHAR.createBlockBuilder(null, values.size());
                for (String value : values) {
                    VARCHAR.writeString(builder, value);
                }
                return builder.build();
            }
            catch (SQLException e) {
                throw readFailure(e);
            }
        }

        @Override
        public boolean isNull(int field)
        {
            try {
                resultSet.getObject(field + 1);
                return resultSet.wasNull();
            }
            catch (SQLException e) {
                throw readFailure(e);
            }
        }

        @Override
        public void close()
        {
            try {
                connection.close();
            }
            catch (SQLException e) {
                // nothing was written
            }
        }

        private TrinoException readFailure(SQLException e)
        {
            return new TrinoException(LEDGER_UNAVAILABLE, "Reading the ledger failed: " + e.getMessage(), e);
        }
    }
}
