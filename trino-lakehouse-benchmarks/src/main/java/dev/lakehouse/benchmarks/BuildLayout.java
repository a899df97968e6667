package dev.lakehouse.benchmarks;

import com.google.common.io.Resources;
import dev.lakehouse.testing.TrinoDistribution;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

/**
 * What the build of this module recorded in {@code distribution.properties}: the Trino version, the
 * server install with our plugins ({@code trino-lakehouse-server}), the Trino CLI, the folder of
 * extra plugins holding Trino's Iceberg connector, and the repository.
 */
public record BuildLayout(String trinoVersion, Path serverHome, Path cliJar, Path extraPlugins, Path repository)
{
    private static final String RESOURCE = "distribution.properties";

    public BuildLayout
    {
        requireNonNull(trinoVersion, "trinoVersion is null");
        requireNonNull(serverHome, "serverHome is null");
        requireNonNull(cliJar, "cliJar is null");
        requireNonNull(extraPlugins, "extraPlugins is null");
        requireNonNull(repository, "repository is null");
    }

    public static BuildLayout fromBuild()
    {
        Properties properties = new Properties();
        try (InputStream input = Resources.getResource(BuildLayout.class, RESOURCE).openStream()) {
            properties.load(input);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
        return new BuildLayout(
                property(properties, "trino.version"),
                Path.of(property(properties, "server-home")).normalize(),
                Path.of(property(properties, "cli-jar")).normalize(),
                Path.of(property(properties, "extra-plugins")).normalize(),
                Path.of(property(properties, "repository")).normalize());
    }

    /**
     * The server install, CLI and extra plugins, which must have been built.
     *
     * @throws IllegalStateException saying how to build them when they are missing
     */
    public TrinoDistribution distribution()
    {
        try {
            return new TrinoDistribution(serverHome, List.of(extraPlugins), cliJar);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage() + "; build it first: bin/benchmark builds what is missing, or ./mvnw package -DskipTests -pl trino-lakehouse-benchmarks -am", e);
        }
    }

    private static String property(Properties properties, String name)
    {
        String value = properties.getProperty(name);
        checkState(value != null && !value.isBlank() && !value.contains("${"), "%s has no value for %s: build the module with Maven", RESOURCE, name);
        return value;
    }
}
