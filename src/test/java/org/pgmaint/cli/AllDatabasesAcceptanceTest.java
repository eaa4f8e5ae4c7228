package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.db.Identifiers;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.ServerWithSettings;

/**
 * Every database of a cluster in one run (-a): a private embedded server with pg_stat_statements, 29 connectable
 * databases (a few with problems, one with a hostile name) and one refusing connections. Cluster-wide checks are
 * counted by their marker in pg_stat_statements.
 */
class AllDatabasesAcceptanceTest {
    static final String HOSTILE = "fleet \"odd\"/../x\nname; drop table x; --";
    private static ConnectionSettings admin;

    @BeforeAll
    static void cluster() throws SQLException {
        admin = ServerWithSettings.admin(Map.of("shared_preload_libraries", "pg_stat_statements",
                "pg_stat_statements.track", "all"));
        try (Connection db = open("postgres"); Statement s = db.createStatement()) {
            s.execute("create extension if not exists pg_stat_statements");
            ResultSet rs = s.executeQuery("select count(*) from pg_database where datname like 'fleet%'");
            rs.next();
            if (rs.getInt(1) > 0) {
                return;
            }
            for (int i = 1; i <= 28; i++) {
                s.execute("create database " + String.format("fleet_%02d", i));
            }
            s.execute("create database " + Identifiers.quote(HOSTILE));
            s.execute("create database fleet_closed");
            s.execute("alter database fleet_closed allow_connections false");
        }
        for (String problem : List.of("fleet_03", "fleet_17", HOSTILE)) {
            try (Connection db = open(problem); Statement s = db.createStatement()) {
                s.execute("create table parent (id int primary key)");
                s.execute("create table child (id int primary key, parent_id int references parent)");
            }
        }
    }

    private static Connection open(String database) throws SQLException {
        ConnectionSettings settings = admin.withDbname(database);
        return DriverManager.getConnection(Connections.url(settings), Connections.properties(settings));
    }

    private static String[] server(String... more) {
        return Stream.concat(Stream.of("-h", admin.host(), "-p", String.valueOf(admin.port()), "-U", "postgres",
                "-d", "postgres"), Stream.of(more)).toArray(String[]::new);
    }

    private static String[] command(String name, String... more) {
        return Stream.concat(Stream.of(name), Stream.of(server(more))).toArray(String[]::new);
    }

