package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.testing.QuietAutovacuum;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.Files2;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;
import org.pgmaint.testing.TestRedis;

/**
 * A real hot standby: a private embedded server of the build's major, filled as a primary (an expired-rows table
 * under a retention policy, dead tuples, pending cache events), stopped, given {@code standby.signal} and started
 * again: it stays in recovery and accepts read-only connections. The same commands a cron line runs on every node
 * of an HA pair must do nothing there, say why, and exit 0 without an alert.
 */
class StandbyTest {
    private static final String DB = "app";
    private static final String STANDBY_TEXT = "standby: maintenance runs on the primary";
    private static Path dataDir;
    private static EmbeddedPostgres server;
    private static ConnectionSettings standby;
    private static Path config;
    private static List<String> primaryActionKinds;
    private static Object primaryStandbyField;

    private static EmbeddedPostgres start() throws Exception {
        File work = new File("target/embedded-pg");
        work.mkdirs();
        return QuietAutovacuum.on(EmbeddedPostgres.builder()).setOverrideWorkingDirectory(work).setDataDirectory(dataDir)
                .setCleanDataDirectory(false).setServerConfig("hot_standby", "on")
                .setServerConfig("max_connections", "40").setPGStartupWait(Duration.ofSeconds(60)).start();
    }

    private static ConnectionSettings settings(EmbeddedPostgres pg, String dbname) {
        return new ConnectionSettings("127.0.0.1", pg.getPort(), "postgres", dbname, "", Duration.ofSeconds(10), "disable");
    }

