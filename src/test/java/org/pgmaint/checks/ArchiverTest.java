package org.pgmaint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.Files2;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.ServerWithSettings;
import org.pgmaint.testing.TestDatabase;

/**
 * The archiver checks' look-alike, on a private server whose archive_command works (a copy into a folder): the
 * archiver has archived what was switched, nothing waits, and neither check reports (with limits lowered so
 * that one waiting segment or a minute's stall would). And the privilege: a role without pg_monitor cannot read
 * pg_ls_archive_statusdir(), so archive_backlog is skipped ("needs pg_monitor") and the plan does not fail;
 * granted pg_monitor, the same role runs it.
 */
@Covers({"archiver_failing", "archive_backlog"})
class ArchiverTest {
    private static final String WATCHER = "repl_watcher";
    private static ConnectionSettings server;
    private static Path config;
    private static Path archive;

    @BeforeAll
    static void workingArchiver() throws Exception {
        // a folder of this run's own: the command refuses to overwrite a segment an earlier run archived
        archive = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "archiver-test-wal-").toAbsolutePath();
        // pg_ctl passes the server options through a shell: the single quotes keep the command one value
        server = ServerWithSettings.admin(Map.of("archive_mode", "on",
                "archive_command", "'test ! -f " + archive + "/%f && cp %p " + archive + "/%f'"));
        config = Files2.write(Path.of("target", "archiver-test.yaml"), """
                thresholds:
                  archive_backlog_warning_files: 1
                  archiver_stalled_minutes: 0
                """);
        exec(server, "create table if not exists written(g int)", "insert into written values (1)",
                "select pg_switch_wal()", "insert into written values (2)", "select pg_switch_wal()",
                "drop role if exists " + WATCHER, "create role " + WATCHER + " login");
        TestDatabase.await("two segments archived, none waiting", () -> query(server,
                "select archived_count >= 2 and failed_count = 0 from pg_stat_archiver")
                && query(server, "select count(*) = 0 from pg_ls_archive_statusdir() where name like '%.ready'"));
    }

    @AfterAll
    static void removeArchive() throws Exception {
        if (archive != null) {
            try (Stream<Path> files = Files.walk(archive)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static void exec(ConnectionSettings on, String... statements) throws SQLException {
        try (Connection c = Connections.open(on); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static boolean query(ConnectionSettings on, String sql) {
        try (Connection c = Connections.open(on); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }

    private static Cli.Result plan(String user, String... format) {
        List<String> args = new java.util.ArrayList<>(List.of("plan", "-h", "127.0.0.1", "-p", String.valueOf(server.port()),
                "-U", user, "-d", "postgres", "--config", config.toString()));
        args.addAll(List.of(format));
        return Cli.run(args.toArray(String[]::new));
    }

    private static List<Object> kinds(Map<String, Object> plan) {
        return JsonRead.list(plan, "findings").stream().map(f -> f.get("kind")).toList();
    }

    @Test
    void aWorkingArchiverIsNotReported() {
        Cli.Result result = plan("postgres", "--format", "json");
        Map<String, Object> plan = JsonRead.object(result.out());
        assertEquals(List.of(), plan.get("errors"), result::toString);
        assertTrue(!kinds(plan).contains("archiver_failing"), result::toString);
        assertTrue(!kinds(plan).contains("archive_backlog"), result::toString);
        List<Object> skipped = JsonRead.list(plan, "skipped_checks").stream().map(c -> c.get("check")).toList();
        assertTrue(!skipped.contains("archive_backlog") && !skipped.contains("archiver_failing"), result::toString);
    }

    @Test
    void aRoleWithoutPgMonitorSkipsTheBacklogCheckAndWithItRunsIt() throws Exception {
        Cli.Result json = plan(WATCHER, "--format", "json");
        Map<String, Object> plan = JsonRead.object(json.out());
        assertEquals(0, json.exitCode(), json::toString);
        assertEquals(List.of(Map.of("check", "archive_backlog", "reason", "needs pg_monitor")),
                JsonRead.list(plan, "skipped_checks").stream().filter(c -> "archive_backlog".equals(c.get("check"))).toList(),
                json::toString);
        assertEquals(List.of(), plan.get("errors"), json::toString);
        Cli.Result text = plan(WATCHER);
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.out().contains("skipped check archive_backlog: needs pg_monitor"), text::toString);
        try {
            exec(server, "grant pg_monitor to " + WATCHER);
            Cli.Result granted = plan(WATCHER, "--format", "json");
            Map<String, Object> withRole = JsonRead.object(granted.out());
            assertEquals(List.of(), JsonRead.list(withRole, "skipped_checks"), granted::toString);
            assertEquals(List.of(), withRole.get("errors"), granted::toString);
        } finally {
            exec(server, "revoke pg_monitor from " + WATCHER);
        }
    }
}
