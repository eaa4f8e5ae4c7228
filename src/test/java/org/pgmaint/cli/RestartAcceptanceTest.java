package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.QuietAutovacuum;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;

/**
 * PostgreSQL restarted in the middle of a run. Uses its own embedded server (started and
 * stopped here) so the shared test server is not disturbed.
 */
class RestartAcceptanceTest {
    private static final int TABLES = 6;

    private static EmbeddedPostgres start(Path data, int port) throws Exception {
        EmbeddedPostgres.Builder builder = QuietAutovacuum.on(EmbeddedPostgres.builder())
                .setOverrideWorkingDirectory(new File("target/embedded-pg"))
                .setDataDirectory(data.toFile())
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "off")
                .setPGStartupWait(Duration.ofSeconds(60));
        if (port > 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    private static long vacuumed(int port) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/restart_db", "postgres", "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from pg_stat_user_tables where last_analyze >= last_vacuum")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void restartMidRunEndsTheRunWithinSecondsSayingWhatCompleted() throws Exception {
        Path data = Path.of("target/embedded-restart-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        EmbeddedPostgres first = start(data, 0);
        int port = first.getPort();
        EmbeddedPostgres second = null;
        try {
            try (Connection c = first.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("create database restart_db");
            }
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/restart_db", "postgres", "");
                 Statement s = c.createStatement()) {
                for (int i = 1; i <= TABLES; i++) {
                    s.execute("create table t" + i + "(id int)");
                    s.execute("insert into t" + i + " select generate_series(1, 4000)");
                    s.execute("analyze t" + i);
                    s.execute("delete from t" + i + " where id <= 2000");
                }
                s.execute("do $$ begin if current_setting('server_version_num')::int >= 150000 then"
                        + " perform pg_stat_force_next_flush(); end if; end $$");
                // each vacuum takes about a second
                s.execute("alter database restart_db set vacuum_cost_delay = '20ms'");
                s.execute("alter database restart_db set vacuum_cost_limit = 1");
            }
            RunAcceptanceTest.awaitLong("the dead tuples in the statistics", () -> {
                try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/restart_db", "postgres", "");
                     Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("select count(*) from pg_stat_user_tables where n_dead_tup >= 2000")) {
                    rs.next();
                    return rs.getInt(1) == TABLES;
                } catch (Exception e) {
                    return false;
                }
            });
            CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run("run", "-h", "127.0.0.1",
                    "-p", String.valueOf(port), "-U", "postgres", "-d", "restart_db", "--format", "json"));
            RunAcceptanceTest.awaitLong("the first VACUUM (ANALYZE) to complete", () -> {
                try {
                    return vacuumed(port) >= 1;
                } catch (Exception e) {
                    return false;
                }
            });
            long stopped = System.nanoTime();
            first.close();
            second = start(data, port);

            Cli.Result result = run.get(60, TimeUnit.SECONDS);
            long endedAfter = (System.nanoTime() - stopped) / 1_000_000;

            assertEquals(ExitCodes.DATABASE_UNAVAILABLE, result.exitCode(), result::toString);
            assertTrue(endedAfter < 10_000, "the run ended " + endedAfter + " ms after the server stopped");
            assertTrue(result.err().matches("(?s).*pgmaint: database unavailable: lost the connection during action \\d+: .*"
                    + "; completed before: #1 vacuum \\(analyze\\) public\\.t\\d.*"), result.err());
            List<Map<String, Object>> actions = JsonRead.list(JsonRead.object(result.out()), "actions");
            assertEquals(TABLES, actions.size());
            long done = actions.stream().filter(a -> "done".equals(a.get("status"))).count();
            long failed = actions.stream().filter(a -> "failed".equals(a.get("status"))
                    && a.get("detail").toString().startsWith("database unavailable")).count();
            long notStarted = actions.stream().filter(a -> "skipped".equals(a.get("status"))
                    && "not started: database unavailable".equals(a.get("detail"))).count();
            assertTrue(done >= 1, actions::toString);
            assertEquals(1, failed, actions::toString);
            assertEquals(TABLES, done + failed + notStarted, actions::toString);
            System.out.printf("restart: run ended %d ms after the server stopped; %d done, %d failed, %d not started%n",
                    endedAfter, done, failed, notStarted);
        } finally {
            if (second != null) {
                second.close();
            } else {
                first.close();
            }
        }
    }
}
