package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.pgmaint.checks.Covers;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Connections;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.PrimaryAndStandby;
import org.pgmaint.testing.TestDatabase;

/**
 * The replica-aware unused-index verdict per major, on a primary and a streaming standby of the build's major
 * (embedded binaries: -Ppg13, default 15, -Ppg18): before 16 any scan on a replica since its statistics began is
 * a use; from 16 on, a replica's last_idx_scan must fall within the unused-index window (last_scan_older_than_days),
 * and the finding lists every node's scans and last scan. A replica whose statistics are younger than the window
 * makes the verdict weak, naming the node. The hostile index name passes as a name, in JSON exactly.
 */
@Covers("replica_index_usage")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaLastScanTest {
    private static final String HOSTILE = "Odd \"Idx\"; drop table x; --";
    private static PrimaryAndStandby cluster;
    private static Path targets;

    @BeforeAll
    static void primaryAndStandby() throws Exception {
        cluster = PrimaryAndStandby.start(Map.of());
        exec(cluster.primary(), "create database fleet_last");
        exec(cluster.primary().withDbname("fleet_last"), "create table t (id int primary key, a int, b int)",
                "create index t_a on t (a)", "create index \"" + HOSTILE.replace("\"", "\"\"") + "\" on t (b)",
                "insert into t select i, i % 100, i % 7 from generate_series(1, 5000) i", "analyze t");
        TestDatabase.await("the standby has the table", () -> {
            try (Connection c = Connections.open(cluster.standby().withDbname("fleet_last")); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from t")) {
                return rs.next() && rs.getInt(1) == 5000;
            } catch (SQLException | RuntimeException e) {
                return false;
            }
        });
        try (Connection c = Connections.open(cluster.standby().withDbname("fleet_last")); Statement s = c.createStatement()) {
            s.execute("set enable_seqscan = off");
            s.execute("set enable_bitmapscan = off");
            try (ResultSet rs = s.executeQuery("select count(*) from t where a = 5")) {
                rs.next();
                assertEquals(50, rs.getInt(1));
            }
        }
        TestDatabase.await("the standby counted its scan of t_a", () -> standbyScans() > 0);
        targets = Files.createTempFile(Path.of("target"), "replica-last-scan", ".yaml");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (targets != null) {
            Files.deleteIfExists(targets);
        }
    }

    private static void exec(ConnectionSettings on, String... statements) throws SQLException {
        try (Connection c = Connections.open(on); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static long standbyScans() {
        try (Connection c = Connections.open(cluster.standby().withDbname("fleet_last")); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select idx_scan from pg_stat_user_indexes where indexrelname = 't_a'")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException | RuntimeException e) {
            return 0;
        }
    }

    private static int major() throws SQLException {
        try (Connection c = Connections.open(cluster.primary())) {
            return Connections.serverMajor(c);
        }
    }

    private static Map<String, Object> plan(String... more) throws Exception {
        Files.writeString(targets, """
                targets:
                  - name: rep
                    conninfo: "host=127.0.0.1 port=%d user=postgres dbname=fleet_last sslmode=disable"
                    replicas: ["host=127.0.0.1 port=%d user=postgres sslmode=disable connect_timeout=5"]
                """.formatted(cluster.primary().port(), cluster.standby().port()));
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("plan", "--targets",
                targets.toString(), "--format", "json"), java.util.stream.Stream.of(more)).toArray(String[]::new);
        Cli.Result result = Cli.run(all);
        assertTrue(result.exitCode() == 0 || result.exitCode() == 1, result::toString);
        return JsonRead.object(result.out());
    }

    private static Map<String, Object> unused(Map<String, Object> report, String index) {
        return JsonRead.list(report, "findings").stream().filter(f -> "unused_index".equals(f.get("kind"))
                && List.of(index).equals(f.get("indexes"))).findFirst().orElse(null);
    }

    @Test
    @Order(1)
    void aScanOnTheStandbyIsAUseAndFrom16OnlyWithinTheWindow() throws Exception {
        String standby = "127.0.0.1:" + cluster.standby().port();
        Map<String, Object> report = plan();
        assertNull(unused(report, "t_a"), report::toString);
        Map<String, Object> hostile = unused(report, HOSTILE);
        assertNotNull(hostile, report::toString);
        Map<?, ?> details = (Map<?, ?>) hostile.get("details");
        assertEquals(Map.of("primary", 0, standby, 0), details.get("scans_per_node"), details::toString);
        Map<?, ?> lastScans = (Map<?, ?>) details.get("last_scan_per_node");
        assertTrue(lastScans.containsKey("primary") && lastScans.containsKey(standby) && lastScans.get(standby) == null,
                details::toString);
        // both nodes' statistics are minutes old, younger than the 7-day window: weak, and the replica is named
        assertEquals(true, details.get("weak"), details::toString);
        assertEquals("info", hostile.get("severity"));
        assertTrue(hostile.get("message").toString().contains("replica " + standby + "'s statistics begin at"),
                hostile::toString);
        assertNotNull(((Map<?, ?>) details.get("stats_since_per_node")).get(standby), details::toString);

        // a window of 0 days: no last scan is recent enough; only 16+ knows when the standby last scanned t_a
        Map<String, Object> noWindow = plan("--set", "params.unused_index.last_scan_older_than_days=0");
        Map<String, Object> ta = unused(noWindow, "t_a");
        if (major() >= 16) {
            assertNotNull(ta, noWindow::toString);
            Map<?, ?> taDetails = (Map<?, ?>) ta.get("details");
            assertTrue(((Number) ((Map<?, ?>) taDetails.get("scans_per_node")).get(standby)).longValue() > 0,
                    taDetails::toString);
            assertNotNull(((Map<?, ?>) taDetails.get("last_scan_per_node")).get(standby), taDetails::toString);
        } else {
            assertNull(ta, noWindow::toString);
        }
    }

    @Test
    @Order(2)
    void aReplicaWhoseStatisticsBeganAfterTheWindowMakesTheVerdictWeak() throws Exception {
        // the primary's statistics older than the window, the standby's (restarted now) younger
        long windowSeconds = 30;
        TestDatabase.await("the primary's statistics " + 2 * windowSeconds + " s old", () -> {
            try (Connection c = Connections.open(cluster.primary()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select extract(epoch from now() - pg_postmaster_start_time()) > "
                         + 2 * windowSeconds)) {
                return rs.next() && rs.getBoolean(1);
            } catch (SQLException | RuntimeException e) {
                return false;
            }
        });
        long before = standbyScans();
        cluster.stopStandby();
        cluster.startStandby();
        long after = standbyScans();
        // 15+ keeps a standby's statistics over a clean restart; before 15 its start discards them
        if (major() >= 15) {
            assertEquals(before, after);
        } else {
            assertEquals(0, after);
        }
        String days = String.valueOf(windowSeconds / 86400.0);
        Map<String, Object> report = plan("--set", "thresholds.unused_index_min_stats_age_days=" + days);
        Map<String, Object> hostile = unused(report, HOSTILE);
        assertNotNull(hostile, report::toString);
        String standby = "127.0.0.1:" + cluster.standby().port();
        assertEquals(true, ((Map<?, ?>) hostile.get("details")).get("weak"), hostile::toString);
        assertTrue(hostile.get("message").toString().contains("replica " + standby + "'s statistics begin at"),
                hostile::toString);

        Map<String, Object> firm = plan("--set", "thresholds.unused_index_min_stats_age_days=0");
        Map<String, Object> sure = unused(firm, HOSTILE);
        assertEquals("warning", sure.get("severity"), sure::toString);
        assertEquals(false, ((Map<?, ?>) sure.get("details")).get("weak"), sure::toString);
    }
}