    private static String[] args(String command, String... more) {
        List<String> all = new ArrayList<>(List.of(command, "-h", "127.0.0.1", "-p", String.valueOf(standby.port()),
                "-U", "postgres", "-d", DB, "--config", config.toString()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @BeforeAll
    static void primaryThenStandby() throws Exception {
        dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "standby-pg-");
        config = Files2.write(dataDir.getParent().resolve(dataDir.getFileName() + ".yaml"), """
                retention_policies:
                  - {name: old_events, table: events, timestamp_column: created_at, older_than: 7d}
                thresholds:
                  long_query_minutes: 0
                """);
        EmbeddedPostgres primary = start();
        try {
            try (Connection c = Connections.open(settings(primary, "postgres")); Statement s = c.createStatement()) {
                s.execute("create database " + DB);
            }
            try (Connection c = Connections.open(settings(primary, DB)); Statement s = c.createStatement()) {
                s.execute("create table events (id int primary key, created_at timestamptz not null)");
                s.execute("insert into events select g, now() - interval '30 days' from generate_series(1, 3000) g");
                s.execute("create table churn (id int primary key, v text)");
                s.execute("insert into churn select g, 'x' from generate_series(1, 20000) g");
                s.execute("delete from churn where id % 2 = 0");
                s.execute("create table cache_invalidation_events (id bigint generated always as identity primary key,"
                        + " cache_key text not null, created_at timestamptz not null default now(), processed_at timestamptz)");
                s.execute("insert into cache_invalidation_events (cache_key) select 'pgmaint-standby-test:' || g"
                        + " from generate_series(1, 10) g");
            }
            standby = settings(primary, DB);
            // the same plan on the primary has work to do: the standby's empty plan is the standby's doing
            Cli.Result plan = Cli.run(args("plan", "--format", "json"));
            assertEquals(0, plan.exitCode(), plan::toString);
            Map<String, Object> json = JsonRead.object(plan.out());
            primaryStandbyField = json.get("standby");
            primaryActionKinds = JsonRead.list(json, "actions").stream().map(a -> (String) a.get("kind")).toList();
            assertTrue(primaryActionKinds.contains("retention_delete"), primaryActionKinds::toString);
            System.out.println("safety09: the primary's plan has actions " + primaryActionKinds);
        } finally {
            primary.close();
        }
        Files.createFile(dataDir.resolve("standby.signal"));
        server = start();
        standby = settings(server, DB);
        try (Connection c = Connections.open(standby)) {
            assertTrue(inRecovery(c), "the restarted server is in recovery");
        }
    }

    private static boolean inRecovery(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @AfterAll
    static void stopStandby() throws Exception {
        if (server != null) {
            server.close();
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** A client's statement running on the standby while the test runs (a read-only finding must still show it). */
    private static Thread clientQuery(Connection client) {
        Thread running = new Thread(() -> {
            try (Statement s = client.createStatement()) {
                s.execute("select pg_sleep(20)");
            } catch (SQLException cancelledAtTheEnd) {
                // the test cancels it
            }
        }, "standby-client");
        running.start();
        TestDatabase.await("the client's query running", () -> {
            try (Connection c = Connections.open(standby); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where application_name = 'reporting'"
                         + " and state = 'active'")) {
                rs.next();
                return rs.getInt(1) == 1;
            } catch (SQLException e) {
                return false;
            }
        });
        return running;
    }

    private static Connection reportingClient() throws SQLException {
        Connection client = Connections.open(standby);
        try (PreparedStatement s = client.prepareStatement("select set_config('application_name', 'reporting', false)")) {
            s.execute();
        }
        return client;
    }

    @Test
    void safety09_aPrimarysPlanSaysStandbyFalse() {
        assertEquals(false, primaryStandbyField, "the JSON of a primary's plan carries \"standby\": false");
    }

    @Test
    void safety09_planOnAStandbyPlansNothingSaysWhyAndStillReportsItsSessions() throws Exception {
        try (Connection client = reportingClient()) {
            Thread query = clientQuery(client);
            try {
                Cli.Result json = Cli.run(args("plan", "--format", "json"));
                assertEquals(0, json.exitCode(), json::toString);
                Map<String, Object> report = JsonRead.object(json.out());
                assertEquals(true, report.get("standby"));
                assertEquals(List.of(), report.get("actions"), "nothing planned on the standby (the primary planned "
                        + primaryActionKinds + ")");
                assertTrue(JsonRead.list(report, "findings").stream().anyMatch(f -> "long_running_query".equals(f.get("kind"))
                        && String.valueOf(f.get("message")).contains("'reporting'")), json::toString);
                assertTrue(JsonRead.list(report, "skipped_checks").stream().anyMatch(c -> "retention_expired".equals(c.get("check"))
                        && String.valueOf(c.get("reason")).startsWith("not run on a standby")), json::toString);
                assertEquals(List.of(), report.get("errors"));

                Cli.Result text = Cli.run(args("plan"));
                assertEquals(0, text.exitCode(), text::toString);
                assertTrue(text.out().contains(STANDBY_TEXT), text::toString);
                assertFalse(text.out().contains("No maintenance actions are needed"), text::toString);
                assertTrue(text.out().contains("long_running_query"), text::toString);
                System.out.println("safety09: plan on the standby: exit " + text.exitCode() + ", "
                        + JsonRead.list(report, "actions").size() + " actions, " + JsonRead.list(report, "findings").size()
                        + " finding(s), " + JsonRead.list(report, "skipped_checks").size() + " checks not run");
            } finally {
                client.unwrap(org.postgresql.PGConnection.class).cancelQuery();
                query.join(10_000);
            }
        }
    }

    @Test
    void safety09_runOnAStandbyExecutesNothingAndWritesItsFilesWithoutAnAlert(@TempDir Path dir) throws Exception {
        Path logs = dir.resolve("logs");
        Cli.Result run = Cli.run(args("run", "--full", "--format", "json", "--set", "report.dir=" + logs));
        assertEquals(0, run.exitCode(), run::toString);
        Map<String, Object> report = JsonRead.object(run.out());
        assertEquals(true, report.get("standby"));
        assertEquals(false, report.get("dry_run"));
        assertEquals(List.of(), report.get("actions"));
        assertTrue(run.err().contains(STANDBY_TEXT), run::toString);
        List<String> files;
        try (Stream<Path> list = Files.list(logs)) {
            files = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(files.stream().anyMatch(f -> f.matches("report_\\d{8}_\\d{6}\\.json")), files::toString);
        assertTrue(files.stream().noneMatch(f -> f.startsWith("alert_")), files::toString);
        String text = Files.readString(logs.resolve(files.stream().filter(f -> f.endsWith(".txt")).findFirst().orElseThrow()));
        assertTrue(text.contains(STANDBY_TEXT), text);
        try (Connection c = Connections.open(standby); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from events")) {
            rs.next();
            assertEquals(3000, rs.getInt(1), "no expired row touched");
        }
    }

    @Test
    void safety09_reportOnAStandbySaysSoWithoutAnAlert() {
        Cli.Result report = Cli.run(args("report"));
        assertEquals(0, report.exitCode(), report::toString);
        assertTrue(report.out().contains(STANDBY_TEXT), report::toString);
        Cli.Result json = Cli.run(args("report", "--format", "json"));
        assertEquals(0, json.exitCode(), json::toString);
        assertEquals(true, JsonRead.object(json.out()).get("standby"));
    }

    /** The cache processor cannot mark events on a standby: exit 2 at once, in both modes, instead of retrying. */
    @Test
    void safety09_cacheProcessorOnAStandbyExitsTwo(@TempDir Path dir) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try (TestRedis redis = TestRedis.shared()) {
            for (List<String> mode : List.of(List.of("--once"), List.<String>of())) {
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-cp", classpath, Main.class.getName()));
                command.addAll(List.of(args("cache-processor", "--set", "cache.redis_url=" + redis.url())));
                command.addAll(mode);
                Path log = dir.resolve("processor" + mode.size() + ".log");
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().keySet().removeIf(name -> name.startsWith("PGMAINT_"));
                long start = System.nanoTime();
                Process processor = builder.start();
                boolean ended = processor.waitFor(30, TimeUnit.SECONDS);
                if (!ended) {
                    processor.destroyForcibly().waitFor();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                String output = Files.readString(log);
                assertTrue(ended, "still retrying after 30 s: " + output);
                assertEquals(2, processor.exitValue(), output);
                assertTrue(output.contains(STANDBY_TEXT), output);
                System.out.printf("safety09: cache-processor %s on a standby: exit 2 after %.1f s%n",
                        mode.isEmpty() ? "(service)" : "--once", seconds);
            }
        }
    }
}
