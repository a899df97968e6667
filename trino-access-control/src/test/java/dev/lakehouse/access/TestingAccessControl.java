package dev.lakehouse.access;

import com.google.common.collect.ImmutableMap;
import com.google.inject.Injector;
import dev.lakehouse.access.audit.AuditLog;
import io.airlift.bootstrap.Bootstrap;
import io.trino.plugin.base.security.TestingSystemAccessControlContext;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Creates our access control the way the server does: through the factory, from properties.
 */
final class TestingAccessControl
{
    private TestingAccessControl() {}

    static LakehouseSystemAccessControl create(Path policy, Map<String, String> properties)
    {
        Map<String, String> config = new HashMap<>();
        config.put("security.config-file", policy.toAbsolutePath().toString());
        config.put("audit.enabled", "false");
        config.putAll(properties);
        return create(config);
    }

    /**
     * Wired as in the server, with the audit log replaced by the given one.
     */
    static LakehouseSystemAccessControl create(Path policy, AuditLog audit)
    {
        Injector injector = new Bootstrap(new LakehouseAccessControlModule(audit))
                .doNotInitializeLogging()
                .quiet()
                .setRequiredConfigurationProperties(ImmutableMap.of("security.config-file", policy.toAbsolutePath().toString()))
                .initialize();
        return injector.getInstance(LakehouseSystemAccessControl.class);
    }

    static LakehouseSystemAccessControl create(Map<String, String> config)
    {
        LakehouseAccessControlFactory factory = new LakehouseAccessControlFactory();
        return (LakehouseSystemAccessControl) factory.create(ImmutableMap.copyOf(config), new TestingSystemAccessControlContext(factory.builtForVersion()));
    }
}
