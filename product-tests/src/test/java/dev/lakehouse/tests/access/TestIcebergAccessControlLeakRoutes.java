package dev.lakehouse.tests.access;

import dev.lakehouse.testing.TrinoCluster;
import dev.lakehouse.testing.TrinoClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The leak routes on Trino's own Iceberg connector (catalog {@code ice}).
 */
final class TestIcebergAccessControlLeakRoutes
        extends BaseAccessControlLeakRoutesTest
{
    private static final String CATALOG = "ice";

    @RegisterExtension
    static final TrinoClusterExtension CLUSTER = new TrinoClusterExtension(cluster -> AccessControlCluster.configure(cluster.withExtraPlugin("iceberg"), CATALOG, AccessControlCluster.icebergCatalog()));

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
}
