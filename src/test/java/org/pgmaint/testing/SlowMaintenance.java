package org.pgmaint.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault-test fixtures: tables whose planned VACUUM (ANALYZE) takes seconds (the cost-based delay set on the test
 * database, so only new sessions, pgmaint's, are slowed), and what the server shows of pgmaint's statements.
 */
public final class SlowMaintenance {
    /** pgmaint's maintenance statements as pg_stat_activity shows them while they run. */
    public static final String RUNNING = "select pid from pg_stat_activity where datname = current_database()"
            + " and application_name = 'pgmaint' and state = 'active' and pid <> pg_backend_pid()"
            + " and query ~* '^\\s*(vacuum|analyze|reindex)'";

    private SlowMaintenance() {
    }

    /** A scratch folder under target/ for one pgmaint process's run files. */
    public static Path workDir(String name) throws IOException {
        Files.createDirectories(Path.of("target"));
        return Files.createTempDirectory(Path.of("target").toAbsolutePath(), name + "-");
    }

    /** Waits (up to 60 s) until the pgmaint process runs a maintenance statement, and returns that backend's pid. */
    public static int awaitRunning(TestDatabase db, PgmaintProcess run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (running(db).isEmpty()) {
            if (!run.isAlive()) {
                throw new AssertionError("pgmaint exited before acting\n" + run);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for pgmaint running a maintenance statement\n" + run);
            }
            Thread.sleep(100);
        }
        return running(db).get(0);
    }

    /**
     * Tables public.slow1..slowN of {@code rows} ints, half of them deleted (so each gets a VACUUM (ANALYZE)); a
     * vacuum of 45,000 rows takes a few seconds.
     */
    public static void tables(TestDatabase db, int count, int rows) {
        for (int i = 1; i <= count; i++) {
            db.execFlushed("create table slow" + i + "(id int) with (autovacuum_enabled = false)",
                    "insert into slow" + i + " select generate_series(1, " + rows + ")",
                    "analyze slow" + i,
                    "delete from slow" + i + " where id % 2 = 0");
        }
        for (int i = 1; i <= count; i++) {
            db.awaitDeadTuples("public", "slow" + i, rows / 2);
        }
        db.exec("alter database " + db.name() + " set vacuum_cost_delay = '20ms'",
                "alter database " + db.name() + " set vacuum_cost_limit = 1");
    }

    /** Pids of pgmaint backends running VACUUM, ANALYZE or REINDEX now. */
    public static List<Integer> running(TestDatabase db) {
        List<Integer> pids = new ArrayList<>();
        for (List<Object> row : db.query(RUNNING)) {
            pids.add(((Number) row.get(0)).intValue());
        }
        return pids;
    }

    /** pgmaint backends of the test database still running a statement (any statement). */
    public static long activeStatements(TestDatabase db) {
        return ((Number) db.value("select count(*) from pg_stat_activity where datname = current_database()"
                + " and application_name = 'pgmaint' and state <> 'idle' and pid <> pg_backend_pid()")).longValue();
    }

    /** Sessions holding pgmaint's run lock on the test database. */
    public static long lockHolders(TestDatabase db) {
        return ((Number) db.value("select count(*) from pg_locks where locktype = 'advisory' and granted"
                + " and classid = 7366509 and objid = 1634299508 and objsubid = 2"
                + " and database = (select oid from pg_database where datname = current_database())")).longValue();
    }

    /** Pid of the session holding pgmaint's run lock, or 0. */
    public static int lockHolder(TestDatabase db) {
        Object pid = db.value("select pid from pg_locks where locktype = 'advisory' and granted"
                + " and classid = 7366509 and objid = 1634299508 and objsubid = 2"
                + " and database = (select oid from pg_database where datname = current_database())");
        return pid == null ? 0 : ((Number) pid).intValue();
    }

    /**
     * Watches pg_stat_activity every 50 ms on its own connection and keeps the largest number of pgmaint backends
     * seen running maintenance statements at once: two runs acting concurrently show as 2 (each run uses one job).
     */
    public static final class Sampler implements AutoCloseable {
        private final AtomicInteger most = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        public Sampler(TestDatabase db) {
            Connection connection = db.newConnection();
            thread = new Thread(() -> {
                try (connection; Statement s = connection.createStatement()) {
                    while (!stop.get()) {
                        int n = 0;
                        try (ResultSet rs = s.executeQuery(RUNNING)) {
                            while (rs.next()) {
                                n++;
                            }
                        }
                        most.accumulateAndGet(n, Math::max);
                        Thread.sleep(50);
                    }
                } catch (SQLException | InterruptedException e) {
                    most.set(-1);
                }
            }, "sampler");
            thread.start();
        }

        /** The most pgmaint maintenance statements seen at once (-1 when sampling failed). */
        public int most() {
            return most.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join();
        }
    }
}
