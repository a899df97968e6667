package dev.lakehouse.tests.access;

import dev.lakehouse.testing.TrinoCluster;

import java.util.Map;

/**
 * The cluster of the access-control product tests: the stock server with our access control,
 * Trino's file group provider, and one table catalog whose name and properties are a parameter, so
 * the same tests run on Trino's Iceberg connector and on ours.
 */
final class AccessControlCluster
{
    /**
     * Users and their groups, as Trino's file group provider reads them. Four users with different
     * groups: an administrator, an HR member (sees personal data), an analyst of region EMEA (masked
     * emails, no SSN, EMEA rows only) and a contractor (no HR table at all).
     */
    static final String GROUPS = """
            admins:admin
            hr:hanna
            analysts:ana
            emea:ana
            contractors:carl
            """;

    private AccessControlCluster() {}

    /**
     * The policy: Trino's sections for ownership and the sandbox, our roles, tags and rules for the
     * HR data. Sections Trino would leave open when absent are all present, closed.
     */
    static String policy(String catalog)
    {
        return """
                {
                  "catalogs": [
                    {"allow": "all"}
                  ],
                  "schemas": [
                    {"user": "admin", "owner": true},
                    {"schema": "sandbox", "owner": false}
                  ],
                  "tables": [
                    {"user": "admin", "privileges": ["SELECT", "INSERT", "DELETE", "UPDATE", "OWNERSHIP", "GRANT_SELECT"]},
                    {"catalog": "%1$s", "schema": "sandbox", "privileges": ["SELECT", "INSERT", "DELETE", "UPDATE", "OWNERSHIP"]},
                    {"catalog": "tpch", "privileges": ["SELECT"]},
                    {"catalog": "system", "privileges": ["SELECT"]}
                  ],
                  "queries": [
                    {"user": "admin|lakehouse-test-harness", "allow": ["execute", "view", "kill"]},
                    {"allow": ["execute"]}
                  ],
                  "system_information": [
                    {"user": "admin", "allow": ["read", "write"]}
                  ],
                  "system_session_properties": [
                    {"allow": true}
                  ],
                  "catalog_session_properties": [
                    {"user": "admin", "allow": true}
                  ],
                  "roles": [
                    {"role": "pii_reader", "group": "hr"}
                  ],
                  "tags": [
                    {"tag": "hr", "catalog": "%1$s", "schema": "hr"},
                    {"tag": "pii.email", "column": "email|.*_email"},
                    {"tag": "pii.ssn", "column": "ssn"}
                  ],
                  "rules": [
                    {"name": "hr-readers", "effect": "allow", "tag": "hr", "group": "hr|analysts|contractors", "privileges": ["SELECT"]},
                    {"name": "no-contractors-on-hr", "effect": "deny", "tag": "hr", "group": "contractors"},
                    {"name": "ssn-for-hr-only", "effect": "deny", "tag": "pii.ssn", "except_role": "pii_reader", "except_user": "admin", "privileges": ["SELECT"]},
                    {"name": "hash-emails", "effect": "mask", "tag": "pii.email", "mask": "hash", "except_role": "pii_reader", "except_user": "admin"},
                    {"name": "emea-analysts", "effect": "filter", "catalog": "%1$s", "schema": "hr", "table": "employees", "group": "emea", "filter": "region = 'EMEA'"},
                    {"name": "no-executive-bonuses", "effect": "filter", "catalog": "%1$s", "schema": "hr", "table": "bonuses", "group": "analysts", "filter": "level <> 'exec'"},
                    {"name": "emea-ledger", "effect": "filter", "catalog": "%1$s", "schema": "sandbox", "table": "ledger", "group": "emea", "filter": "region = 'EMEA'", "show_statistics": true}
                  ]
                }
                """.formatted(catalog);
    }

    /**
     * The server runs in its data folder, next to its {@code etc/}: paths in these files are relative to it.
     */
    static TrinoCluster.Builder configure(TrinoCluster.Builder cluster, String catalog, Map<String, String> catalogProperties)
    {
        return cluster
                .withWorkers(2)
                .withCatalog(catalog, catalogProperties)
                .withCatalog("tpch", Map.of("connector.name", "tpch"))
                .withEtcFile("access-policy.json", policy(catalog))
                .withEtcFile("groups.txt", GROUPS)
                .withEtcFile("group-provider.properties", """
                        group-provider.name=file
                        file.group-file=../etc/groups.txt
                        """)
                .withEtcFile("access-control.properties", """
                        access-control.name=lakehouse
                        security.config-file=../etc/access-policy.json
                        security.refresh-period=1s
                        """);
    }

    /**
     * Trino's Iceberg connector on a file metastore in the cluster's folder: no service to run.
     */
    static Map<String, String> icebergCatalog()
    {
        return Map.of(
                "connector.name", "iceberg",
                "iceberg.catalog.type", "TESTING_FILE_METASTORE",
                "hive.metastore.catalog.dir", "local:///warehouse",
                "fs.native-local.enabled", "true",
                "local.location", "${ENV:LAKEHOUSE_CLUSTER_DIR}");
    }
}
