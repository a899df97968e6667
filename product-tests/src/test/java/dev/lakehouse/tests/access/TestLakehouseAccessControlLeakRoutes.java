package dev.lakehouse.tests.access;

import dev.lakehouse.testing.QueryDetails;
import dev.lakehouse.testing.QueryResult;
import dev.lakehouse.testing.TrinoCluster;
import dev.lakehouse.testing.TrinoClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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

    /**
     * Route: the bloom index. A predicate on a masked column compares the masked value: the raw value the
     * user guessed must never be looked up in the index (the files it skipped would tell whether the value
     * is there, by the time and the statistics of the query).
     */
    @Test
    void testMaskedValuesNeverReachTheBloomIndex()
    {
        // every file's emails range from a... to z..., so that min/max statistics cannot rule any out
        execute("admin", """
                CREATE TABLE %s WITH (partitioning = ARRAY['part'], bloom_filter_columns = ARRAY['email']) AS
                SELECT id, email, CAST(id %% 4 AS integer) part FROM %s
                UNION ALL
                SELECT 100 + x, IF(x %% 2 = 0, 'a', 'z') || '-' || CAST(x AS varchar) || '@corp.example', CAST(x / 2 %% 4 AS integer) FROM UNNEST(sequence(0, 39)) t(x)
                """.formatted(table("directory"), table("employees")));
        String guess = "SELECT id FROM %s WHERE email = 'eva@corp.example'".formatted(table("directory"));

        // unmasked, the index skips the files without the value
        QueryResult admin = execute("admin", guess);
        assertThat(admin.rows()).containsExactly(List.of(1L));
        QueryDetails adminDetails = cluster().queryDetails("admin", admin.queryId());
        long files = adminDetails.connectorMetricTotal("files");
        assertThat(adminDetails.connectorMetricTotal("filesSkippedByMinMax")).isZero();
        assertThat(adminDetails.connectorMetricTotal("filesSkippedByBloomIndex")).isPositive();
        assertThat(adminDetails.connectorMetricTotal("filesScanned")).isEqualTo(files - adminDetails.connectorMetricTotal("filesSkippedByBloomIndex"));

        // masked, the guess finds nothing, and nothing was looked up: every file is scanned
        for (String query : List.of(guess, "SELECT id FROM %s WHERE email IN ('eva@corp.example', 'emil@corp.example')".formatted(table("directory")))) {
            QueryResult ana = execute("ana", query);
            assertThat(ana.rows()).isEmpty();
            QueryDetails anaDetails = cluster().queryDetails("admin", ana.queryId());
            assertThat(anaDetails.connectorMetricTotal("filesSkippedByBloomIndex")).isZero();
            assertThat(anaDetails.connectorMetricTotal("bloomIndexBytesRead")).isZero();
            assertThat(anaDetails.connectorMetricTotal("filesScanned")).isEqualTo(files);
        }
        // the masked value is what the predicate compares, and it is not in the index either
        QueryResult hashed = execute("ana", "SELECT id FROM %s WHERE email = '%s'".formatted(table("directory"), sha256("eva@corp.example")));
        assertThat(hashed.rows()).containsExactly(List.of(1L));
        assertThat(cluster().queryDetails("admin", hashed.queryId()).connectorMetricTotal("filesSkippedByBloomIndex")).isZero();

        // the index's own metadata table (distinct value counts of the masked column per file) is closed too
        String bloomIndex = "%s.sandbox.\"directory$bloom_index\"".formatted(catalog());
        assertThat(execute("admin", "SELECT count(*) FROM %s WHERE column_name = 'email' AND indexed".formatted(bloomIndex)).rows()).containsExactly(List.of(files));
        assertDenied("ana", "SELECT * FROM " + bloomIndex, "Cannot select from table %s.sandbox.directory$bloom_index".formatted(catalog()));
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
