package dev.lakehouse.tests.access;

import dev.lakehouse.testing.TrinoCluster;
import dev.lakehouse.testing.TrinoClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/**
 * The leak routes on our {@code lakehouse} connector, with the same users, groups and policy as on
 * Trino's Iceberg connector. Routes the connector does not offer yet are asserted to be refused by it,
 * not skipped: when the connector gains them, these tests fail and must become the shared ones.
 */
final class TestLakehouseAccessControlLeakRoutes
        extends BaseAccessControlLeakRoutesTest
{
    private static final String CATALOG = "lakehouse";

    @RegisterExtension
    static final TrinoClusterExtension CLUSTER = new TrinoClusterExtension(cluster -> AccessControlCluster.configure(cluster, CATALOG, Map.of(
            "connector.name", "lakehouse",
            "lakehouse.warehouse", "${ENV:LAKEHOUSE_CLUSTER_DIR}/warehouse")));

    @Override
    protected TrinoCluster cluster()
    {
        return CLUSTER.cluster();
    }

    @Override
    protected String catalog()
    {
        return CATALOG;
    }

    @Override
    protected String employeesPartitioning()
    {
        // the connector deletes whole partitions only: employee 5 gets a partition of its own
        return "ARRAY['region', 'id']";
    }

    /**
     * Route: views. The connector has no views yet, so no user can create one to route around the policy;
     * the route is open on Trino's Iceberg connector and tested there.
     */
    @Test
    @Override
    void testViewsApplyTheirOwnersOrTheirInvokersPolicy()
    {
        for (String user : new String[] {"ana", "hanna", "admin"}) {
            for (String security : new String[] {"DEFINER", "INVOKER"}) {
                assertFails(
                        user,
                        "CREATE VIEW %s SECURITY %s AS SELECT id, email, region FROM %s".formatted(table(user + "_view"), security, table("employees")),
                        "This connector does not support creating views");
            }
        }
        // and nothing was created
        assertFails("admin", "SELECT * FROM " + table("ana_view"), "Table '%s' does not exist".formatted(table("ana_view")));
    }

    /**
     * Route: the {@code table_changes} table function. The connector has none; the name does not
     * resolve, for any user.
     */
    @Test
    @Override
    void testTableChangesFunctionIsClosed()
    {
        for (String user : new String[] {"ana", "admin"}) {
            assertFails(user, "SELECT * FROM TABLE(%s.system.table_changes('hr', 'employees', 1))".formatted(catalog()), "Table function '%s.system.table_changes' not registered".formatted(catalog()));
        }
    }
}
