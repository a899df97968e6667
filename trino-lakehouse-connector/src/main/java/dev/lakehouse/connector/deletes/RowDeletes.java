package dev.lakehouse.connector.deletes;

import dev.lakehouse.connector.LakehouseColumnHandle;
import org.apache.iceberg.deletes.PositionDeleteIndex;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.util.Objects.requireNonNull;

/**
 * The rows of one data file that its delete files delete: positions (from position delete files or a
 * deletion vector, in one bitmap), and rows identified by the values of equality columns.
 */
public final class RowDeletes
{
    public static final RowDeletes NONE = new RowDeletes(Optional.empty(), List.of());

    private final Optional<PositionDeleteIndex> deletedPositions;
    private final List<EqualityDeletes> equalityDeletes;

    RowDeletes(Optional<PositionDeleteIndex> deletedPositions, List<EqualityDeletes> equalityDeletes)
    {
        this.deletedPositions = requireNonNull(deletedPositions, "deletedPositions is null")
                .filter(PositionDeleteIndex::isNotEmpty);
        this.equalityDeletes = requireNonNull(equalityDeletes, "equalityDeletes is null").stream()
                .filter(deletes -> !deletes.isEmpty())
                .collect(toImmutableList());
    }

    public boolean isEmpty()
    {
        return deletedPositions.isEmpty() && equalityDeletes.isEmpty();
    }

    /**
     * Whether rows are deleted by position: the reader must then give each row's position in the file.
     */
    public boolean hasDeletedPositions()
    {
        return deletedPositions.isPresent();
    }

    /**
     * The deleted positions, when rows are deleted by position.
     */
    public Optional<PositionDeleteIndex> deletedPositions()
    {
        return deletedPositions;
    }

    boolean isDeleted(long position)
    {
        return deletedPositions.orElseThrow().isDeleted(position);
    }

    List<EqualityDeletes> equalityDeletes()
    {
        return equalityDeletes;
    }

    /**
     * The columns that equality deletes compare, each once, that are not among the given columns.
     */
    public List<LakehouseColumnHandle> equalityColumnsNotIn(List<LakehouseColumnHandle> columns)
    {
        Set<Integer> present = new HashSet<>();
        columns.forEach(column -> present.add(column.fieldId()));
        List<LakehouseColumnHandle> missing = new ArrayList<>();
        for (EqualityDeletes deletes : equalityDeletes) {
            for (LakehouseColumnHandle column : deletes.columns()) {
                if (present.add(column.fieldId())) {
                    missing.add(column);
                }
            }
        }
        return missing;
    }
}
