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
                    SUPPORTS_RENAME_TABLE,
                    SUPPORTS_ADD_COLUMN,
                    SUPPORTS_RENAME_COLUMN,
                    SUPPORTS_SET_COLUMN_TYPE,
                    SUPPORTS_CREATE_VIEW,
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
}
