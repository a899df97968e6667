package dev.lakehouse.testing;

import io.airlift.log.Logger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
     * The shell script that runs its arguments as a child and watches the test JVM: SIGTERM to the
     * watchdog stops the child gracefully; when the test JVM disappears the child is terminated,
     * and killed if it has not ended 10 seconds later.
     */
    static final String WATCHDOG_SCRIPT = """
            watched=$1
            shift
            "$@" &
            child=$!
            stop_child() {
                kill -TERM "$child" 2>/dev/null
                wait "$child"
                exit $?
            }
            trap stop_child TERM INT
            while kill -0 "$child" 2>/dev/null; do
                if ! kill -0 "$watched" 2>/dev/null; then
                    kill -TERM "$child" 2>/dev/null
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

    static void register(Process process)
    {
        PROCESSES.add(process);
    }

    static void unregister(Process process)
    {
        PROCESSES.remove(process);
    }

    /**
     * Kills the process and everything it started, at once.
     */
    static void kill(Process process)
    {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void killAll()
    {
        for (Process process : PROCESSES) {
            log.warn("Killing server process %s left running at JVM exit", process.pid());
            kill(process);
        }
    }
}
