package org.pgmaint.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pgmaint.execute.Interruption;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT while a run or apply executes: instead of the JVM's default (exit at once, leaving the
 * server running the VACUUM), they raise the run's {@link Interruption}; the command then cancels its statements,
 * cleans up, writes its report and alert and returns its exit code through {@link Main} as usual.
 * <p>
 * Signal handlers rather than a shutdown hook: a hook runs only once the JVM is already exiting, concurrently with
 * every other hook, blocks any System.exit, and can set the exit code only by halting; a handler leaves the JVM
 * running, so the command ends the normal way. A watchdog halts the process if the stop takes longer than
 * {@link #STOP_LIMIT_SECONDS}. Where handlers cannot be installed (-Xrs) the JVM's default stays; a signal the
 * process was started ignoring (nohup, a background job) stays ignored.
 */
final class SignalTrap implements AutoCloseable {
    /** At most this long from the signal to the exit, whatever the cleanup waits for. */
    static final int STOP_LIMIT_SECONDS = 20;
    private static final Map<String, Integer> CODES = Map.of("TERM", ExitCodes.INTERRUPTED_SIGTERM,
            "INT", ExitCodes.INTERRUPTED_SIGINT);

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final Interruption interruption;
    private volatile long raisedAt;
    private volatile Thread watchdog;

    private SignalTrap(Interruption interruption) {
        this.interruption = interruption;
    }

    static SignalTrap install(Interruption interruption) {
        SignalTrap trap = new SignalTrap(interruption);
        for (String name : CODES.keySet()) {
            Signal signal = new Signal(name);
            try {
                trap.previous.put(signal, Signal.handle(signal, trap::handle));
            } catch (IllegalArgumentException e) {
                LoggerFactory.getLogger(SignalTrap.class).debug("cannot trap SIG{}: {}", name, e.getMessage());
            }
        }
        return trap;
    }

    /** The exit code of a run stopped by the signal of this name ("SIGTERM"). */
    static int exitCode(String signalName) {
        return CODES.getOrDefault(signalName.replaceFirst("^SIG", ""), ExitCodes.INTERNAL_ERROR);
    }

    private void handle(Signal signal) {
        String name = "SIG" + signal.getName();
        if (!interruption.raised()) {
            raisedAt = System.nanoTime();
            LoggerFactory.getLogger(SignalTrap.class).warn("{} received: starting no more actions, cancelling the"
                    + " running ones on the server, then writing the report and the alert", name);
            Thread stuck = new Thread(() -> haltIfStuck(name), "pgmaint-stop-watchdog");
            stuck.setDaemon(true);
            stuck.start();
            watchdog = stuck;
            interruption.raise(name);
        } else {
            System.err.printf("pgmaint: %s received again: already stopping (%.1f s since %s)%n", name,
                    (System.nanoTime() - raisedAt) / 1e9, interruption.signal());
        }
    }

    private void haltIfStuck(String name) {
        try {
            Thread.sleep(STOP_LIMIT_SECONDS * 1000L);
        } catch (InterruptedException e) {
            return;
        }
        System.err.println("pgmaint: still not stopped " + STOP_LIMIT_SECONDS + " s after " + name + ": exiting now;"
                + " look for pgmaint statements still running (pg_stat_activity, application_name 'pgmaint')");
        System.err.flush();
        System.out.flush();
        Runtime.getRuntime().halt(exitCode(name));
    }

    @Override
    public void close() {
        Thread stuck = watchdog;
        if (stuck != null) {
            stuck.interrupt();
        }
        previous.forEach((signal, handler) -> {
            try {
                Signal.handle(signal, handler);
            } catch (IllegalArgumentException ignored) {
                // could not be trapped either
            }
        });
    }
}
