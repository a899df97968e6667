package dev.lakehouse.access;

import com.google.common.collect.ImmutableSet;
import dev.lakehouse.access.audit.AuditEvent;
import dev.lakehouse.access.audit.TestingAuditLog;
import io.trino.spi.QueryId;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.security.AccessDeniedException;
import io.trino.spi.security.Identity;
import io.trino.spi.security.SystemAccessControl;
import io.trino.spi.security.SystemSecurityContext;
import io.trino.spi.security.ViewExpression;
import org.intellij.lang.annotations.Language;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.trino.spi.testing.InterfaceTestUtils.assertAllMethodsOverridden;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SPI face: Trino's errors for denials, and the audit log of denials, masks and filters.
 */
final class TestLakehouseSystemAccessControl
{
    @Language("JSON")
    private static final String POLICY = """
            {
              "schemas": [{"user": "admin", "owner": true}],
              "tables": [
                {"user": "admin", "privileges": ["SELECT", "INSERT", "DELETE", "UPDATE", "OWNERSHIP", "GRANT_SELECT"]},
                {"group": "analysts", "schema": "sales", "privileges": ["SELECT"], "filter": "deleted = false"}
              ],
              "tags": [{"tag": "pii.ssn", "column": "ssn"}, {"tag": "pii.email", "column": "email"}],
              "rules": [
                {"name": "no-ssn", "effect": "deny", "tag": "pii.ssn", "except_user": "admin"},
                {"name": "hash-email", "effect": "mask", "tag": "pii.email", "mask": "hash", "except_user": "admin"}
              ]
            }
            """;

    private static final CatalogSchemaTableName ORDERS = new CatalogSchemaTableName("lakehouse", "sales", "orders");
    private static final QueryId QUERY = new QueryId("20250601_101530_00001_abcde");

    private TestingAuditLog audit;
    private LakehouseSystemAccessControl accessControl;

    @BeforeEach
    void setUp(@TempDir Path directory)
            throws IOException
    {
        Path file = Files.writeString(directory.resolve("policy.json"), POLICY);
        audit = TestingAuditLog.recordingDenials();
        accessControl = TestingAccessControl.create(file, audit);
        audit.clear();
    }

    @AfterEach
    void tearDown()
    {
        accessControl.shutdown();
    }

    @Test
    void testEverythingImplemented()
    {
        assertAllMethodsOverridden(SystemAccessControl.class, LakehouseSystemAccessControl.class);
    }

    @Test
    void testDeniedColumnsAreNamedAndAudited()
    {
        assertThatThrownBy(() -> accessControl.checkCanSelectFromColumns(context("alice", "analysts"), ORDERS, ImmutableSet.of("id", "ssn")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Access Denied: Cannot select from columns [ssn] in table or view lakehouse.sales.orders");

        AuditEvent event = audit.events(AuditEvent.ACCESS).getFirst();
        assertThat(event.queryId()).contains(QUERY.getId());
        assertThat(event.user()).contains("alice");
        assertThat(event.groups()).containsExactly("analysts");
        assertThat(event.action()).contains("select");
        assertThat(event.object()).contains("lakehouse.sales.orders");
        assertThat(event.columns()).containsExactlyInAnyOrder("id", "ssn");
        assertThat(event.decision()).contains("deny");
        assertThat(event.rule().orElseThrow().describe()).isEqualTo("rules[0] 'no-ssn' (line 9)");
    }

    @Test
    void testAllowsAreNotAuditedByDefault()
    {
        accessControl.checkCanSelectFromColumns(context("admin"), ORDERS, ImmutableSet.of("id", "ssn"));
        accessControl.checkCanSelectFromColumns(context("alice", "analysts"), ORDERS, ImmutableSet.of("id"));
        assertThat(audit.events()).isEmpty();
    }

    @Test
    void testMasksAndFiltersAreAudited()
    {
        Map<ColumnSchema, ViewExpression> masks = accessControl.getColumnMasks(context("alice", "analysts"), ORDERS, List.of(
                ColumnSchema.builder().setName("email").setType(VARCHAR).build(),
                ColumnSchema.builder().setName("id").setType(VARCHAR).build()));
        assertThat(masks).hasSize(1);
        List<ViewExpression> filters = accessControl.getRowFilters(context("alice", "analysts"), ORDERS);
        assertThat(filters).extracting(ViewExpression::getExpression).containsExactly("deleted = false");

        AuditEvent maskEvent = audit.events(AuditEvent.COLUMN_MASKS).getFirst();
        assertThat(maskEvent.queryId()).contains(QUERY.getId());
        assertThat(maskEvent.masks()).singleElement().satisfies(mask -> {
            assertThat(mask.column()).isEqualTo("email");
            assertThat(mask.template()).contains("hash");
            assertThat(mask.rule().name()).contains("hash-email");
        });
        AuditEvent filterEvent = audit.events(AuditEvent.ROW_FILTERS).getFirst();
        assertThat(filterEvent.filters()).singleElement().satisfies(filter -> assertThat(filter.rule().id()).isEqualTo("tables[1]"));

        assertThat(accessControl.getColumnMasks(context("admin"), ORDERS, List.of(ColumnSchema.builder().setName("email").setType(VARCHAR).build()))).isEmpty();
    }

    @Test
    void testHiddenTablesAreCounted()
    {
        Set<SchemaTableName> visible = accessControl.filterTables(context("alice", "analysts"), "lakehouse", Set.of(
                new SchemaTableName("sales", "orders"),
                new SchemaTableName("hr", "salaries"),
                new SchemaTableName("sales", "orders$files")));
        assertThat(visible).containsExactly(new SchemaTableName("sales", "orders"));
        AuditEvent event = audit.events(AuditEvent.ACCESS).getFirst();
        assertThat(event.action()).contains("filter_tables");
        assertThat(event.count()).contains(2L);
    }

    @Test
    void testMetadataTableOfMaskedTableIsDenied()
    {
        assertThatThrownBy(() -> accessControl.checkCanSelectFromColumns(context("alice", "analysts"), new CatalogSchemaTableName("lakehouse", "sales", "orders$partitions"), ImmutableSet.of("partition")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Access Denied: Cannot select from table lakehouse.sales.orders$partitions");
        assertThat(audit.events(AuditEvent.ACCESS).getFirst().rule().orElseThrow().id())
                .startsWith("built-in: metadata table 'orders$partitions' is closed to users with column restrictions, masks or row filters on 'orders'");
        accessControl.checkCanSelectFromColumns(context("admin"), new CatalogSchemaTableName("lakehouse", "sales", "orders$partitions"), ImmutableSet.of("partition"));
    }

    @Test
    void testTableProceduresNeedOwnership()
    {
        accessControl.checkCanExecuteTableProcedure(context("admin"), ORDERS, "optimize");
        assertThatThrownBy(() -> accessControl.checkCanExecuteTableProcedure(context("alice", "analysts"), ORDERS, "expire_snapshots"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Access Denied: Cannot execute table procedure expire_snapshots on lakehouse.sales.orders");
    }

    private static SystemSecurityContext context(String user, String... groups)
    {
        return new SystemSecurityContext(Identity.forUser(user).withGroups(ImmutableSet.copyOf(groups)).build(), QUERY, Instant.now());
    }
}
