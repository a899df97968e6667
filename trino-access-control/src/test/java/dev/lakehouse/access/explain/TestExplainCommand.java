package dev.lakehouse.access.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.intellij.lang.annotations.Language;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The explain command answers from the policy file alone, with the deciding rule.
 */
final class TestExplainCommand
{
    @Language("JSON")
    private static final String POLICY = """
            {
              "catalogs": [{"allow": "all"}],
              "schemas": [{"user": "admin", "owner": true}],
              "tables": [
                {"user": "admin", "privileges": ["SELECT", "INSERT", "DELETE", "UPDATE", "OWNERSHIP", "GRANT_SELECT"]},
                {"group": "analysts", "catalog": "lakehouse", "schema": "sales", "privileges": ["SELECT"]}
              ],
              "roles": [{"role": "pii_reader", "group": "hr"}],
              "tags": [{"tag": "pii.ssn", "column": "ssn"}, {"tag": "pii.email", "column": "email"}],
              "rules": [
                {"name": "no-ssn", "effect": "deny", "tag": "pii.ssn", "except_role": "pii_reader", "privileges": ["SELECT"]},
                {"name": "hash-email", "effect": "mask", "tag": "pii.email", "mask": "hash", "except_role": "pii_reader"},
                {"name": "emea-only", "effect": "filter", "schema": "sales", "group": "emea", "filter": "region = 'EMEA'"}
              ]
            }
            """;

    @TempDir
    static Path directory;
    private static Path policy;

    @BeforeAll
    static void writePolicy()
            throws IOException
    {
        policy = Files.writeString(directory.resolve("policy.json"), POLICY);
        Files.writeString(directory.resolve("groups.txt"), "analysts:alice,emil\nemea:emil\nhr:harriet\n");
    }

    @Test
    void testDeniedColumnNamesTheRule()
    {
        Result result = run("--policy", policy.toString(), "--user", "alice", "--group", "analysts", "select", "lakehouse.sales.orders", "--column", "id:bigint", "--column", "ssn");
        assertThat(result.exitCode()).isEqualTo(ExplainCommand.DENIED);
        assertThat(result.output()).isEqualTo("""
                user alice, groups [analysts], roles []
                select lakehouse.sales.orders (id bigint, ssn varchar)
                DENIED: Access Denied: Cannot select from columns [ssn] in table or view lakehouse.sales.orders
                  select table lakehouse.sales.orders [id, ssn]: deny by rules[0] 'no-ssn' (line 11)
                """);
    }

    @Test
    void testAllowedSelectShowsMasksAndFilters()
    {
        Result result = run("--policy", policy.toString(), "--user", "emil", "--group-file", directory.resolve("groups.txt").toString(),
                "select", "lakehouse.sales.orders", "--column", "email:varchar(100)", "--column", "region");
        assertThat(result.exitCode()).isEqualTo(ExplainCommand.ALLOWED);
        assertThat(result.output()).isEqualTo("""
                user emil, groups [analysts, emea], roles []
                select lakehouse.sales.orders (email varchar(100), region varchar)
                ALLOWED
                  select table lakehouse.sales.orders [email, region]: allow by tables[1] (line 6)
                  mask email with hash by rules[1] 'hash-email' (line 12): CAST(lower(to_hex(sha256(to_utf8("email")))) AS varchar(100))
                  statistics of 1 other columns hidden by rules[2] 'emea-only' (line 13)
                  row filter by rules[2] 'emea-only' (line 13): region = 'EMEA'
                """);
    }

    @Test
    void testRoleFromPolicyLiftsTheDenial()
    {
        Result result = run("--policy", policy.toString(), "--user", "harriet", "--group", "analysts", "--group", "hr", "select", "lakehouse.sales.orders", "--column", "ssn");
        assertThat(result.exitCode()).isEqualTo(ExplainCommand.ALLOWED);
        assertThat(result.output()).contains("roles [pii_reader]");
    }

    @Test
    void testJsonOutput()
            throws IOException
    {
        Result result = run("--policy", policy.toString(), "--user", "bob", "--json", "drop-table", "lakehouse.sales.orders");
        assertThat(result.exitCode()).isEqualTo(ExplainCommand.DENIED);
        List<String> lines = result.output().lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode decision = new ObjectMapper().readTree(lines.getFirst());
        assertThat(decision.get("action").asText()).isEqualTo("drop_table");
        assertThat(decision.get("decision").asText()).isEqualTo("deny");
        assertThat(decision.get("rule").asText()).isEqualTo("no rule in 'tables' matched");
    }

    @Test
    void testActionsWithoutTable()
    {
        assertThat(run("--policy", policy.toString(), "--user", "alice", "access-catalog", "lakehouse").exitCode()).isEqualTo(ExplainCommand.ALLOWED);
        assertThat(run("--policy", policy.toString(), "--user", "alice", "create-schema", "lakehouse.new_schema").exitCode()).isEqualTo(ExplainCommand.DENIED);
        assertThat(run("--policy", policy.toString(), "--user", "admin", "create-schema", "lakehouse.new_schema").exitCode()).isEqualTo(ExplainCommand.ALLOWED);
        assertThat(run("--policy", policy.toString(), "--user", "alice", "read-system-information").exitCode()).isEqualTo(ExplainCommand.DENIED);
    }

    @Test
    void testUsageErrors()
    {
        Result unknownAction = run("--policy", policy.toString(), "--user", "alice", "peek", "lakehouse.sales.orders");
        assertThat(unknownAction.exitCode()).isEqualTo(ExplainCommand.INVALID);
        assertThat(unknownAction.error()).startsWith("error: unknown action 'peek'; the actions are select, insert,");

        Result badObject = run("--policy", policy.toString(), "--user", "alice", "select", "orders");
        assertThat(badObject.exitCode()).isEqualTo(ExplainCommand.INVALID);
        assertThat(badObject.error()).isEqualTo("error: 'orders' is not a name of the form catalog.schema.table\n");

        Result badType = run("--policy", policy.toString(), "--user", "alice", "select", "a.b.c", "--column", "x:text");
        assertThat(badType.exitCode()).isEqualTo(ExplainCommand.INVALID);
        assertThat(badType.error()).startsWith("error: unknown column type 'text'");
    }

    @Test
    void testInvalidPolicy()
            throws IOException
    {
        Path invalid = Files.writeString(directory.resolve("invalid.json"), "{\"tables\": [{\"privileges\": [\"READ\"]}]}");
        Result result = run("--policy", invalid.toString(), "--user", "alice", "select", "a.b.c");
        assertThat(result.exitCode()).isEqualTo(ExplainCommand.INVALID);
        assertThat(result.error()).isEqualTo("error: Invalid access control policy %s, line 1, rule tables[0]: property 'privileges': 'READ' is none of SELECT, INSERT, DELETE, UPDATE, OWNERSHIP, GRANT_SELECT\n".formatted(invalid));
    }

    private static Result run(String... args)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = ExplainCommand.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
        return new Result(exitCode, out.toString(UTF_8), err.toString(UTF_8));
    }

    private record Result(int exitCode, String output, String error) {}
}
