package dev.lakehouse.connector;

import com.google.common.collect.ImmutableMap;
import dev.lakehouse.connector.catalog.JdbcCatalogConfig;
import dev.lakehouse.connector.catalog.JdbcIcebergCatalogFactory;
import io.trino.Session;
import io.trino.filesystem.local.LocalFileSystemFactory;
import io.trino.spi.security.Identity;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.catalog.ViewCatalog;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.SQLViewRepresentation;
import org.apache.iceberg.view.View;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static io.trino.testing.TestingAccessControlManager.TestingPrivilegeType.CREATE_VIEW_WITH_SELECT_COLUMNS;
import static io.trino.testing.TestingAccessControlManager.TestingPrivilegeType.SELECT_COLUMN;
import static io.trino.testing.TestingAccessControlManager.privilege;
import static io.trino.testing.TestingNames.randomNameSuffix;
import static io.trino.testing.TestingSession.testSessionBuilder;
import static io.trino.tpch.TpchTable.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Views of the {@code lakehouse} connector: stored as Iceberg views in the catalog, in the layout of Trino's
 * own Iceberg connector, with definer's or invoker's rights as Trino defines them.
 */
final class TestLakehouseViews
        extends AbstractTestQueryFramework
{
    private static final String OWNER = "view_owner";
    private static final String READER = "view_reader";

    private Path warehouse;
    private final List<Closeable> openedCatalogs = new CopyOnWriteArrayList<>();

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        warehouse = Files.createTempDirectory("lakehouse-views");
        return LakehouseQueryRunner.builder()
                .setWarehouse(warehouse)
                .setInitialTables(List.of(ORDERS))
                .build();
    }

    @AfterAll
    void deleteWarehouse()
            throws IOException
    {
        for (Closeable catalog : openedCatalogs) {
            catalog.close();
        }
        deleteRecursively(warehouse, ALLOW_INSECURE);
    }

    @Test
    void testDefinerViewRunsWithTheOwnersRights()
    {
        String view = "definer_" + randomNameSuffix();
        assertUpdate(session(OWNER), "CREATE VIEW " + view + " SECURITY DEFINER AS SELECT count(*) c FROM orders");

        // the reader may not read orders, but the view reads it as its owner
        assertAccessAllowed(session(READER), "SELECT * FROM " + view, privilege(READER, "orders", SELECT_COLUMN));
        assertThat(query(session(READER), "SELECT * FROM " + view)).matches("VALUES BIGINT '15000'");
        // and fails when the owner may not
        assertAccessDenied(
                session(READER),
                "SELECT * FROM " + view,
                "View owner does not have sufficient privileges: View owner 'view_owner' cannot create view that selects from lakehouse.tpch.orders",
                privilege(OWNER, "orders", CREATE_VIEW_WITH_SELECT_COLUMNS));

        assertUpdate("DROP VIEW " + view);
    }

    @Test
    void testInvokerViewRunsWithTheReadersRights()
    {
        String view = "invoker_" + randomNameSuffix();
        assertUpdate(session(OWNER), "CREATE VIEW " + view + " SECURITY INVOKER AS SELECT count(*) c FROM orders");

        assertAccessDenied(
                session(READER),
                "SELECT * FROM " + view,
                "Cannot select from columns \\[\\] in table or view lakehouse.tpch.orders",
                privilege(READER, "orders", SELECT_COLUMN));
        assertAccessAllowed(session(READER), "SELECT * FROM " + view, privilege(OWNER, "orders", SELECT_COLUMN));

        assertUpdate("DROP VIEW " + view);
    }

    @Test
    void testViewIsAnIcebergViewInTheCatalog()
    {
        String definer = "stored_definer_" + randomNameSuffix();
        String invoker = "stored_invoker_" + randomNameSuffix();
        assertUpdate(session(OWNER), "CREATE VIEW " + definer + " COMMENT 'open orders' AS SELECT orderkey, orderstatus FROM orders WHERE orderstatus = 'O'");
        assertUpdate(session(OWNER), "CREATE VIEW " + invoker + " SECURITY INVOKER AS SELECT orderkey FROM orders");

        View view = icebergViews().loadView(TableIdentifier.of("tpch", definer));
        SQLViewRepresentation sql = view.sqlFor("trino");
        assertThat(sql.dialect()).isEqualTo("trino");
        // as Trino formats the query
        assertThat(sql.sql()).isEqualTo("""
                SELECT
                  orderkey
                , orderstatus
                FROM
                  orders
                WHERE (orderstatus = 'O')
                """);
        assertThat(view.currentVersion().defaultCatalog()).isEqualTo("lakehouse");
        assertThat(view.currentVersion().defaultNamespace()).isEqualTo(Namespace.of("tpch"));
        assertThat(view.schema().columns())
                .extracting(Types.NestedField::name, field -> field.type().toString())
                .containsExactly(
                        tuple("orderkey", "long"),
                        tuple("orderstatus", "string"));
        assertThat(view.properties())
                .containsEntry("trino.run-as-owner", OWNER)
                .containsEntry("comment", "open orders");

        assertThat(icebergViews().loadView(TableIdentifier.of("tpch", invoker)).properties())
                .doesNotContainKey("trino.run-as-owner");
        // a view is not a table of the catalog
        assertThat(icebergCatalog().tableExists(TableIdentifier.of("tpch", definer))).isFalse();

        assertUpdate("DROP VIEW " + definer);
        assertUpdate("DROP VIEW " + invoker);
        assertThat(icebergViews().viewExists(TableIdentifier.of("tpch", definer))).isFalse();
    }

    @Test
    void testViewsAreListedAsViews()
    {
        String view = "listed_" + randomNameSuffix();
        assertUpdate("CREATE VIEW " + view + " COMMENT 'listed' AS SELECT orderkey, totalprice FROM orders");

        assertQuery("SELECT table_type FROM information_schema.tables WHERE table_schema = 'tpch' AND table_name = '" + view + "'", "VALUES 'VIEW'");
        assertQuery("SELECT table_type FROM information_schema.tables WHERE table_schema = 'tpch' AND table_name = 'orders'", "VALUES 'BASE TABLE'");
        assertQuery(
                "SELECT regexp_replace(view_definition, '\\s+', ' ') FROM information_schema.views WHERE table_schema = 'tpch' AND table_name = '" + view + "'",
                "VALUES 'SELECT orderkey , totalprice FROM orders '");
        assertQuery(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tpch' AND table_name = '" + view + "'",
                "VALUES ('orderkey', 'bigint'), ('totalprice', 'double')");
        assertQuery("SELECT table_type FROM system.jdbc.tables WHERE table_cat = 'lakehouse' AND table_name = '" + view + "'", "VALUES 'VIEW'");
        assertQuery("SELECT comment FROM system.metadata.table_comments WHERE catalog_name = 'lakehouse' AND table_name = '" + view + "'", "VALUES 'listed'");
        assertThat(computeActual("SHOW TABLES").getOnlyColumnAsSet()).contains(view, "orders");

        assertUpdate("DROP VIEW " + view);
        assertThat(computeActual("SHOW TABLES").getOnlyColumnAsSet()).doesNotContain(view);
    }

    @Test
    void testViewKeepsTheExactTypesOfItsQuery()
    {
        String view = "types_" + randomNameSuffix();
        assertUpdate("CREATE VIEW " + view + " AS SELECT TINYINT '1' t, CAST('ab' AS char(3)) c, CAST('xyz' AS varchar(3)) v, JSON '{\"a\": 1}' j");

        assertQuery(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tpch' AND table_name = '" + view + "'",
                "VALUES ('t', 'tinyint'), ('c', 'char(3)'), ('v', 'varchar(3)'), ('j', 'json')");
        assertThat(query("SELECT t, c, v, json_format(j) FROM " + view))
                .matches("VALUES (TINYINT '1', CAST('ab' AS char(3)), CAST('xyz' AS varchar(3)), VARCHAR '{\"a\":1}')");
        // other engines see the closest Iceberg types
        assertThat(icebergViews().loadView(TableIdentifier.of("tpch", view)).schema().columns())
                .extracting(field -> field.type().toString())
                .containsExactly("int", "string", "string", "string");

        assertUpdate("DROP VIEW " + view);
    }

    @Test
    void testReplacingADefinerViewWithAnInvokerViewRemovesTheOwner()
    {
        String view = "replaced_" + randomNameSuffix();
        assertUpdate(session(OWNER), "CREATE VIEW " + view + " COMMENT 'old' SECURITY DEFINER AS SELECT count(*) c FROM orders");
        assertUpdate(session(OWNER), "CREATE OR REPLACE VIEW " + view + " SECURITY INVOKER AS SELECT count(*) c FROM orders");

        assertThat(icebergViews().loadView(TableIdentifier.of("tpch", view)).properties())
                .doesNotContainKeys("trino.run-as-owner", "comment");
        assertThat((String) computeScalar("SHOW CREATE VIEW " + view)).contains("SECURITY INVOKER");
        assertAccessDenied(
                session(READER),
                "SELECT * FROM " + view,
                "Cannot select from columns \\[\\] in table or view lakehouse.tpch.orders",
                privilege(READER, "orders", SELECT_COLUMN));

        assertUpdate("DROP VIEW " + view);
    }

    @Test
    void testReadsAViewAsTrinosIcebergConnectorWritesIt()
    {
        // no column types property, required fields, the owner property: what Trino's Iceberg connector writes
        String view = "from_trino_iceberg_" + randomNameSuffix();
        icebergViews().buildView(TableIdentifier.of("tpch", view))
                .withSchema(new Schema(
                        Types.NestedField.required(1, "orderkey", Types.LongType.get(), "the key"),
                        Types.NestedField.required(2, "orderstatus", Types.StringType.get())))
                .withQuery("trino", "SELECT orderkey, orderstatus FROM orders WHERE orderkey = 1")
                .withDefaultCatalog("lakehouse")
                .withDefaultNamespace(Namespace.of("tpch"))
                .withProperties(ImmutableMap.of("trino.run-as-owner", OWNER, "comment", "from Trino"))
                .withLocation(warehouse.resolve("tpch").resolve(view).toUri().toString())
                .create();

        assertThat(query("SELECT * FROM " + view)).matches("VALUES (BIGINT '1', VARCHAR 'O')");
        assertThat((String) computeScalar("SHOW CREATE VIEW " + view))
                .contains("COMMENT 'from Trino'")
                .contains("SECURITY DEFINER");
        assertQuery("SELECT comment FROM information_schema.columns WHERE table_name = '" + view + "' AND column_name = 'orderkey'", "VALUES 'the key'");

        assertUpdate("DROP VIEW " + view);
    }

    @Test
    void testViewOfAnotherEngineNamesItsDialects()
    {
        String view = "from_spark_" + randomNameSuffix();
        icebergViews().buildView(TableIdentifier.of("tpch", view))
                .withSchema(new Schema(Types.NestedField.optional(1, "x", Types.LongType.get())))
                .withQuery("spark", "SELECT 1 AS x")
                .withDefaultNamespace(Namespace.of("tpch"))
                .withLocation(warehouse.resolve("tpch").resolve(view).toUri().toString())
                .create();

        assertQueryFails("SELECT * FROM " + view, "View 'tpch.%s' has no query in the SQL dialect 'trino', only in \\[spark\\]".formatted(view));
        // listings skip it instead of failing
        assertQueryReturnsEmptyResult("SELECT * FROM information_schema.views WHERE table_name = '" + view + "'");
        assertQueryReturnsEmptyResult("SELECT * FROM information_schema.columns WHERE table_name = '" + view + "'");

        assertUpdate("DROP VIEW " + view);
    }

    @Test
    void testRenameAndComment()
    {
        String view = "renamed_" + randomNameSuffix();
        String target = "renamed_target_" + randomNameSuffix();
        assertUpdate("CREATE SCHEMA lakehouse.other_for_rename");
        assertUpdate("CREATE VIEW " + view + " AS SELECT orderkey FROM orders WHERE orderkey = 1");
        assertUpdate("ALTER VIEW " + view + " RENAME TO lakehouse.other_for_rename." + target);
        assertQuery("SELECT * FROM lakehouse.other_for_rename." + target, "VALUES 1");
        assertQueryFails("SELECT * FROM " + view, ".*Table 'lakehouse.tpch.%s' does not exist".formatted(view));

        assertUpdate("COMMENT ON VIEW lakehouse.other_for_rename." + target + " IS 'a view'");
        assertUpdate("COMMENT ON COLUMN lakehouse.other_for_rename." + target + ".orderkey IS 'the key'");
        assertThat((String) computeScalar("SHOW CREATE VIEW lakehouse.other_for_rename." + target)).contains("COMMENT 'a view'");
        assertQuery("SELECT comment FROM information_schema.columns WHERE table_schema = 'other_for_rename' AND table_name = '" + target + "'", "VALUES 'the key'");
        assertQuery("SELECT * FROM lakehouse.other_for_rename." + target, "VALUES 1");

        assertUpdate("DROP SCHEMA lakehouse.other_for_rename CASCADE");
        assertThat(icebergViews().viewExists(TableIdentifier.of("other_for_rename", target))).isFalse();
    }

    @Test
    void testNamesTakenByTablesOrViews()
    {
        String view = "taken_" + randomNameSuffix();
        String table = "taken_table_" + randomNameSuffix();
        assertUpdate("CREATE VIEW " + view + " AS SELECT 1 x");
        assertUpdate("CREATE TABLE " + table + " (x integer)");

        assertQueryFails("CREATE VIEW " + table + " AS SELECT 1 x", "line 1:1: Table already exists: 'lakehouse.tpch.%s'".formatted(table));
        assertQueryFails("CREATE OR REPLACE VIEW " + table + " AS SELECT 1 x", "line 1:1: Table already exists: 'lakehouse.tpch.%s'".formatted(table));
        assertQueryFails("CREATE TABLE " + view + " (x integer)", "Cannot create table 'tpch.%s': a view of that name already exists".formatted(view));
        assertQueryFails("CREATE TABLE " + view + " AS SELECT 1 x", "Cannot create table 'tpch.%s': a view of that name already exists".formatted(view));
        assertQueryFails("ALTER VIEW " + view + " RENAME TO " + table, "line 1:1: Target view 'lakehouse.tpch.%s' does not exist, but a table with that name exists.".formatted(table));
        String otherView = "taken_other_" + randomNameSuffix();
        assertUpdate("CREATE VIEW " + otherView + " AS SELECT 2 x");
        assertQueryFails("ALTER VIEW " + view + " RENAME TO " + otherView, ".*'lakehouse.tpch.%s' already exists.*".formatted(otherView));
        assertUpdate("DROP VIEW " + otherView);
        assertQueryFails("DROP VIEW missing_view", ".*View 'lakehouse.tpch.missing_view' does not exist");
        assertQueryFails("DROP VIEW " + table, ".*View 'lakehouse.tpch.%s' does not exist.*".formatted(table));

        assertUpdate("DROP VIEW " + view);
        assertUpdate("DROP TABLE " + table);
    }

    private Session session(String user)
    {
        return testSessionBuilder()
                .setIdentity(Identity.ofUser(user))
                .setCatalog("lakehouse")
                .setSchema("tpch")
                .build();
    }

    private ViewCatalog icebergViews()
    {
        return (ViewCatalog) icebergCatalog();
    }

    /**
     * The connector's catalog as any Iceberg library opens it, opened anew for each use: a connection of
     * Iceberg's JDBC catalog to SQLite may keep reading the database as it was when the catalog started.
     */
    private Catalog icebergCatalog()
    {
        LakehouseConfig config = new LakehouseConfig().setWarehouse(warehouse.toString());
        Catalog catalog = new JdbcIcebergCatalogFactory(new LocalFileSystemFactory(Path.of("/")), config, new JdbcCatalogConfig()).create();
        openedCatalogs.add((Closeable) catalog);
        return catalog;
    }
}