    private static long calls(String check) throws SQLException {
        try (Connection db = open("postgres"); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("select coalesce(sum(calls), 0) from pg_stat_statements where query like '%pgmaint:"
                     + check + " %'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void planAllReportsEachDatabaseSkipsTemplatesAndTheClosedOneAndRunsClusterChecksOnce() throws SQLException {
        try (Connection db = open("postgres"); Statement s = db.createStatement()) {
            s.execute("select pg_stat_statements_reset()");
        }
        Cli.Result plan = Cli.run(command("plan", "-a", "--parallel", "4", "--format", "json"));
        assertEquals(0, plan.exitCode(), plan::toString);
        Map<String, Object> root = JsonRead.object(plan.out());
        List<Map<String, Object>> reports = JsonRead.list(root, "reports");
        List<Object> databases = reports.stream().map(r -> r.get("database")).toList();
        assertEquals(30, reports.size(), databases::toString); // postgres, fleet_01..28, the hostile one
        assertTrue(databases.contains(HOSTILE) && databases.contains("postgres") && databases.contains("fleet_28"));
        assertFalse(databases.contains("fleet_closed") || databases.contains("template1"));
        List<Map<String, Object>> skipped = JsonRead.list(root, "skipped_databases");
        assertTrue(skipped.stream().anyMatch(s -> s.get("database").equals("fleet_closed")
                && s.get("reason").toString().contains("datallowconn = false")), skipped::toString);
        assertTrue(skipped.stream().anyMatch(s -> s.get("database").equals("template0")
                && s.get("reason").toString().contains("template")), skipped::toString);
        for (Map<String, Object> report : reports) {
            assertEquals(admin.host() + ":" + admin.port(), report.get("target"));
            boolean problem = List.of("fleet_03", "fleet_17", HOSTILE).contains(report.get("database"));
            List<Map<String, Object>> findings = JsonRead.list(report, "findings");
            assertEquals(problem, findings.stream().anyMatch(f -> "fk_without_index".equals(f.get("kind"))),
                    () -> report.get("database") + ": " + findings);
        }
        // the cluster-wide check once, a database check once per database
        assertEquals(1, calls("connection_saturation"));
        assertEquals(30, calls("fk_without_index"));
        assertEquals(30, ((Number) ((Map<?, ?>) root.get("summary")).get("completed")).intValue());
    }

    @Test
    void runAllWritesEachDatabasesFilesInItsOwnFolderAndTheFleetSummary() throws Exception {
        Path dir = Files.createTempDirectory("pgmaint-fleet");
        Cli.Result run = Cli.run(command("run", "-a", "--exclude-database", "fleet_2?", "--exclude-database", "fleet_1*",
                "--set", "report.dir=" + dir));
        assertTrue(run.exitCode() == 0 || run.exitCode() == 1, run::toString);
        String target = org.pgmaint.report.PathNames.component(admin.host() + ":" + admin.port());
        for (String database : List.of("postgres", "fleet_03", "fleet_09", HOSTILE)) {
            Path folder = dir.resolve(target).resolve(org.pgmaint.report.PathNames.component(database));
            assertEquals(dir, folder.getParent().getParent());
            try (Stream<Path> files = Files.list(folder)) {
                List<String> names = files.map(p -> p.getFileName().toString()).toList();
                assertTrue(names.stream().anyMatch(n -> n.matches("report_\\d{8}_\\d{6}\\.json")), database + ": " + names);
                assertTrue(names.stream().anyMatch(n -> n.matches("report_\\d{8}_\\d{6}\\.html")), database + ": " + names);
            }
        }
        assertFalse(Files.exists(dir.resolve(target).resolve("fleet_15")));
        try (Stream<Path> all = Files.walk(dir)) {
            assertTrue(all.allMatch(p -> p.normalize().startsWith(dir)));
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            for (String ext : List.of("txt", "json", "html")) {
                assertTrue(names.stream().anyMatch(n -> n.matches("fleet_\\d{8}_\\d{6}\\." + ext)), names::toString);
            }
        }
        Path fleetJson;
        try (Stream<Path> files = Files.list(dir)) {
            fleetJson = files.filter(p -> p.getFileName().toString().matches("fleet_.*\\.json")).findFirst().orElseThrow();
        }
        Map<String, Object> summary = JsonRead.object(Files.readString(fleetJson));
        List<Map<String, Object>> rows = JsonRead.list(summary, "databases");
        assertEquals(11, rows.size(), rows::toString); // postgres, fleet_01..09, the hostile one
        Map<String, Object> hostile = rows.stream().filter(r -> r.get("database").equals(HOSTILE)).findFirst().orElseThrow();
        assertTrue(((Map<?, ?>) hostile.get("findings")).get("warning") instanceof Number);
        assertTrue(hostile.get("report").toString().endsWith(".html"));
        // the run's log: a database's lines name it (the hostile name escaped), and no name starts a line of its own
        Path log;
        try (Stream<Path> files = Files.list(dir)) {
            log = files.filter(p -> p.getFileName().toString().matches("maintenance_.*\\.log")).findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.stream().allMatch(l -> l.matches("\\d{4}-\\d{2}-\\d{2} .*")), () -> String.join("\n", lines));
        String named = "[" + admin.host() + ":" + admin.port() + " / " + org.pgmaint.model.Text.escape(HOSTILE) + "] ";
        assertTrue(lines.stream().anyMatch(l -> l.contains(named)), () -> String.join("\n", lines));
    }

    @Test
    void reportAllReportsTheFindingsOfEveryDatabaseAndPlansNothing() {
        Cli.Result report = Cli.run(command("report", "-a", "--exclude-database", "fleet_*", "--format", "json"));
        assertEquals(0, report.exitCode(), report::toString);
        Map<String, Object> root = JsonRead.object(report.out());
        List<Map<String, Object>> reports = JsonRead.list(root, "reports");
        assertEquals(List.of(HOSTILE, "postgres"), reports.stream().map(r -> r.get("database")).sorted().toList(),
                report::toString);
        for (Map<String, Object> one : reports) {
            assertEquals(List.of(), one.get("actions"), report::toString);
        }
        // the hostile database has its foreign key without an index, as plan -a finds
        assertTrue(JsonRead.list(reports.stream().filter(r -> HOSTILE.equals(r.get("database"))).findFirst()
                .orElseThrow(), "findings").stream().anyMatch(f -> "fk_without_index".equals(f.get("kind"))), report::toString);
        Cli.Result metrics = Cli.run(command("report", "-a", "--metrics-file", "target/x.prom"));
        assertEquals(2, metrics.exitCode(), metrics::toString);
        assertTrue(metrics.err().contains("--metrics-file"), metrics::toString);
    }

    @Test
    void theTextOptionsOfPlanApplyToEveryDatabaseAndTheSummary() {
        Cli.Result plan = Cli.run(command("plan", "-a", "--exclude-database", "fleet_*", "--min-severity", "warning"));
        assertEquals(0, plan.exitCode(), plan::toString);
        List<String> summary = plan.out().lines().filter(l -> l.contains(" / ") && l.contains("findings ")).toList();
        assertEquals(2, summary.size(), plan::toString); // postgres and the hostile one
        assertTrue(summary.stream().allMatch(l -> l.contains(" critical, ") && l.contains(" warning;")
                && !l.contains(" info")), plan::toString);
        assertFalse(plan.out().contains("  [info] "), plan::toString);
        // without the option the summary counts the info findings too
        Cli.Result all = Cli.run(command("plan", "-a", "--exclude-database", "fleet_*"));
        assertTrue(all.out().lines().filter(l -> l.contains(" / ") && l.contains("findings "))
                .allMatch(l -> l.contains(" warning, ") && l.contains(" info;")), all::toString);
    }

    @Test
    void aServerThatDoesNotAnswerIsAFailureEntryWithItsAlertAndExitThree() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Path dir = Files.createTempDirectory("pgmaint-fleet-down");
        long start = System.nanoTime();
        Cli.Result run = Cli.run("run", "-a", "-h", "127.0.0.1", "-p", String.valueOf(closed), "-U", "postgres",
                "--set", "connection.connect_timeout=2s", "--set", "report.dir=" + dir, "--format", "json");
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        assertEquals(3, run.exitCode(), run::toString);
        assertTrue(seconds < 20, "took " + seconds + " s");
        Map<String, Object> root = JsonRead.object(run.out());
        List<Map<String, Object>> failures = JsonRead.list(root, "failures");
        assertEquals(1, failures.size(), failures::toString);
        assertEquals(3, ((Number) failures.get(0).get("exit_code")).intValue());
        assertTrue(failures.get(0).get("error").toString().contains("Connection refused"), failures::toString);
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().matches("fleet_alert_\\d{8}_\\d{6}\\.txt")));
        }
    }
}
