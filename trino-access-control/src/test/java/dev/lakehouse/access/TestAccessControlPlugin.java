package dev.lakehouse.access;

import com.google.common.collect.ImmutableMap;
import io.trino.plugin.base.security.TestingSystemAccessControlContext;
import io.trino.spi.QueryId;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.security.Identity;
import io.trino.spi.security.SystemAccessControl;
import io.trino.spi.security.SystemAccessControlFactory;
import io.trino.spi.security.SystemSecurityContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestAccessControlPlugin
{
    @Test
    void testRegistersSystemAccessControl()
    {
        assertThat(new AccessControlPlugin().getSystemAccessControlFactories())
                .singleElement()
                .extracting(SystemAccessControlFactory::getName)
                .isEqualTo("lakehouse");
    }

    @Test
    void testCreatesFromMinimalConfiguration(@TempDir Path directory)
            throws IOException
    {
        Path policy = Files.writeString(directory.resolve("policy.json"), """
                {"tables": [{"user": "alice", "privileges": ["SELECT"]}]}
                """);
        SystemAccessControlFactory factory = new AccessControlPlugin().getSystemAccessControlFactories().iterator().next();
        SystemAccessControl accessControl = factory.create(
                ImmutableMap.of("security.config-file", policy.toString(), "audit.path", directory.resolve("audit.log").toString()),
                new TestingSystemAccessControlContext(new LakehouseAccessControlFactory().builtForVersion()));
        try {
            CatalogSchemaTableName table = new CatalogSchemaTableName("c", "s", "t");
            accessControl.checkCanSelectFromColumns(context("alice"), table, Set.of("x"));
            assertThatThrownBy(() -> accessControl.checkCanSelectFromColumns(context("bob"), table, Set.of("x")))
                    .hasMessage("Access Denied: Cannot select from table c.s.t");
        }
        finally {
            accessControl.shutdown();
        }
        // the denial reached the audit log before shutdown returned
        assertThat(Files.readString(directory.resolve("audit.log"))).contains("\"user\":\"bob\"", "\"decision\":\"deny\"");
    }

    @Test
    void testUnknownPropertyStopsStartup(@TempDir Path directory)
            throws IOException
    {
        Path policy = Files.writeString(directory.resolve("policy.json"), "{}");
        assertThatThrownBy(() -> TestingAccessControl.create(policy, ImmutableMap.of("security.refresh-priod", "1s")))
                .hasMessageContaining("Configuration property 'security.refresh-priod' was not used");
        assertThatThrownBy(() -> TestingAccessControl.create(policy, ImmutableMap.of("audit.queue-size", "0")))
                .hasMessageContaining("Invalid configuration property audit.queue-size: must be greater than or equal to 1");
    }

    @Test
    void testPolicyOverHttpIsRejected()
    {
        assertThatThrownBy(() -> TestingAccessControl.create(ImmutableMap.of("security.config-file", "https://policies.example.com/trino.json", "audit.enabled", "false")))
                .hasMessage("Invalid access control policy https:/policies.example.com/trino.json: policies read over HTTP are not supported; give the path of a local file (security.config-file)");
    }

    @Test
    void testRefusesOtherTrinoVersion(@TempDir Path directory)
            throws IOException
    {
        Path policy = Files.writeString(directory.resolve("policy.json"), "{}");
        LakehouseAccessControlFactory factory = new LakehouseAccessControlFactory();
        String otherVersion = "1" + factory.builtForVersion();
        assertThatThrownBy(() -> factory.create(ImmutableMap.of("security.config-file", policy.toString()), new TestingSystemAccessControlContext(otherVersion)))
                .isInstanceOf(TrinoException.class)
                .hasMessage("The 'lakehouse' access control was built for Trino %s and cannot run on Trino %s; rebuild it with -Dtrino.version=%s".formatted(factory.builtForVersion(), otherVersion, otherVersion));
    }

    private static SystemSecurityContext context(String user)
    {
        return new SystemSecurityContext(Identity.ofUser(user), new QueryId("test"), Instant.now());
    }
}
