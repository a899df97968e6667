package dev.lakehouse.access;

import com.google.inject.Binder;
import com.google.inject.Scopes;
import dev.lakehouse.access.audit.AuditConfig;
import dev.lakehouse.access.audit.AuditLog;
import dev.lakehouse.access.audit.FileAuditLog;
import io.airlift.configuration.AbstractConfigurationAwareModule;

import java.util.Optional;

import static io.airlift.configuration.ConditionalModule.conditionalModule;
import static io.airlift.configuration.ConfigBinder.configBinder;

public class LakehouseAccessControlModule
        extends AbstractConfigurationAwareModule
{
    private final Optional<AuditLog> auditLog;

    public LakehouseAccessControlModule()
    {
        this.auditLog = Optional.empty();
    }

    /**
     * With the given audit log instead of the one configured, for tools and tests that read the
     * decisions as they are made (the explain command).
     */
    public LakehouseAccessControlModule(AuditLog auditLog)
    {
        this.auditLog = Optional.of(auditLog);
    }

    @Override
    protected void setup(Binder binder)
    {
        configBinder(binder).bindConfig(LakehouseAccessControlConfig.class);
        configBinder(binder).bindConfig(AuditConfig.class);
        if (auditLog.isPresent()) {
            binder.bind(AuditLog.class).toInstance(auditLog.get());
        }
        else {
            install(conditionalModule(
                    AuditConfig.class,
                    AuditConfig::isEnabled,
                    auditBinder -> auditBinder.bind(AuditLog.class).to(FileAuditLog.class).in(Scopes.SINGLETON),
                    auditBinder -> auditBinder.bind(AuditLog.class).toInstance(AuditLog.DISABLED)));
        }
        binder.bind(PolicyManager.class).in(Scopes.SINGLETON);
        binder.bind(LakehouseSystemAccessControl.class).in(Scopes.SINGLETON);
    }
}
