package dev.lakehouse.access.rules;

import com.google.common.collect.ImmutableSet;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.security.Identity;
import io.trino.spi.type.Type;
import org.intellij.lang.annotations.Language;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.lakehouse.access.rules.CatalogAccessMode.READ_ONLY;
import static dev.lakehouse.access.rules.TablePrivilege.INSERT;
import static dev.lakehouse.access.rules.TablePrivilege.SELECT;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our additions to Trino's format: roles, tags, mask templates, and rules where a deny wins over any
 * allow, allows add up, filters combine and the first matching mask applies.
 */
final class TestLakehouseRules
{
    @Language("JSON")
    private static final String POLICY = """
            {
              "schemas": [
                {"user": "admin", "owner": true}
              ],
              "tables": [
                {"user": "admin", "privileges": ["SELECT", "INSERT", "DELETE", "UPDATE", "OWNERSHIP", "GRANT_SELECT"]},
                {"group": "analysts", "catalog": "lakehouse", "schema": "sales", "privileges": ["SELECT"],
                 "columns": [{"name": "internal_note", "allow": false}],
                 "filter": "deleted = false"},
                {"group": "contractors", "catalog": "lakehouse", "schema": "finance", "privileges": ["SELECT"]}
              ],
              "roles": [
                {"role": "pii_reader", "group": "hr"}
              ],
              "tags": [
                {"tag": "pii.email", "column": "email|.*_email"},
                {"tag": "pii.ssn", "column": "ssn"},
                {"tag": "finance", "catalog": "lakehouse", "schema": "finance"}
              ],
              "masks": [
                {"name": "domain_only", "expression": "regexp_replace({column}, '^[^@]*', 'xxxx')"}
              ],
              "rules": [
                {"name": "finance-readers", "effect": "allow", "tag": "finance", "group": "finance|contractors", "privileges": ["SELECT", "INSERT"]},
                {"name": "no-ssn", "effect": "deny", "tag": "pii.ssn", "except_role": "pii_reader", "privileges": ["SELECT"]},
                {"name": "partner-email", "effect": "mask", "tag": "pii.email", "group": "partners", "mask": "domain_only"},
                {"name": "mask-email", "effect": "mask", "tag": "pii.email", "mask": "hash", "except_role": "pii_reader"},
                {"name": "emea-only", "effect": "filter", "catalog": "lakehouse", "schema": "sales", "table": "orders", "group": "emea", "filter": "region = 'EMEA'"},
                {"name": "no-contractors-in-finance", "effect": "deny", "tag": "finance", "group": "contractors"}
              ]
            }
            """;

    private static final CatalogSchemaTableName ORDERS = new CatalogSchemaTableName("lakehouse", "sales", "orders");
    private static final CatalogSchemaTableName LEDGER = new CatalogSchemaTableName("lakehouse", "finance", "ledger_created_today");

    private final Policy policy = PolicyParser.parse("policy.json", POLICY.getBytes(UTF_8), "");

