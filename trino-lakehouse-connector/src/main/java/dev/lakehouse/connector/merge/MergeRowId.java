package dev.lakehouse.connector.merge;

import dev.lakehouse.connector.LakehouseColumnHandle;
import io.trino.spi.type.RowType;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * The row id of DELETE, UPDATE and MERGE: which row of which data file a changed row is, and what the
 * writers of its delete file must know about that data file (its partition, for the delete file's own,
 * its record count, to remove a file all of whose rows are deleted instead of writing a delete file, and
 * its delete files, whose positions a new deletion vector takes over).
 * The scan fills it from the split (all but the position are the same for every row of a split).
 */
public final class MergeRowId
{
    /** Field id of the row id column; no Iceberg field has it (Iceberg's reserved ids count down from {@code Integer.MAX_VALUE}). */
    public static final int FIELD_ID = Integer.MIN_VALUE;
    public static final String NAME = "$row_id";

    public static final int FILE_PATH = 0;
    public static final int POSITION = 1;
    public static final int PARTITION_SPEC_ID = 2;
    public static final int PARTITION_DATA = 3;
    public static final int FILE_RECORD_COUNT = 4;
    public static final int PREVIOUS_DELETES = 5;

    public static final RowType TYPE = RowType.rowType(
            RowType.field("file_path", VARCHAR),
            RowType.field("pos", BIGINT),
            RowType.field("partition_spec_id", INTEGER),
            RowType.field("partition_data", VARCHAR),
            RowType.field("file_record_count", BIGINT),
            RowType.field("previous_deletes", VARCHAR));

    private MergeRowId() {}

    public static LakehouseColumnHandle columnHandle()
    {
        return LakehouseColumnHandle.topLevel(FIELD_ID, NAME, TYPE);
    }

    public static boolean isRowId(LakehouseColumnHandle column)
    {
        return column.baseFieldId() == FIELD_ID;
    }
}
