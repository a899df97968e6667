package dev.lakehouse.benchmarks;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.lakehouse.testing.TestingPostgreSqlServer;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The catalog tables the benchmark creates, against those Apache Iceberg's own JDBC catalog creates,
 * on a real PostgreSQL.
 */
final class TestIcebergJdbcCatalogTables
{
    private static TestingPostgreSqlServer postgres;

    @BeforeAll
    static void startPostgres()
    {
        postgres = new TestingPostgreSqlServer();
    }

    @AfterAll
    static void stopPostgres()
    {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void testTablesAreThoseIcebergCreates()
            throws Exception
    {
        String ours = postgres.createDatabase("created_by_benchmark");
        try (Connection connection = postgres.connect(ours)) {
            IcebergJdbcCatalogTables.create(connection);
        }

        // Iceberg creates its tables when it is allowed to, at the schema version Trino uses (V1)
        String icebergs = postgres.createDatabase("created_by_iceberg");
        try (JdbcCatalog catalog = new JdbcCatalog()) {
            catalog.initialize("benchmark", catalogProperties(icebergs, true));
        }

        assertThat(describe(ours)).isEqualTo(describe(icebergs));
        assertThat(describe(ours)).contains(
                "iceberg_tables.iceberg_type character varying(5) NULL",
                "iceberg_namespace_properties primary key (catalog_name, namespace, property_key)");
    }

    @Test
    void testIcebergUsesThemWithoutCreatingAnything()
            throws IOException
    {
        String database = postgres.createDatabase("used_by_iceberg");
        try (Connection connection = postgres.connect(database)) {
            IcebergJdbcCatalogTables.create(connection);
        }
        catch (SQLException e) {
            throw new AssertionError(e);
        }

        // as Trino's Iceberg connector opens it: the tables must be there already
        try (JdbcCatalog catalog = new JdbcCatalog(null, null, false)) {
            catalog.initialize("benchmark", catalogProperties(database, false));
            catalog.createNamespace(Namespace.of("tpch_sf1"));
            catalog.createTable(TableIdentifier.of("tpch_sf1", "nation"), new Schema(Types.NestedField.required(1, "n_nationkey", Types.LongType.get())));
            assertThat(catalog.listTables(Namespace.of("tpch_sf1"))).containsExactly(TableIdentifier.of("tpch_sf1", "nation"));
        }
        assertThat(rows(database, "SELECT catalog_name, table_namespace, table_name, iceberg_type FROM iceberg_tables"))
                .containsExactly("benchmark tpch_sf1 nation TABLE");
    }

    @Test
    void testCreatingTwiceFails()
            throws SQLException
    {
        String database = postgres.createDatabase("created_twice");
        try (Connection connection = postgres.connect(database)) {
            IcebergJdbcCatalogTables.create(connection);
            assertThatThrownBy(() -> IcebergJdbcCatalogTables.create(connection))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("relation \"iceberg_tables\" already exists");
        }
    }

    private static Map<String, String> catalogProperties(String jdbcUrl, boolean initializeTables)
    {
        return ImmutableMap.<String, String>builder()
                .put(CatalogProperties.URI, jdbcUrl)
                .put(CatalogProperties.WAREHOUSE_LOCATION, "memory://warehouse")
                .put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.inmemory.InMemoryFileIO")
                .put("jdbc.user", postgres.user())
                .put("jdbc.password", postgres.password())
                .put("jdbc.schema-version", "V1")
                .put("jdbc.init-catalog-tables", Boolean.toString(initializeTables))
                .buildOrThrow();
    }

    // every column (in order, with type, length and nullability) and the primary keys of the public schema
    private static List<String> describe(String jdbcUrl)
    {
        return ImmutableList.<String>builder()
                .addAll(rows(jdbcUrl, """
                        SELECT table_name || '.' || column_name || ' ' || data_type
                            || coalesce('(' || character_maximum_length || ')', '')
                            || CASE is_nullable WHEN 'YES' THEN ' NULL' ELSE ' NOT NULL' END
                        FROM information_schema.columns
                        WHERE table_schema = 'public'
                        ORDER BY table_name, ordinal_position"""))
                .addAll(rows(jdbcUrl, """
                        SELECT usage.table_name || ' primary key (' || string_agg(usage.column_name, ', ' ORDER BY usage.ordinal_position) || ')'
                        FROM information_schema.table_constraints constraints
                        JOIN information_schema.key_column_usage usage USING (constraint_schema, constraint_name)
                        WHERE constraints.table_schema = 'public' AND constraints.constraint_type = 'PRIMARY KEY'
                        GROUP BY usage.table_name
                        ORDER BY usage.table_name"""))
                .build();
    }

    private static List<String> rows(String jdbcUrl, String sql)
    {
        try (Connection connection = postgres.connect(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(sql)) {
            ImmutableList.Builder<String> rows = ImmutableList.builder();
            int columns = resultSet.getMetaData().getColumnCount();
            while (resultSet.next()) {
                StringBuilder row = new StringBuilder();
                for (int column = 1; column <= columns; column++) {
                    row.append(column > 1 ? " " : "").append(resultSet.getString(column));
                }
                rows.add(row.toString());
            }
            return rows.build();
        }
        catch (SQLException e) {
            throw new AssertionError("Cannot run on " + jdbcUrl + ": " + sql, e);
        }
    }
}
