package dev.lakehouse.testing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

final class TestServerProcessReaper
{
    @Test
    void testWatchdogEndsServerWhenWatchedProcessDies()
            throws Exception
    {
        // stands in for a test JVM that is killed: it simply goes away
        Process watched = new ProcessBuilder("sleep", "2").start();
        Process watchdog = startWatchdog(watched.pid());
        ProcessHandle server = awaitServer(watchdog);

        assertThat(watched.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(server.onExit().get(20, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(watchdog.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void testTerminatingWatchdogStopsServer()
            throws Exception
    {
        Process watchdog = startWatchdog(ProcessHandle.current().pid());
        ProcessHandle server = awaitServer(watchdog);
        assertThat(server.isAlive()).isTrue();

        watchdog.destroy();

        assertThat(server.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(watchdog.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void testWatchdogKeepsServerWhileWatchedProcessLives()
            throws Exception
    {
        Process watchdog = startWatchdog(ProcessHandle.current().pid());
        try {
            ProcessHandle server = awaitServer(watchdog);
            // the watchdog checks every second: give it three chances to act wrongly
            assertThat(server.onExit().completeOnTimeout(server, 3, TimeUnit.SECONDS).get().isAlive()).isTrue();
        }
        finally {
            ServerProcessReaper.kill(watchdog);
        }
    }

    @Test
    void testKillReturnsOnlyOnceTheServerIsGone()
            throws Exception
    {
        // a test that kills a server and starts it again at once needs the old process gone
        Process watchdog = startWatchdog(ProcessHandle.current().pid());
        ProcessHandle server = awaitServer(watchdog);

        ServerProcessReaper.kill(watchdog);

        assertThat(server.isAlive()).isFalse();
        assertThat(watchdog.isAlive()).isFalse();
    }

    @Test
    void testTerminatingWatchdogRightAfterStartStopsServer()
            throws Exception
    {
        // SIGTERM may arrive before the watchdog has set up its trap or noted its child's pid
        for (int attempt = 0; attempt < 20; attempt++) {
            String duration = "300.%d%d".formatted(ProcessHandle.current().pid(), attempt);
            Process watchdog = new ProcessBuilder("/bin/sh", "-c", ServerProcessReaper.WATCHDOG_SCRIPT, "lakehouse-watchdog", String.valueOf(ProcessHandle.current().pid()), "TERM", "sleep", duration)
                    .inheritIO()
                    .start();
            watchdog.destroy();
            assertThat(watchdog.waitFor(10, TimeUnit.SECONDS)).isTrue();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
            while (processesWithArgument(duration) > 0 && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            try {
                assertThat(processesWithArgument(duration)).as("servers left running after attempt %s", attempt).isZero();
            }
            finally {
                ProcessHandle.allProcesses()
                        .filter(process -> hasArgument(process, duration))
                        .forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static long processesWithArgument(String argument)
    {
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(process -> hasArgument(process, argument))
                .count();
    }

    private static boolean hasArgument(ProcessHandle process, String argument)
    {
        return process.info().arguments().map(arguments -> List.of(arguments).contains(argument)).orElse(false);
    }

    private static Process startWatchdog(long watchedPid)
            throws Exception
    {
        return new ProcessBuilder("/bin/sh", "-c", ServerProcessReaper.WATCHDOG_SCRIPT, "lakehouse-watchdog", String.valueOf(watchedPid), "TERM", "sleep", "300")
                .inheritIO()
                .start();
    }

    // the watchdog's children are the server ("sleep 300") and its own one-second naps
    private static ProcessHandle awaitServer(Process process)
            throws InterruptedException
    {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            List<ProcessHandle> servers = process.children()
                    .filter(child -> child.info().arguments().map(arguments -> List.of(arguments).contains("300")).orElse(false))
                    .toList();
            if (servers.size() == 1) {
                return servers.getFirst();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("The watchdog started no child process");
    }
}
