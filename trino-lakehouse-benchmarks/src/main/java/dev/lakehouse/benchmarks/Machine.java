package dev.lakehouse.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import static java.util.Objects.requireNonNull;

/**
 * The machine a run ran on, so that runs on different machines are not compared by mistake, and
 * its load average before and after the run: above the number of processors, other work shared
 * the machine and the timings are noisy.
 */
public record Machine(int processors, long memoryBytes, String operatingSystem, String javaVersion, double loadAverageBefore, double loadAverageAfter)
{
    public Machine
    {
        requireNonNull(operatingSystem, "operatingSystem is null");
        requireNonNull(javaVersion, "javaVersion is null");
    }

    /**
     * This machine now, with its current load average as both values.
     */
    public static Machine current()
    {
        OperatingSystemMXBean system = ManagementFactory.getOperatingSystemMXBean();
        long memory = system instanceof com.sun.management.OperatingSystemMXBean extended ? extended.getTotalMemorySize() : -1;
        double load = system.getSystemLoadAverage();
        return new Machine(system.getAvailableProcessors(), memory, system.getName() + " " + system.getVersion() + " " + system.getArch(), Runtime.version().toString(), load, load);
    }

    /**
     * This machine with the current load average as the one after the run.
     */
    public Machine withLoadAverageAfter()
    {
        return new Machine(processors, memoryBytes, operatingSystem, javaVersion, loadAverageBefore, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
