package dev.lakehouse.testing;

import com.google.common.collect.ImmutableSortedSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;
import java.util.stream.Stream;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.collect.ImmutableSortedSet.toImmutableSortedSet;
import static java.util.Objects.requireNonNull;

/**
 * What the build laid out for running stock Trino: the server install (the unmodified server
 * tarball with our plugins and tpch in its {@code plugin/} folder), folders holding further plugins
 * that tests may add (such as Trino's own iceberg plugin), and the Trino CLI's executable jar.
 */
public record TrinoDistribution(Path serverHome, List<Path> extraPluginFolders, Path cliJar)
{
    /** System property naming the server install; set by the build for tests. */
    public static final String SERVER_HOME_PROPERTY = "lakehouse.trino.server-home";
    /** System property naming folders of extra plugins, separated by the path separator. */
    public static final String EXTRA_PLUGINS_PROPERTY = "lakehouse.trino.extra-plugins";
    /** System property naming the Trino CLI's executable jar. */
    public static final String CLI_JAR_PROPERTY = "lakehouse.trino.cli-jar";

    public TrinoDistribution
    {
        requireNonNull(serverHome, "serverHome is null");
        extraPluginFolders = List.copyOf(requireNonNull(extraPluginFolders, "extraPluginFolders is null"));
        requireNonNull(cliJar, "cliJar is null");
        checkArgument(Files.isRegularFile(serverHome.resolve("bin/launcher")), "Not a Trino server install (no bin/launcher): %s", serverHome);
        checkArgument(Files.isRegularFile(cliJar), "Trino CLI jar not found: %s", cliJar);
        for (Path folder : extraPluginFolders) {
            checkArgument(Files.isDirectory(folder), "Plugin folder not found: %s", folder);
        }
    }

    /**
     * The distribution the build prepared, named by the system properties above.
     */
    public static TrinoDistribution fromSystemProperties()
    {
        String serverHome = requiredProperty(SERVER_HOME_PROPERTY);
        String cliJar = requiredProperty(CLI_JAR_PROPERTY);
        String extraPlugins = System.getProperty(EXTRA_PLUGINS_PROPERTY, "");
        List<Path> extraFolders = Stream.of(extraPlugins.split(java.io.File.pathSeparator))
                .filter(folder -> !folder.isBlank())
                .map(Path::of)
                .collect(toImmutableList());
        return new TrinoDistribution(Path.of(serverHome), extraFolders, Path.of(cliJar));
    }

    /**
     * The names of the plugins installed in the server, each a folder of {@code plugin/}.
     */
    public SortedSet<String> installedPlugins()
    {
        return pluginNames(serverHome.resolve("plugin"));
    }

    /**
     * The names of the plugins that a cluster may add to the installed ones.
     */
    public SortedSet<String> extraPlugins()
    {
        ImmutableSortedSet.Builder<String> names = ImmutableSortedSet.naturalOrder();
        extraPluginFolders.forEach(folder -> names.addAll(pluginNames(folder)));
        return names.build();
    }

    /**
     * The folder of the extra plugin with the given name.
     *
     * @throws IllegalArgumentException if there is no such plugin
     */
    public Path extraPlugin(String name)
    {
        for (Path folder : extraPluginFolders) {
            Path plugin = folder.resolve(name);
            if (Files.isDirectory(plugin)) {
                return plugin;
            }
        }
        throw new IllegalArgumentException("No plugin '%s' among the extra plugins %s (folders %s)".formatted(name, extraPlugins(), extraPluginFolders));
    }

    private static SortedSet<String> pluginNames(Path folder)
    {
        try (Stream<Path> plugins = Files.list(folder)) {
            return plugins.filter(Files::isDirectory)
                    .map(plugin -> plugin.getFileName().toString())
                    .collect(toImmutableSortedSet(String::compareTo));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot list plugins in " + folder, e);
        }
    }

    private static String requiredProperty(String name)
    {
        String value = System.getProperty(name);
        checkArgument(value != null && !value.isBlank(), "System property %s is not set: run the tests through Maven (./mvnw verify), which lays out the Trino server", name);
        return value;
    }
}
