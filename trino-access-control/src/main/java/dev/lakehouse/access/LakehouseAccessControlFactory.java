package dev.lakehouse.access;

import com.google.common.io.Resources;
import com.google.inject.CreationException;
import com.google.inject.Injector;
import com.google.inject.spi.Message;
import dev.lakehouse.access.rules.PolicyException;
import io.airlift.bootstrap.Bootstrap;
import io.trino.spi.TrinoException;
import io.trino.spi.security.SystemAccessControl;
import io.trino.spi.security.SystemAccessControlFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import static dev.lakehouse.access.AccessControlErrorCode.ACCESS_CONTROL_SPI_MISMATCH;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Creates the {@code lakehouse} system access control from {@code etc/access-control.properties}.
 * Unknown or invalid properties and an invalid policy file stop the server with a message saying
 * what is wrong.
 */
public class LakehouseAccessControlFactory
        implements SystemAccessControlFactory
{
    public static final String NAME = "lakehouse";

    private final String builtForVersion;

    public LakehouseAccessControlFactory()
    {
        this(readBuildVersion());
    }

    LakehouseAccessControlFactory(String builtForVersion)
    {
        this.builtForVersion = requireNonNull(builtForVersion, "builtForVersion is null");
    }

    /**
     * The Trino version this plugin was built for; the server must run exactly this one.
     */
    String builtForVersion()
    {
        return builtForVersion;
    }

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public SystemAccessControl create(Map<String, String> config, SystemAccessControlContext context)
    {
        requireNonNull(config, "config is null");
        requireNonNull(context, "context is null");
        checkVersion(context.getVersion());

        Bootstrap app = new Bootstrap(new LakehouseAccessControlModule());
        Injector injector;
        try {
            injector = app
                    .doNotInitializeLogging()
                    .setRequiredConfigurationProperties(config)
                    .initialize();
        }
        catch (CreationException e) {
            throw startupError(e);
        }
        return injector.getInstance(LakehouseSystemAccessControl.class);
    }

    /**
     * An invalid policy file or an audit log that cannot be opened, said plainly rather than
     * inside Guice's report.
     */
    public static RuntimeException startupError(CreationException e)
    {
        for (Message message : e.getErrorMessages()) {
            if (message.getCause() instanceof PolicyException || message.getCause() instanceof UncheckedIOException) {
                return (RuntimeException) message.getCause();
            }
        }
        return e;
    }

    /**
     * The plugin links against the SPI of one Trino release; on another, methods may be missing or
     * mean something else, so it refuses to start rather than misbehave.
     */
    private void checkVersion(String serverVersion)
    {
        if (!builtForVersion.equals(serverVersion)) {
            throw new TrinoException(ACCESS_CONTROL_SPI_MISMATCH, "The '%s' access control was built for Trino %s and cannot run on Trino %s; rebuild it with -Dtrino.version=%s".formatted(NAME, builtForVersion, serverVersion, serverVersion));
        }
    }

    private static String readBuildVersion()
    {
        try {
            return Resources.toString(Resources.getResource(LakehouseAccessControlFactory.class, "trino-version.txt"), UTF_8).strip();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
