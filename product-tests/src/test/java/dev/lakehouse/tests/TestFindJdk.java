package dev.lakehouse.tests;

import dev.lakehouse.testing.CliResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the build and bin/lakehouse find a JDK that can run Trino 476 (24 or newer): the choice
 * among JAVA_HOME, PATH and installed JDKs, and the one-line refusal when there is none.
 */
final class TestFindJdk
{
    @TempDir
    static Path machine;

    private static Path jdk17;
    private static Path jdk21;
    private static Path jdk25;
    private static Path installedJdks;
    private static Path noInstalledJdks;

    @BeforeAll
    static void createJdks()
            throws IOException
    {
        installedJdks = Files.createDirectories(machine.resolve("jvm"));
        noInstalledJdks = Files.createDirectories(machine.resolve("empty"));
        jdk17 = fakeJdk(machine.resolve("jdk-17"), "17.0.15");
        jdk21 = fakeJdk(installedJdks.resolve("jdk-21"), "21.0.7");
        jdk25 = fakeJdk(installedJdks.resolve("temurin-25"), "25.0.1");
    }

    @Test
    void testPrefersNewestInstalledJdkWhenPathAndJavaHomeAreTooOld()
    {
        CliResult result = findJdk(jdk17, jdk17, installedJdks);
        assertThat(result.exitCode()).isZero();
        assertThat(result.output().strip()).isEqualTo(jdk25.toString());
    }

    @Test
    void testHonoursJavaHomeWhenNewEnough()
            throws IOException
    {
        Path jdk24 = fakeJdk(machine.resolve("jdk-24"), "24.0.2");
        CliResult result = findJdk(jdk24, jdk17, installedJdks);
        assertThat(result.exitCode()).isZero();
        assertThat(result.output().strip()).isEqualTo(jdk24.toString());
    }

    @Test
    void testStopsWithOneLineWhenNoJdkIsNewEnough()
    {
        CliResult result = findJdk(null, jdk17, noInstalledJdks);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).isEmpty();
        assertThat(result.errorOutput().lines()).singleElement().asString()
                .contains("Trino 476 needs a JDK 24 or newer")
                .contains("java on PATH is 17")
                .contains("install one");
    }

    @Test
    void testMavenWrapperStopsWithOneLineWhenNoJdkIsNewEnough()
    {
        CliResult result = RepositoryCommand.run(environment(null, jdk17, noInstalledJdks), List.of("./mvnw", "-v"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).isEmpty();
        assertThat(result.errorOutput().lines()).singleElement().asString()
                .contains("Trino 476 needs a JDK 24 or newer");
    }

    @Test
    void testFindsRealJdkOnThisMachineWithJava17FirstOnPath()
            throws IOException
    {
        // as CI runs: the machine's default java first on PATH, no JAVA_HOME, the usual install folders
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", null);
        environment.put("PATH", jdk17.resolve("bin") + ":/usr/bin:/bin");
        CliResult result = RepositoryCommand.run(environment, List.of("bin/find-jdk"));
        assertThat(result.exitCode()).as(result.errorOutput()).isZero();
        Path found = Path.of(result.output().strip());
        assertThat(majorVersion(found)).isGreaterThanOrEqualTo(24);
    }

    private static CliResult findJdk(Path javaHome, Path jdkOnPath, Path searchDirectory)
    {
        return RepositoryCommand.run(environment(javaHome, jdkOnPath, searchDirectory), List.of("bin/find-jdk"));
    }

    private static Map<String, String> environment(Path javaHome, Path jdkOnPath, Path searchDirectory)
    {
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", javaHome == null ? null : javaHome.toString());
        environment.put("PATH", jdkOnPath.resolve("bin") + ":/usr/bin:/bin");
        environment.put("LAKEHOUSE_JDK_SEARCH_DIRS", searchDirectory.toString());
        return environment;
    }

    private static int majorVersion(Path jdk)
            throws IOException
    {
        Matcher matcher = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(jdk.resolve("release")));
        assertThat(matcher.find()).as("JAVA_VERSION in %s/release", jdk).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    /**
     * A folder that looks like a JDK of the given version: a release file and java and javac
     * commands that print that version.
     */
    private static Path fakeJdk(Path home, String version)
            throws IOException
    {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"%s\"\n".formatted(version));
        for (String tool : List.of("java", "javac")) {
            Path command = bin.resolve(tool);
            Files.writeString(command, "#!/bin/sh\necho 'openjdk version \"%s\"' >&2\n".formatted(version));
            Files.setPosixFilePermissions(command, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }
}
