package dev.lakehouse.access;

import dev.lakehouse.access.audit.AuditEvent;
import dev.lakehouse.access.audit.TestingAuditLog;
import dev.lakehouse.access.rules.PolicyException;
import dev.lakehouse.access.rules.TablePrivilege;
import io.airlift.units.Duration;
import io.trino.spi.connector.CatalogSchemaTableName;
import org.intellij.lang.annotations.Language;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A changed policy file takes effect; an invalid one is rejected with its file, line and rule, and
 * the last valid policy stays in force.
 */
final class TestPolicyReload
{
    private static final CatalogSchemaTableName TABLE = new CatalogSchemaTableName("lakehouse", "sales", "orders");

    @Language("JSON")
    private static final String ALICE_SELECTS = """
            {"tables": [{"user": "alice", "privileges": ["SELECT"]}]}
            """;
    @Language("JSON")
    private static final String BOB_SELECTS = """
            {"tables": [{"user": "bob", "privileges": ["SELECT"]}]}
            """;
    @Language("JSON")
    private static final String INVALID = """
            {
              "tables": [
                {"user": "bob", "privileges": ["SELECT"]},
                {"user": "carol", "privileges": ["SELEKT"]}
              ]
            }
            """;

    @Test
    void testValidChangeTakesEffect(@TempDir Path directory)
            throws IOException
    {
        Path file = Files.writeString(directory.resolve("policy.json"), ALICE_SELECTS);
        PolicyManager policies = new PolicyManager(config(file, new Duration(1, SECONDS)), TestingAuditLog.recordingDenials());
        assertThat(selects(policies, "alice")).isTrue();
        assertThat(selects(policies, "bob")).isFalse();

        Files.writeString(file, BOB_SELECTS);
        assertThat(policies.reloadIfChanged()).isTrue();
        assertThat(selects(policies, "alice")).isFalse();
        assertThat(selects(policies, "bob")).isTrue();

        // unchanged content is not parsed again
        assertThat(policies.reloadIfChanged()).isFalse();
    }

    @Test
    void testInvalidChangeKeepsLastValidPolicy(@TempDir Path directory)
            throws IOException
    {
        Path file = Files.writeString(directory.resolve("policy.json"), BOB_SELECTS);
        TestingAuditLog audit = TestingAuditLog.recordingDenials();
        PolicyManager policies = new PolicyManager(config(file, new Duration(1, SECONDS)), audit);

        Files.writeString(file, INVALID);
        assertThat(policies.reloadIfChanged()).isFalse();
        assertThat(selects(policies, "bob")).isTrue();
        PolicyException rejection = policies.lastRejection().orElseThrow();
        assertThat(rejection.getMessage()).isEqualTo("Invalid access control policy %s, line 4, rule tables[1]: property 'privileges': 'SELEKT' is none of SELECT, INSERT, DELETE, UPDATE, OWNERSHIP, GRANT_SELECT".formatted(file));

        // the same invalid content is reported once, not at every check
        assertThat(policies.reloadIfChanged()).isFalse();
        assertThat(audit.events(AuditEvent.POLICY_REJECTED)).singleElement()
                .satisfies(event -> assertThat(event.detail()).contains(rejection.getMessage()));

        Files.writeString(file, ALICE_SELECTS);
        assertThat(policies.reloadIfChanged()).isTrue();
        assertThat(policies.lastRejection()).isEmpty();
        assertThat(selects(policies, "alice")).isTrue();
        assertThat(audit.events(AuditEvent.POLICY_LOADED)).hasSize(2);
    }

    @Test
    void testDeletedFileKeepsLastValidPolicy(@TempDir Path directory)
            throws IOException
    {
        Path file = Files.writeString(directory.resolve("policy.json"), BOB_SELECTS);
        PolicyManager policies = new PolicyManager(config(file, new Duration(1, SECONDS)), TestingAuditLog.recordingDenials());
        Files.delete(file);
        assertThat(policies.reloadIfChanged()).isFalse();
        assertThat(selects(policies, "bob")).isTrue();
        assertThat(policies.lastRejection().orElseThrow().getMessage()).isEqualTo("Invalid access control policy %s: the file does not exist".formatted(file));
    }

    @Test
    void testChangeTakesEffectWithinRefreshPeriod(@TempDir Path directory)
            throws Exception
    {
        Path file = Files.writeString(directory.resolve("policy.json"), ALICE_SELECTS);
        PolicyManager policies = new PolicyManager(config(file, new Duration(50, MILLISECONDS)), TestingAuditLog.recordingDenials());
        policies.start();
        try {
            Files.writeString(file, BOB_SELECTS);
            long deadline = System.nanoTime() + SECONDS.toNanos(10);
            while (!selects(policies, "bob") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(selects(policies, "bob")).isTrue();
        }
        finally {
            policies.stop();
        }
    }

    @Test
    void testInvalidFileAtStartupStopsWithLocation(@TempDir Path directory)
            throws IOException
    {
        Path file = Files.writeString(directory.resolve("policy.json"), INVALID);
        assertThatThrownBy(() -> TestingAccessControl.create(file, java.util.Map.of()))
                .isInstanceOf(PolicyException.class)
                .hasMessage("Invalid access control policy %s, line 4, rule tables[1]: property 'privileges': 'SELEKT' is none of SELECT, INSERT, DELETE, UPDATE, OWNERSHIP, GRANT_SELECT".formatted(file));
    }

    private static boolean selects(PolicyManager policies, String user)
    {
        return policies.current().forSubject(user, Set.of(), Set.of()).table(TABLE).privilege(TablePrivilege.SELECT).allowed();
    }

    private static LakehouseAccessControlConfig config(Path file, Duration refreshPeriod)
    {
        return new LakehouseAccessControlConfig()
                .setConfigFile(file)
                .setRefreshPeriod(refreshPeriod);
    }
}
