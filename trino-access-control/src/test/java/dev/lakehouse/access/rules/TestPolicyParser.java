package dev.lakehouse.access.rules;

import org.intellij.lang.annotations.Language;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static dev.lakehouse.access.rules.TablePrivilege.INSERT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every problem in a policy file is reported with the file, the line and the rule.
 */
final class TestPolicyParser
{
    @Test
    void testUnknownSection()
    {
        assertInvalid("""
                {
                  "session_properties": [{"property": "x", "allow": true}]
                }
                """,
                2,
                "session_properties",
                "unknown section 'session_properties'; the sections are authorization, catalog_session_properties, catalogs, functions, impersonation, masks, principals, procedures, queries, roles, rules, schemas, system_information, system_session_properties, tables, tags");
    }

    @Test
    void testUnknownPropertyNamesItsLine()
    {
        assertInvalid("""
                {
                  "tables": [
                    {"privileges": ["SELECT"]},
                    {
                      "user": "alice",
                      "privilegs": ["SELECT"]
                    }
                  ]
                }
                """,
                6,
                "tables[1]",
                "unknown property 'privilegs'; the properties are catalog, columns, filter, filter_environment, group, privileges, role, schema, table, user");
    }

    @Test
    void testUnknownPrivilege()
    {
        assertInvalid("""
                {
                  "tables": [
                    {
                      "privileges": ["SELECT", "SELEC"]
                    }
                  ]
                }
                """,
                4,
                "tables[0]",
                "property 'privileges': 'SELEC' is none of SELECT, INSERT, DELETE, UPDATE, OWNERSHIP, GRANT_SELECT");
    }

    @Test
    void testMissingPrivileges()
    {
        assertInvalid("""
                {"tables": [{"user": "alice"}]}
                """,
                1,
                "tables[0]",
                "'privileges' is required");
    }

    @Test
    void testInvalidRegularExpression()
    {
        assertInvalid("""
                {
                  "catalogs": [
                    {"catalog": "sales(", "allow": "all"}
                  ]
                }
                """,
                3,
                "catalogs[0]",
                "invalid regular expression 'sales(': Unclosed group");
    }

    @Test
    void testInvalidCatalogAccess()
    {
        assertInvalid("""
                {"catalogs": [{"allow": "read"}]}
                """,
                1,
                "catalogs[0]",
                "property 'allow': catalog access 'read' is none of owner, all, read-only, none, true, false");
    }

    @Test
    void testQueryOwnerCannotAllowExecute()
    {
        assertInvalid("""
                {
                  "queries": [
                    {"group": "contractors", "queryOwner": "alice|dave", "allow": ["execute"]}
                  ]
                }
                """,
                3,
                "queries[0]",
                "a rule with 'queryOwner' cannot allow 'execute': users execute only their own queries");
    }

    @Test
    void testSystemSessionPropertyRuleHasNoCatalog()
    {
        assertInvalid("""
                {"system_session_properties": [{"catalog": "hive", "allow": true}]}
                """,
                1,
                "system_session_properties[0]",
                "unknown property 'catalog': system session properties belong to no catalog; use 'catalog_session_properties'");
    }

    @Test
    void testMalformedJson()
    {
        assertThatThrownBy(() -> parse("""
                {
                  "tables": [
                    {"privileges": ["SELECT"]}
                    {"privileges": ["INSERT"]}
                  ]
                }
                """))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("Invalid access control policy policy.json, line 4: malformed JSON: Unexpected character ('{'");
    }

    @Test
    void testDuplicateKey()
    {
        assertThatThrownBy(() -> parse("""
                {
                  "tables": [],
                  "tables": [{"privileges": ["SELECT"]}]
                }
                """))
                .isInstanceOf(PolicyException.class)
                .hasMessage("Invalid access control policy policy.json, line 3: malformed JSON: Duplicate field 'tables'");
    }

    @Test
    void testSectionMustBeList()
    {
        assertInvalid("""
                {
                  "tables": {"privileges": ["SELECT"]}
                }
                """,
                2,
                "tables",
                "section 'tables' must be a list of rules");
    }

    @Test
    void testRuleMustBeObject()
    {
        assertInvalid("""
                {
                  "tables": [
                    "everything"
                  ]
                }
                """,
                3,
                "tables[0]",
                "a rule must be a JSON object");
    }

    @Test
    void testUnknownTag()
    {
        assertInvalid("""
                {
                  "tags": [{"tag": "pii.email", "column": "email"}],
                  "rules": [
                    {"effect": "mask", "tag": "pii.emial", "mask": "hash"}
                  ]
                }
                """,
                4,
                "rules[0]",
                "tag 'pii.emial' is not assigned by any entry of 'tags'");
    }

