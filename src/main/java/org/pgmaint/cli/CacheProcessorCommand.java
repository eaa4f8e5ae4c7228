package org.pgmaint.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.pgmaint.cache.CacheProcessor;
import org.pgmaint.cache.CacheSettings;
import org.pgmaint.cache.GaveUpException;
import org.pgmaint.cache.StopSignal;
import org.pgmaint.cache.TriggerInstaller;
import org.pgmaint.config.Config;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The cache processor service: runs until SIGTERM, then finishes or rolls back its current batch and exits 0.
 */
@Command(name = "cache-processor", description = {
        "Delete the Redis keys named by cache invalidation events, then mark the events processed.",
        "Runs until stopped (SIGTERM): several instances may run side by side.",
        "Redis: cache.redis_url, else $REDIS_URL, else redis://127.0.0.1:6379."})
public class CacheProcessorCommand implements Callable<Integer> {
    /** How long SIGTERM waits for the current batch before the process ends anyway. */
    static final long STOP_GRACE_SECONDS = 8;

    @Mixin
    CommonOptions common;
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--install", description = "Install the NOTIFY trigger and the pending-events index on the events table, then exit.")
    boolean install;

    @Option(names = "--once", description = {"Process the pending events, then exit (no waiting for new ones).",
            "Gives up with exit 3 when Redis or PostgreSQL stays unavailable for 30 s."})
    boolean once;

    @Override
    public Integer call() throws SQLException {
        Config config = common.loadConfig(connection.flags());
        CacheSettings settings = CacheSettings.from(config, System.getenv());
        ConnectionSettings database = ConnectionSettings.from(config);
        if (install) {
            try (Connection db = Connections.open(database)) {
                for (String line : TriggerInstaller.install(db, settings.table(), settings.channel())) {
                    System.out.println("installed " + line);
                }
            }
            return ExitCodes.OK;
        }
        if (!common.debug) {
            ((Logger) LoggerFactory.getLogger("org.pgmaint.cache")).setLevel(Level.INFO);
        }
        StopSignal stop = new StopSignal();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onSigterm = new Thread(() -> stopAndHalt(stop, finished), "pgmaint-cache-stop");
        Runtime.getRuntime().addShutdownHook(onSigterm);
        try (CacheProcessor processor = new CacheProcessor(settings, database, stop)) {
            if (once) {
                try {
                    processor.drain();
                } catch (GaveUpException e) {
                    System.err.println("pgmaint: " + e.getMessage());
                    return ExitCodes.DATABASE_UNAVAILABLE;
                }
                System.out.println("processed " + processor.processedCount() + " events");
            } else {
                processor.run();
            }
        } finally {
            finished.countDown();
            // also when ending with an error: left registered, the hook would turn exit 2 or 3 into 0
            try {
                Runtime.getRuntime().removeShutdownHook(onSigterm);
            } catch (IllegalStateException shuttingDown) {
                // SIGTERM arrived: the hook ends the process
            }
        }
        return ExitCodes.OK;
    }

    /**
     * The JVM ends with 143 after SIGTERM unless a hook halts it: stop the loop, wait for the batch to be
     * committed or rolled back, then end with 0 (1 if the batch did not finish in time).
     */
    private static void stopAndHalt(StopSignal stop, CountDownLatch finished) {
        stop.raise();
        boolean done;
        try {
            done = finished.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            done = false;
        }
        if (!done) {
            System.err.println("pgmaint: cache processor did not stop within " + STOP_GRACE_SECONDS
                    + " s; its open transaction is rolled back by the server");
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(done ? ExitCodes.OK : ExitCodes.ALERTS);
    }
}
