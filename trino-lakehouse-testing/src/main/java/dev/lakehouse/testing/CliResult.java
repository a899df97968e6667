package dev.lakehouse.testing;

import static java.util.Objects.requireNonNull;

/**
 * What one run of the Trino CLI printed and how it ended.
 */
public record CliResult(int exitCode, String output, String errorOutput)
{
    public CliResult
    {
        requireNonNull(output, "output is null");
        requireNonNull(errorOutput, "errorOutput is null");
    }

    public boolean succeeded()
    {
        return exitCode == 0;
    }

    /**
     * The printed lines, without trailing empty ones.
     */
    public java.util.List<String> lines()
    {
        return output.strip().lines().toList();
    }
}
