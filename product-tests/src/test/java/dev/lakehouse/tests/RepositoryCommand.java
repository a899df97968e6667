package dev.lakehouse.tests;

import dev.lakehouse.testing.CliResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Runs one of the repository's own commands ({@code bin/lakehouse}, {@code bin/find-jdk},
 * {@code ./mvnw}) as a user would from a shell, with the given environment changes.
 */
final class RepositoryCommand
{
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private RepositoryCommand() {}

    static Path repository()
    {
        return Path.of(System.getProperty("lakehouse.repository")).toAbsolutePath().normalize();
    }

    /**
     * Runs the command; environment values of {@code null} remove the variable.
     */
    static CliResult run(Map<String, String> environment, List<String> command)
    {
        try {
            Path output = Files.createTempFile("command-", ".out");
            Path errorOutput = Files.createTempFile("command-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(repository().toFile())
                    .redirectOutput(output.toFile())
                    .redirectError(errorOutput.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            environment.forEach((name, value) -> {
                if (value == null) {
                    builder.environment().remove(name);
                }
                else {
                    builder.environment().put(name, value);
                }
            });
            Process process = builder.start();
            try {
                if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new IllegalStateException("%s did not finish within %s".formatted(command, TIMEOUT));
                }
            }
            catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new RuntimeException(e);
            }
            CliResult result = new CliResult(process.exitValue(), Files.readString(output, UTF_8), Files.readString(errorOutput, UTF_8));
            Files.delete(output);
            Files.delete(errorOutput);
            return result;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command, e);
        }
    }
}
