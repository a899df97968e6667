package dev.lakehouse.testing;

import com.google.common.collect.ImmutableList;
import io.airlift.log.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * Makes sure no server a test started outlives the test JVM. Each server runs under a small shell
 * watchdog that ends it when the test JVM is gone (even when the JVM was killed with SIGKILL), and
 * a shutdown hook ends the servers still registered when the JVM exits or is interrupted.
 */
final class ServerProcessReaper
{
    private static final Logger log = Logger.get(ServerProcessReaper.class);

    private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ServerProcessReaper::killAll, "server-process-reaper"));
    }

    /**
     * The signal that asks a server to stop gracefully; the watchdog sends it to the server when
     * it is itself terminated and when the test JVM disappears.
     */
    enum StopSignal
    {
        /** Most servers (Trino, Java servers) stop gracefully on SIGTERM. */
        TERM,
        /** PostgreSQL's "fast" shutdown: SIGTERM would wait for every client to disconnect. */
        INT,
    }

    /**
     * The shell script that runs its arguments as a child and watches the test JVM. Its arguments:
     * the process id to watch, the stop signal, then the command. SIGTERM to the watchdog stops the
     * child with the stop signal, repeated each second until it has ended; when the watched process
     * disappears the child gets the stop signal, and SIGKILL if it has not ended 10 seconds later.
     */
    static final String WATCHDOG_SCRIPT = """
            watched=$1
            signal=$2
            shift 2
            child=
            stopping=
            # the trap is set before the child starts: a stop request never finds it unguarded
            # a child that has not yet replaced itself with the command still runs this shell's
            # handlers and drops the signal: repeat it each second until the child is gone
            stop_child() {
                stopping=1
                [ -n "$child" ] || return 0
                kill -s "$signal" "$child" 2>/dev/null
                while kill -0 "$child" 2>/dev/null; do
                    sleep 1 &
                    wait $!
                    kill -s "$signal" "$child" 2>/dev/null
                done
                wait "$child"
                exit $?
            }
            trap stop_child TERM INT
            "$@" &
            child=$!
            [ -z "$stopping" ] || stop_child
            while kill -0 "$child" 2>/dev/null; do
                if ! kill -0 "$watched" 2>/dev/null; then
                    kill -s "$signal" "$child" 2>/dev/null
                    for _ in 1 2 3 4 5 6 7 8 9 10; do
                        kill -0 "$child" 2>/dev/null || exit 0
                        sleep 1
                    done
                    kill -KILL "$child" 2>/dev/null
                    exit 1
                fi
                sleep 1 &
                wait $!
            done
            wait "$child"
            """;

    private ServerProcessReaper() {}

    /**
     * The command that runs {@code command} under the watchdog, watching this JVM.
     */
    static List<String> watchedCommand(List<String> command, StopSignal stopSignal)
    {
        return ImmutableList.<String>builder()
                .add("/bin/sh", "-c", WATCHDOG_SCRIPT, "lakehouse-watchdog")
                .add(String.valueOf(ProcessHandle.current().pid()))
                .add(stopSignal.name())
                .addAll(command)
                .build();
    }

    /**
     * Starts the builder's command under the watchdog (the builder's command is replaced by the
     * watched one) and registers it, so that it ends with this JVM at the latest.
     */
    static Process start(ProcessBuilder builder, StopSignal stopSignal)
            throws IOException
    {
        requireNonNull(builder, "builder is null");
        requireNonNull(stopSignal, "stopSignal is null");
        builder.command(watchedCommand(builder.command(), stopSignal));
        Process process = builder.start();
        register(process);
        return process;
    }

    static void register(Process process)
    {
        PROCESSES.add(process);
    }

    static void unregister(Process process)
    {
        PROCESSES.remove(process);
    }

    /**
     * Stops a process started by {@link #start}: asks the watchdog to stop the server gracefully,
     * and kills both if they have not ended within the timeout. Returns once they have ended, and
     * leaves the process unregistered.
     */
    static void stop(Process process, String name, Duration timeout)
    {
        try {
            process.destroy();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("%s did not stop within %s; killing it", name, timeout);
                kill(process);
                process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
        }
        finally {
            unregister(process);
        }
    }

    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Kills the process and everything it started, at once (SIGKILL), and returns once they are
     * all gone, so a server can be started again on the same data folder right away.
     */
    static void kill(Process process)
    {
        List<ProcessHandle> processes = new ArrayList<>(process.descendants().toList());
        processes.add(process.toHandle());
        processes.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : processes) {
            try {
                handle.onExit().get(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            catch (ExecutionException | TimeoutException e) {
                log.warn(e, "Process %s did not end within %s of SIGKILL", handle.pid(), KILL_TIMEOUT);
            }
        }
    }

    private static void killAll()
    {
        for (Process process : PROCESSES) {
            log.warn("Killing server process %s left running at JVM exit", process.pid());
            kill(process);
        }
    }
}
