package dev.lakehouse.access;

import com.google.inject.Binder;
import com.google.inject.Scopes;
import dev.lakehouse.access.audit.AuditConfig;
import dev.lakehouse.access.audit.AuditLog;
import dev.lakehouse.access.audit.FileAuditLog;
import io.airlift.configuration.AbstractConfigurationAwareModule;

import static io.airlift.configuration.ConditionalModule.conditionalModule;
import static io.airlift.configuration.ConfigBinder.configBinder;

public class LakehouseAccessControlModule
        extends AbstractConfigurationAwareModule
{
    @Override
    protected void setup(Binder binder)
    {
        configBinder(binder).bindConfig(LakehouseAccessControlConfig.class);
        configBinder(binder).bindConfig(AuditConfig.class);
        install(conditionalModule(
                AuditConfig.class,
                AuditConfig::isEnabled,
                auditBinder -> auditBinder.bind(AuditLog.class).to(FileAuditLog.class).in(Scopes.SINGLETON),
                auditBinder -> auditBinder.bind(AuditLog.class).toInstance(AuditLog.DISABLED)));
        binder.bind(PolicyManager.class).in(Scopes.SINGLETON);
        binder.bind(LakehouseSystemAccessControl.class).in(Scopes.SINGLETON);
    }
}
