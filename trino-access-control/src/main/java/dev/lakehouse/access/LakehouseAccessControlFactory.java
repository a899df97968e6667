package dev.lakehouse.access;

import io.trino.spi.security.SystemAccessControl;
import io.trino.spi.security.SystemAccessControlFactory;

import java.util.Map;

public class LakehouseAccessControlFactory
        implements SystemAccessControlFactory
{
    public static final String NAME = "lakehouse";

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public SystemAccessControl create(Map<String, String> config, SystemAccessControlContext context)
    {
        // Registered so that installations can already name it; policies are not built yet
        throw new UnsupportedOperationException("The '" + NAME + "' system access control is not available in this build");
    }
}
