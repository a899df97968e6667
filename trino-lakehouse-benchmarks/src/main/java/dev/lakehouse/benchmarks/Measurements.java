package dev.lakehouse.benchmarks;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableList;

import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.collect.ImmutableList.toImmutableList;

/**
 * The measured runs of one query on one catalog (warm-ups excluded), and their medians.
 */
public record Measurements(List<Execution> executions)
{
    public Measurements
    {
        executions = ImmutableList.copyOf(executions);
        checkArgument(!executions.isEmpty(), "No executions");
    }

    @JsonProperty
    public double medianMillis()
    {
        return Statistics.median(executions.stream().map(Execution::wallMillis).collect(toImmutableList()));
    }

    @JsonProperty
    public double medianCpuMillis()
    {
        return Statistics.median(executions.stream().map(Execution::cpuMillis).collect(toImmutableList()));
    }

    @JsonProperty
    public double medianScanSplits()
    {
        return Statistics.median(executions.stream().map(Execution::scanSplits).collect(toImmutableList()));
    }

    @JsonProperty
    public double medianTotalSplits()
    {
        return Statistics.median(executions.stream().map(Execution::totalSplits).collect(toImmutableList()));
    }

    @JsonProperty
    public double medianPhysicalInputBytes()
    {
        return Statistics.median(executions.stream().map(Execution::physicalInputBytes).collect(toImmutableList()));
    }

    @JsonProperty
    public double medianPlanningMillis()
    {
        return Statistics.median(executions.stream().map(Execution::planningMillis).collect(toImmutableList()));
    }
}
