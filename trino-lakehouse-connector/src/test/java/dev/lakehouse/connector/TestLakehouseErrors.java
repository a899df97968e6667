package dev.lakehouse.connector;

import com.google.common.collect.ImmutableMap;
import io.trino.spi.QueryId;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.QueryFailedException;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static io.trino.testing.TestingNames.randomNameSuffix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What users see when something is wrong: a Trino error with a code and a message naming the object,
 * and nothing written.
 */
final class TestLakehouseErrors
        extends AbstractTestQueryFramework
{
    private Path warehouse;
    private int closedPort;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-errors");
        DistributedQueryRunner queryRunner = LakehouseQueryRunner.builder()
                .setWarehouse(warehouse.resolve("main"))
                .build();
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // a catalog whose database does not answer
        queryRunner.createCatalog("lakehouse_down", "lakehouse", ImmutableMap.of(
                "lakehouse.warehouse", warehouse.resolve("down").toString(),
                "lakehouse.catalog.jdbc.url", "jdbc:postgresql://127.0.0.1:%s/iceberg?connectTimeout=2".formatted(closedPort)));
        return queryRunner;
    }

    @AfterAll
    void deleteWarehouse()
            throws IOException
    {
        deleteRecursively(warehouse, ALLOW_INSECURE);
    }

    @Test
    void testUnknownSchemaAndTable()
    {
        assertQueryFails("SELECT * FROM lakehouse.no_such_schema.t", ".*Schema 'no_such_schema' does not exist");
        assertQueryFails("SELECT * FROM lakehouse.tpch.no_such_table", ".*Table 'lakehouse.tpch.no_such_table' does not exist");
        assertQueryFails("CREATE TABLE lakehouse.no_such_schema.t (x bigint)", "Schema no_such_schema not found");
        assertQueryFails("DROP SCHEMA lakehouse.no_such_schema", ".*Schema 'lakehouse.no_such_schema' does not exist");
        assertQueryFails("INSERT INTO lakehouse.tpch.no_such_table VALUES 1", ".*Table 'lakehouse.tpch.no_such_table' does not exist");
    }

    @Test
    void testInvalidTableProperties()
    {
        assertInvalidProperty("partitioning = ARRAY['month(no_such_column)']", "LAKEHOUSE_INVALID_TABLE_PROPERTY",
                "Invalid partitioning field 'month\\(no_such_column\\)': the table has no column 'no_such_column'");
        assertInvalidProperty("partitioning = ARRAY['month(name)']", "LAKEHOUSE_INVALID_TABLE_PROPERTY",
                "Invalid partitioning field 'month\\(name\\)': Invalid source type string for transform: month");
        assertInvalidProperty("partitioning = ARRAY['bucket(x, -1)']", "LAKEHOUSE_INVALID_TABLE_PROPERTY",
                "Invalid partitioning field 'bucket\\(x, -1\\)': expected a column name or one of .*");
        assertInvalidProperty("sorted_by = ARRAY['x SIDEWAYS']", "LAKEHOUSE_INVALID_TABLE_PROPERTY",
                "Invalid sorted_by field 'x SIDEWAYS': expected a column name, optionally followed by ASC or DESC and NULLS FIRST or NULLS LAST");
        assertInvalidProperty("format_version = 4", "INVALID_TABLE_PROPERTY",
                ".*Unable to set catalog 'lakehouse' table property 'format_version' to \\[4]: Table property 'format_version' must be 1, 2 or 3, but is 4");
        assertInvalidProperty("target_file_size = '10kB'", "INVALID_TABLE_PROPERTY",
                ".*Table property 'target_file_size' must be at least 1MB, but is 10kB");
        assertInvalidProperty("target_file_size = 'large'", "INVALID_TABLE_PROPERTY",
                ".*table property 'target_file_size' to \\['large']: .*");
        assertInvalidProperty("location = 'relative/path'", "LAKEHOUSE_INVALID_TABLE_PROPERTY",
                "Table property 'location' is not a valid location: 'relative/path'.*");
        assertInvalidProperty("no_such_property = 1", "INVALID_TABLE_PROPERTY",
                ".*Catalog 'lakehouse' table property 'no_such_property' does not exist");
        assertQueryFails("CREATE SCHEMA lakehouse.bad_location WITH (location = 'relative')", "Schema property 'location' is not a valid location: 'relative'.*");
    }

    private void assertInvalidProperty(String property, String errorCode, String message)
    {
        String table = "invalid_" + randomNameSuffix();
        assertThatThrownBy(() -> getQueryRunner().execute("CREATE TABLE lakehouse.tpch." + table + " (x bigint, name varchar) WITH (" + property + ")"))
                .hasMessageMatching(message)
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo(errorCode));
        assertThatThrownBy(() -> getQueryRunner().execute("CREATE TABLE lakehouse.tpch." + table + " WITH (" + property + ") AS SELECT 1 x, 'a' name"))
                .hasMessageMatching(message);
        // nothing half-written: no table, no files
        assertThat(getQueryRunner().tableExists(getSession(), table)).isFalse();
        assertThat(filesOf(table)).isEmpty();
    }

    @Test
    void testUnsupportedTypes()
    {
        assertThatThrownBy(() -> getQueryRunner().execute("CREATE TABLE lakehouse.tpch.with_time_tz (x time(3) with time zone)"))
                .hasMessage("Column 'x' of table 'tpch.with_time_tz': Type time(3) with time zone is not supported: Iceberg tables cannot hold it")
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("LAKEHOUSE_UNSUPPORTED_TYPE"));
        assertQueryFails("CREATE TABLE lakehouse.tpch.with_char AS SELECT CAST('a' AS char(3)) c",
                "Column 'c' of table 'tpch.with_char': Type char\\(3\\) is not supported: Iceberg tables cannot hold it");
        assertQueryFails("CREATE TABLE lakehouse.tpch.with_anonymous_row (r row(bigint))",
                "Column 'r' of table 'tpch.with_anonymous_row': Row type field names are required, but type row\\(bigint\\) has a field without a name");
        assertThat(getQueryRunner().tableExists(getSession(), "with_time_tz")).isFalse();
        assertThat(filesOf("with_time_tz")).isEmpty();
    }

    @Test
    void testUnreachableCatalog()
    {
        String catalogError = ".*Failed to list schemas in the JDBC catalog jdbc:postgresql://127.0.0.1:%s/iceberg\\?connectTimeout=2: .*".formatted(closedPort);
        assertThatThrownBy(() -> getQueryRunner().execute("SHOW SCHEMAS FROM lakehouse_down"))
                .hasMessageMatching(catalogError)
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("LAKEHOUSE_CATALOG_ERROR"));
        assertThatThrownBy(() -> getQueryRunner().execute("SELECT * FROM lakehouse_down.sales.orders"))
                .hasMessageMatching(".*Failed to .* in the JDBC catalog jdbc:postgresql://127.0.0.1:%s/iceberg\\?connectTimeout=2: .*".formatted(closedPort));
        // the other catalog is not affected
        assertQuery("SELECT count(*) FROM lakehouse.information_schema.schemata WHERE schema_name = 'tpch'", "VALUES 1");
    }

    @Test
    void testDropNonEmptySchema()
    {
        assertUpdate("CREATE SCHEMA lakehouse.not_empty");
        assertUpdate("CREATE TABLE lakehouse.not_empty.t AS SELECT 1 x", 1);
        assertQueryFails("DROP SCHEMA lakehouse.not_empty", ".*Cannot drop non-empty schema 'not_empty'");
        assertQuery("SELECT x FROM lakehouse.not_empty.t", "VALUES 1");
        assertUpdate("DROP SCHEMA lakehouse.not_empty CASCADE");
        assertQueryFails("SELECT x FROM lakehouse.not_empty.t", ".*Schema 'not_empty' does not exist");
    }

    @Test
    void testTableAlreadyExists()
    {
        assertUpdate("CREATE TABLE lakehouse.tpch.existing AS SELECT 1 x", 1);
        assertQueryFails("CREATE TABLE lakehouse.tpch.existing (y bigint)", ".*able 'lakehouse.tpch.existing' already exists");
        assertQueryFails("CREATE TABLE lakehouse.tpch.existing AS SELECT 2 y", ".*able 'lakehouse.tpch.existing' already exists");
        assertUpdate("CREATE TABLE IF NOT EXISTS lakehouse.tpch.existing (y bigint)");
        assertQuery("SELECT * FROM lakehouse.tpch.existing", "VALUES 1");
    }

    /**
     * The error code the query failed with, as the coordinator recorded it.
     */
    private String errorCode(Throwable failure)
    {
        assertThat(failure).isInstanceOf(QueryFailedException.class);
        QueryId queryId = ((QueryFailedException) failure).getQueryId();
        return getDistributedQueryRunner().getCoordinator().getQueryManager().getFullQueryInfo(queryId).getErrorCode().getName();
    }

    private Stream<Path> filesOf(String table)
    {
        try (Stream<Path> files = Files.walk(warehouse)) {
            return files.filter(path -> path.toString().contains("/" + table + "-"))
                    .filter(Files::isRegularFile)
                    .toList()
                    .stream();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
