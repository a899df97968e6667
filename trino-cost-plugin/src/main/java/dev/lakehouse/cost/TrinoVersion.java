package dev.lakehouse.cost;

import com.google.common.io.Resources;
import io.trino.spi.Plugin;

import java.io.IOException;
import java.io.UncheckedIOException;

import static com.google.common.base.Preconditions.checkState;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The Trino release the plugin is built for, checked against the server it is loaded into: a plugin
 * built for another SPI could fail at any later call, so it refuses to start with a clear message.
 */
public final class TrinoVersion
{
    private static final String BUILT_FOR = readBuiltFor();

    private TrinoVersion() {}

    public static String builtFor()
    {
        return BUILT_FOR;
    }

    /**
     * The SPI version of the running server, for the components whose context does not report it
     * (resource group and session property managers): the version of the SPI jar the server loaded.
     */
    public static String serverSpiVersion()
    {
        String version = Plugin.class.getPackage().getImplementationVersion();
        checkState(version != null, "The Trino SPI on the class path reports no version");
        return version;
    }

    /**
     * Fails when {@code serverVersion} is not the release the plugin is built for.
     */
    public static void checkServerVersion(String serverVersion, String component)
    {
        checkState(
                BUILT_FOR.equals(serverVersion),
                "%s is built for Trino %s and cannot run on Trino %s; rebuild the plugin with -Dtrino.version=%s",
                component,
                BUILT_FOR,
                serverVersion,
                serverVersion);
    }

    private static String readBuiltFor()
    {
        try {
            String version = Resources.toString(Resources.getResource(TrinoVersion.class, "trino-version.txt"), UTF_8).strip();
            checkState(!version.isEmpty() && !version.startsWith("$"), "Malformed trino-version.txt: %s", version);
            return version;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
