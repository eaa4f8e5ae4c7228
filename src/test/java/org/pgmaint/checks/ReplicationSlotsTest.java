package org.pgmaint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.CatalogLoader;
import org.pgmaint.checktest.CheckTest;
import org.pgmaint.checktest.CheckTestLoader;
import org.pgmaint.checktest.CheckTestRunner;
import org.pgmaint.checktest.OutcomeTable;
import org.pgmaint.checktest.TestOutcome;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.engine.Installation;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.Files2;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.PrimaryAndStandby;
import org.pgmaint.testing.TestDatabase;

/**
 * The replication and archiver checks on a real private primary with a streaming standby (started once for the
 * class): the standby's slot is quiet while it streams; the built-in test files of these checks pass on that
 * primary; then the standby stops and its slot is reported inactive (warning), retaining too much (critical)
 * once WAL is written, and lost once a checkpoint removes its WAL (max_slot_wal_keep_size 16MB). The primary's
 * archive_command fails (false), so the archiver test files run there too.
 */
@Covers({"replication_slot_inactive", "replication_slot_lost", "archiver_failing", "archive_backlog"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationSlotsTest {
    private static final List<String> CHECKS = List.of("replication_slot_inactive", "replication_slot_lost",
            "archiver_failing", "archive_backlog");
    private static PrimaryAndStandby cluster;
    private static Path config;

    @BeforeAll
    static void primaryAndStandby() {
        cluster = PrimaryAndStandby.start(Map.of("max_slot_wal_keep_size", "16MB", "archive_mode", "on",
                "archive_command", "false"));
        config = Files2.write(Path.of("target", "replication-slots-test.yaml"), """
                thresholds:
                  replication_slot_inactive_minutes: 0
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (config != null) {
            Files.deleteIfExists(config);
        }
    }

    private static Map<String, Object> plan(ConnectionSettings on) {
        Cli.Result result = Cli.run("plan", "-h", "127.0.0.1", "-p", String.valueOf(on.port()), "-U", "postgres",
                "-d", "postgres", "--config", config.toString(), "--format", "json");
        // exit 1: the failing archiver (archive_command false) is a critical finding, an alert
        assertTrue(result.exitCode() == 0 || result.exitCode() == 1, result::toString);
        Map<String, Object> plan = JsonRead.object(result.out());
        assertEquals(List.of(), plan.get("errors"), result::toString);
        return plan;
    }

    private static List<Map<String, Object>> slotFindings(Map<String, Object> plan, String kind) {
        return JsonRead.list(plan, "findings").stream().filter(f -> kind.equals(f.get("kind"))
                && String.valueOf(f.get("message")).contains("'" + PrimaryAndStandby.SLOT + "'")).toList();
    }

    private static void exec(String... statements) throws SQLException {
        try (Connection c = Connections.open(cluster.primary()); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static String walStatus() throws SQLException {
        try (Connection c = Connections.open(cluster.primary()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select wal_status from pg_replication_slots where slot_name = '"
                     + PrimaryAndStandby.SLOT + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    @Order(1)
    void theSlotOfAStreamingStandbyIsNotReportedAndTheStandbyRunsTheChecks() {
        Map<String, Object> onPrimary = plan(cluster.primary());
        assertEquals(List.of(), slotFindings(onPrimary, "replication_slot_inactive"), onPrimary::toString);
        assertEquals(List.of(), slotFindings(onPrimary, "replication_slot_lost"), onPrimary::toString);
        Map<String, Object> onStandby = plan(cluster.standby());
        assertEquals(true, onStandby.get("standby"));
        // the server's own slots and archiver: the checks run on the standby too, not "not run on a standby"
        List<Object> skipped = JsonRead.list(onStandby, "skipped_checks").stream().map(c -> c.get("check")).toList();
        for (String id : CHECKS) {
            assertTrue(!skipped.contains(id), id + " skipped on the standby: " + onStandby);
        }
        assertEquals(List.of(), onStandby.get("errors"));
    }

    @Test
    @Order(2)
    void theCheckTestFilesPassOnThePrimaryWithItsStandbyAttached() {
        Catalog catalog = CatalogLoader.load(List.of(Installation.home().resolve("checks")));
        CheckTestRunner runner = new CheckTestRunner(cluster.primary(), Installation.home(), Map.of());
        List<String> ran = new ArrayList<>();
        StringBuilder failures = new StringBuilder();
        for (CheckTest test : CheckTestLoader.load(List.of(Installation.home().resolve("checks")), catalog)) {
            // the lost-slot file needs max_slot_wal_keep_size 1MB, which would lose the standby's slot too
            if (!CHECKS.contains(test.checkId()) || test.checkId().equals("replication_slot_lost")) {
                continue;
            }
            TestOutcome outcome = runner.run(test);
            assertNull(outcome.skipped(), test.checkId());
            ran.add(test.checkId());
            if (!outcome.passed()) {
                failures.append(OutcomeTable.failure(outcome));
            }
        }
        assertEquals("", failures.toString());
        assertEquals(List.of("archive_backlog", "archiver_failing", "replication_slot_inactive"), ran.stream().sorted().toList());
    }

    @Test
    @Order(3)
    void aStoppedStandbysSlotIsInactiveThenRetainsTooMuchThenIsLost() throws Exception {
        cluster.stopStandby();
        Map<String, Object> stopped = plan(cluster.primary());
        List<Map<String, Object>> inactive = slotFindings(stopped, "replication_slot_inactive");
        assertEquals(1, inactive.size(), stopped::toString);
        assertEquals("warning", inactive.get(0).get("severity"), inactive::toString);

        // 10% of max_slot_wal_keep_size (16MB) is 1.6MB: a few MB written while the standby is away cross it
        exec("create table away(id int, pad text)", "insert into away select g, repeat('x', 200) from generate_series(1, 20000) g");
        Map<String, Object> retaining = plan(cluster.primary());
        inactive = slotFindings(retaining, "replication_slot_inactive");
        assertEquals(1, inactive.size(), retaining::toString);
        assertEquals("critical", inactive.get(0).get("severity"), inactive::toString);
        assertTrue(String.valueOf(inactive.get(0).get("message")).contains("of max_slot_wal_keep_size 16.0 MB"), inactive::toString);

        for (int i = 0; i < 5; i++) {
            exec("insert into away select g, repeat('x', 200) from generate_series(1, 20000) g", "select pg_switch_wal()");
        }
        exec("checkpoint");
        TestDatabase.await("slot lost", () -> {
            try {
                return List.of("lost", "unreserved").contains(walStatus());
            } catch (SQLException e) {
                return false;
            }
        });
        Map<String, Object> lost = plan(cluster.primary());
        List<Map<String, Object>> lostFindings = slotFindings(lost, "replication_slot_lost");
        assertEquals(1, lostFindings.size(), lost::toString);
        assertEquals("critical", lostFindings.get(0).get("severity"));
        assertEquals(List.of(), slotFindings(lost, "replication_slot_inactive"), "a lost slot is not also 'inactive'");
        System.out.println("replication: standby_1 streaming: quiet; stopped: " + inactive.get(0).get("severity")
                + " after writes; then " + walStatus() + ": " + lostFindings.get(0).get("message"));
    }
}