    @Test
    void testParentTagOfDefinedTagIsKnown()
    {
        Policy policy = parse("""
                {
                  "tags": [{"tag": "pii.email", "column": "email"}],
                  "rules": [{"effect": "mask", "tag": "pii", "mask": "hash"}]
                }
                """);
        assertThat(policy.accessRules()).hasSize(1);
    }

    @Test
    void testUnknownMask()
    {
        assertInvalid("""
                {
                  "rules": [
                    {"effect": "mask", "column": "ssn", "mask": "sha256"}
                  ]
                }
                """,
                3,
                "rules[0]",
                "mask 'sha256' is neither a mask template (hash, redact, show_last_4, show_first_4, null, year) nor an entry of 'masks'");
    }

    @Test
    void testCustomMaskCannotReplaceTemplate()
    {
        assertInvalid("""
                {
                  "masks": [
                    {"name": "hash", "expression": "'x'"}
                  ]
                }
                """,
                3,
                "masks[0]",
                "mask 'hash' has the name of a mask template; choose another name");
    }

    @Test
    void testAllowRuleCannotSelectColumns()
    {
        assertInvalid("""
                {"rules": [{"effect": "allow", "column": "ssn", "privileges": ["SELECT"]}]}
                """,
                1,
                "rules[0]",
                "an allow rule grants table privileges and cannot select a column; deny or mask columns instead");
    }

    @Test
    void testColumnDenyLimitedToColumnPrivileges()
    {
        assertInvalid("""
                {"rules": [{"effect": "deny", "column": "ssn", "privileges": ["SELECT", "DELETE"]}]}
                """,
                1,
                "rules[0]",
                "a deny rule for columns can deny only SELECT, GRANT_SELECT and UPDATE, not [DELETE]");
    }

    @Test
    void testUnknownEffect()
    {
        assertInvalid("""
                {"rules": [{"effect": "permit", "privileges": ["SELECT"]}]}
                """,
                1,
                "rules[0]",
                "property 'effect': effect 'permit' is none of allow, deny, mask, filter");
    }

    @Test
    void testTagNameSyntax()
    {
        assertInvalid("""
                {"tags": [{"tag": "PII Email", "column": "email"}]}
                """,
                1,
                "tags[0]",
                "tag 'PII Email' is not a tag name: lowercase words of letters, digits and '_', separated by '.' (for example pii.email)");
    }

    @Test
    void testJsonPointer()
    {
        Policy policy = PolicyParser.parse("policy.json", """
                {
                  "data": {
                    "tables": [{"user": "alice", "privileges": ["INSERT"]}]
                  }
                }
                """.getBytes(UTF_8), "/data");
        assertThat(policy.forSubject("alice", Set.of(), Set.of()).table(new io.trino.spi.connector.CatalogSchemaTableName("c", "s", "t")).privilege(INSERT).rule())
                .isEqualTo(new RuleReference("tables[0]", OptionalInt.of(3), Optional.empty()));

        assertThatThrownBy(() -> PolicyParser.parse("policy.json", "{}".getBytes(UTF_8), "/data"))
                .isInstanceOf(PolicyException.class)
                .hasMessage("Invalid access control policy policy.json: nothing at JSON pointer '/data' (security.json-pointer)");
    }

    @Test
    void testMissingFile(@TempDir Path directory)
    {
        Path file = directory.resolve("missing.json");
        assertThatThrownBy(() -> PolicyParser.parse(file, ""))
                .isInstanceOf(PolicyException.class)
                .hasMessage("Invalid access control policy %s: the file does not exist".formatted(file));
    }

    @Test
    void testEmptyFile(@TempDir Path directory)
            throws IOException
    {
        Path file = Files.writeString(directory.resolve("empty.json"), "");
        assertThatThrownBy(() -> PolicyParser.parse(file, ""))
                .isInstanceOf(PolicyException.class)
                .hasMessage("Invalid access control policy %s: the file is empty; an empty policy is written {}".formatted(file));
    }

    private static void assertInvalid(@Language("JSON") String json, int line, String rule, String problem)
    {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(PolicyException.class, exception -> {
                    assertThat(exception.file()).isEqualTo("policy.json");
                    assertThat(exception.line()).hasValue(line);
                    assertThat(exception.rule()).contains(rule);
                    assertThat(exception.problem()).isEqualTo(problem);
                })
                .hasMessage("Invalid access control policy policy.json, line %s, rule %s: %s".formatted(line, rule, problem));
    }

    private static Policy parse(@Language("JSON") String json)
    {
        return PolicyParser.parse("policy.json", json.getBytes(UTF_8), "");
    }
}