    @Test
    void testTrinoRuleAllowsAndRestrictsColumns()
    {
        TableAccess orders = user("alice", "analysts").table(ORDERS);
        Decision allowed = orders.selectColumns(Set.of("id", "email"), READ_ONLY).decision();
        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.rule().id()).isEqualTo("tables[1]");
        assertThat(allowed.rule().line()).hasValue(7);
        Decision denied = orders.selectColumns(Set.of("id", "internal_note"), READ_ONLY).decision();
        assertThat(denied.denied()).isTrue();
        assertThat(denied.rule().id()).isEqualTo("tables[1]");
        assertThat(orders.privilege(INSERT).denied()).isTrue();
    }

    @Test
    void testColumnTagDenialWinsOverTrinoAllow()
    {
        TableAccess.ColumnsDecision decision = user("alice", "analysts").table(ORDERS).selectColumns(Set.of("id", "ssn"), READ_ONLY);
        assertThat(decision.decision().denied()).isTrue();
        assertThat(decision.decision().rule().name()).contains("no-ssn");
        assertThat(decision.deniedColumns()).containsExactly("ssn");

        // the exception of the deny rule: the role the policy gives to group hr
        assertThat(user("harriet", "analysts", "hr").table(ORDERS).selectColumns(Set.of("id", "ssn"), READ_ONLY).decision().allowed()).isTrue();

        assertThat(user("alice", "analysts").table(ORDERS).filterColumns(ImmutableSet.of("id", "ssn", "email", "internal_note")))
                .containsExactlyInAnyOrder("id", "email");
    }

    @Test
    void testEachExceptionExcludesWhomItMatches()
    {
        Policy exceptions = parse("""
                {
                  "tags": [{"tag": "pii", "column": "ssn"}],
                  "rules": [{"effect": "deny", "tag": "pii", "except_user": "admin", "except_group": "hr", "privileges": ["SELECT"]}]
                }
                """);
        assertThat(exceptions.forSubject("admin", Set.of(), Set.of()).table(ORDERS).selectColumns(Set.of("ssn"), READ_ONLY).decision().allowed()).isTrue();
        assertThat(exceptions.forSubject("harriet", Set.of("hr"), Set.of()).table(ORDERS).selectColumns(Set.of("ssn"), READ_ONLY).decision().allowed()).isTrue();
        assertThat(exceptions.forSubject("alice", Set.of("analysts"), Set.of()).table(ORDERS).selectColumns(Set.of("ssn"), READ_ONLY).decision().denied()).isTrue();
    }

    @Test
    void testRoleEnabledInTheSessionCountsLikePolicyRoles()
    {
        SubjectPolicy user = policy.forSubject("ravi", Set.of("analysts"), Set.of("pii_reader"));
        assertThat(user.table(ORDERS).selectColumns(Set.of("ssn"), READ_ONLY).decision().allowed()).isTrue();
    }

    @Test
    void testTagMaskAppliesToAnyTableWithTheColumn()
    {
        CatalogSchemaTableName newTable = new CatalogSchemaTableName("other", "crm", "contacts_v2");
        Map<ColumnSchema, ColumnMask> masks = user("alice", "analysts").table(newTable).columnMasks(columns("id", BIGINT, "work_email", VARCHAR, "name", VARCHAR));
        assertThat(masks).hasSize(1);
        ColumnMask mask = masks.values().iterator().next();
        assertThat(mask.column()).isEqualTo("work_email");
        assertThat(mask.template()).contains("hash");
        assertThat(mask.rule().name()).contains("mask-email");
        assertThat(mask.expression().getExpression()).isEqualTo("lower(to_hex(sha256(to_utf8(\"work_email\"))))");
        assertThat(mask.expression().getCatalog()).contains("other");
        assertThat(mask.expression().getSchema()).contains("crm");

        assertThat(user("harriet", "hr").table(newTable).columnMasks(columns("work_email", VARCHAR))).isEmpty();
    }

    @Test
    void testFirstMatchingMaskRuleWins()
    {
        Map<ColumnSchema, ColumnMask> masks = user("pat", "partners").table(ORDERS).columnMasks(columns("email", VARCHAR));
        ColumnMask mask = masks.values().iterator().next();
        assertThat(mask.rule().name()).contains("partner-email");
        assertThat(mask.expression().getExpression()).isEqualTo("regexp_replace(\"email\", '^[^@]*', 'xxxx')");
    }

    @Test
    void testRowFiltersCombine()
    {
        List<RowFilter> filters = user("emil", "analysts", "emea").table(ORDERS).rowFilters();
        assertThat(filters).extracting(filter -> filter.expression().getExpression())
                .containsExactly("deleted = false", "region = 'EMEA'");
        assertThat(filters).extracting(filter -> filter.rule().describe()).containsExactly("tables[1] (line 7)", "rules[4] 'emea-only' (line 28)");

        assertThat(user("alice", "analysts").table(ORDERS).rowFilters()).hasSize(1);
        assertThat(user("nobody").table(ORDERS).rowFilters()).isEmpty();
    }

    @Test
    void testTagGrantCoversTablesCreatedLater()
    {
        SubjectPolicy finance = user("fiona", "finance");
        TableAccess ledger = finance.table(LEDGER);
        assertThat(ledger.privilege(SELECT).allowed()).isTrue();
        assertThat(ledger.privilege(SELECT).rule().name()).contains("finance-readers");
        assertThat(ledger.privilege(INSERT).allowed()).isTrue();
        assertThat(ledger.privilege(TablePrivilege.DELETE).denied()).isTrue();

        assertThat(finance.anyCatalogAccess("lakehouse").allowed()).isTrue();
        assertThat(finance.anySchemaAccess("lakehouse", "finance").allowed()).isTrue();
        assertThat(finance.anySchemaAccess("lakehouse", "sales").denied()).isTrue();
        assertThat(finance.filterTables("lakehouse", Set.of(new SchemaTableName("finance", "a"), new SchemaTableName("sales", "orders"))))
                .containsExactly(new SchemaTableName("finance", "a"));
    }

    @Test
    void testDenyRuleWinsOverTrinoRuleAndAllowRule()
    {
        // a Trino rule and our allow rule both give contractors SELECT on finance; our deny rule wins
        SubjectPolicy contractor = user("carl", "contractors");
        Decision select = contractor.table(LEDGER).privilege(SELECT);
        assertThat(select.denied()).isTrue();
        assertThat(select.rule().name()).contains("no-contractors-in-finance");
        assertThat(contractor.filterTables("lakehouse", Set.of(new SchemaTableName("finance", "ledger")))).isEmpty();
    }

    @Test
    void testTrinoExplicitDenyWinsOverAllowRule()
    {
        Policy explicitDeny = parse("""
                {
                  "tables": [{"user": "fiona", "schema": "finance", "privileges": []}],
                  "tags": [{"tag": "finance", "schema": "finance"}],
                  "rules": [{"effect": "allow", "tag": "finance", "user": "fiona", "privileges": ["SELECT"]}]
                }
                """);
        Decision decision = explicitDeny.forSubject("fiona", Set.of(), Set.of()).table(LEDGER).privilege(SELECT);
        assertThat(decision.denied()).isTrue();
        assertThat(decision.rule().id()).isEqualTo("tables[0]");
    }

    @Test
    void testAllowRuleAddsToTrinoRuleWithOtherPrivileges()
    {
        Policy additive = parse("""
                {
                  "tables": [{"user": "fiona", "privileges": ["SELECT"]}],
                  "rules": [{"effect": "allow", "schema": "sandbox", "user": "fiona", "privileges": ["INSERT"]}]
                }
                """);
        SubjectPolicy fiona = additive.forSubject("fiona", Set.of(), Set.of());
        assertThat(fiona.table(new CatalogSchemaTableName("c", "sandbox", "t")).privilege(INSERT).allowed()).isTrue();
        assertThat(fiona.table(new CatalogSchemaTableName("c", "sales", "t")).privilege(INSERT).denied()).isTrue();
        assertThat(fiona.table(new CatalogSchemaTableName("c", "sales", "t")).privilege(SELECT).allowed()).isTrue();
    }

    @Test
    void testMetadataTablesClosedToRestrictedUsers()
    {
        // alice sees orders with a mask, a filter and a hidden column: its $files and $partitions
        // would show bounds and values the mask and filter hide
        SubjectPolicy alice = user("alice", "analysts");
        CatalogSchemaTableName files = new CatalogSchemaTableName("lakehouse", "sales", "orders$files");
        Decision decision = alice.table(files).privilege(SELECT);
        assertThat(decision.denied()).isTrue();
        assertThat(decision.rule().id()).contains("metadata table 'orders$files' is closed");
        assertThat(alice.filterTables("lakehouse", Set.of(new SchemaTableName("sales", "orders$partitions"), new SchemaTableName("sales", "orders"))))
                .containsExactly(new SchemaTableName("sales", "orders"));

        Policy open = parse("""
                {"tables": [{"user": "bob", "privileges": ["SELECT"]}]}
                """);
        assertThat(open.forSubject("bob", Set.of(), Set.of()).table(files).privilege(SELECT).allowed()).isTrue();
    }

    @Test
    void testFilterRuleWithoutTrinoTablesSectionKeepsTrinoDefault()
    {
        // without 'tables', Trino allows everything; our rules still add their filters and masks
        Policy withoutTables = parse("""
                {
                  "tags": [{"tag": "pii", "column": "email"}],
                  "rules": [
                    {"effect": "mask", "tag": "pii", "mask": "redact"},
                    {"effect": "filter", "table": "orders", "filter": "region = 'EMEA'"}
                  ]
                }
                """);
        TableAccess orders = withoutTables.forSubject("anyone", Set.of(), Set.of()).table(ORDERS);
        assertThat(orders.privilege(SELECT).allowed()).isTrue();
        assertThat(orders.rowFilters()).hasSize(1);
        assertThat(orders.columnMasks(columns("email", VARCHAR))).hasSize(1);
    }

    private Policy parse(@Language("JSON") String json)
    {
        return PolicyParser.parse("test.json", json.getBytes(UTF_8), "");
    }

    private SubjectPolicy user(String user, String... groups)
    {
        return policy.forIdentity(Identity.forUser(user).withGroups(ImmutableSet.copyOf(groups)).build());
    }

    private static List<ColumnSchema> columns(Object... namesAndTypes)
    {
        ImmutableSet.Builder<ColumnSchema> columns = ImmutableSet.builder();
        for (int index = 0; index < namesAndTypes.length; index += 2) {
            columns.add(ColumnSchema.builder().setName((String) namesAndTypes[index]).setType((Type) namesAndTypes[index + 1]).build());
        }
        return columns.build().asList();
    }
}
