package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;

/**
 * The replica-aware unused-index verdict on a real streaming replica: a private PostgreSQL 15 primary and a
 * standby made by pg_basebackup -R (on free ports), both stopped by pid at the end. The binaries are the system's
 * PostgreSQL 15 whatever the build's major (ReplicaLastScanTest covers the majors).
 */
@org.pgmaint.testing.VersionIndependent
class ReplicaUnusedIndexTest {
    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final int PRIMARY = freePort();
    private static final int STANDBY = freePort();
    private static Path root;
    private static final List<Path> DATA = new ArrayList<>();

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void primaryAndStandby() throws Exception {
        assumeTrue(Files.isExecutable(BIN.resolve("initdb")), "PostgreSQL 15 binaries in " + BIN);
        root = Files.createTempDirectory("fleet-replica");
        run("chown", "postgres", root.toString());
        Path primary = root.resolve("primary");
        Path standby = root.resolve("standby");
        asPostgres(BIN.resolve("initdb").toString(), "-D", primary.toString(), "-A", "trust", "-U", "postgres");
        start(primary, PRIMARY);
        try (Connection db = open(PRIMARY, "postgres"); Statement s = db.createStatement()) {
            s.execute("create database fleet_rep");
        }
        try (Connection db = open(PRIMARY, "fleet_rep"); Statement s = db.createStatement()) {
            s.execute("create table t (id int primary key, a int, b int)");
            s.execute("create index t_a on t (a)");
            s.execute("create index t_b on t (b)");
            s.execute("insert into t select i, i % 100, i % 7 from generate_series(1, 5000) i");
            s.execute("analyze t");
        }
        asPostgres(BIN.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", String.valueOf(PRIMARY),
                "-U", "postgres", "-D", standby.toString(), "-R", "-X", "stream");
        start(standby, STANDBY);
        try (Connection db = open(STANDBY, "fleet_rep"); Statement s = db.createStatement()) {
            s.execute("set enable_seqscan = off");
            s.execute("set enable_bitmapscan = off");
            try (ResultSet rs = s.executeQuery("select count(*) from t where a = 5")) {
                rs.next();
                assertEquals(50, rs.getInt(1));
            }
            s.execute("select pg_stat_force_next_flush()");
        }
        // a new session: the first one's counters are flushed when it ends at the latest
        for (int i = 0; i < 50 && scansOnStandby() == 0; i++) {
            Thread.sleep(200);
        }
        assertTrue(scansOnStandby() > 0, "the standby counted its own scan of t_a");
    }

    private static long scansOnStandby() throws SQLException {
        try (Connection db = open(STANDBY, "fleet_rep"); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("select idx_scan from pg_stat_user_indexes where indexrelname = 't_a'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Path data : DATA) {
            Path pidFile = data.resolve("postmaster.pid");
            if (Files.exists(pidFile)) {
                stopByPid(data);
            }
        }
        if (root != null) {
            run("rm", "-rf", root.toString());
        }
    }

    private static void stopByPid(Path data) throws Exception {
        String pid = Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip();
        run("kill", "-INT", pid);
        for (int i = 0; i < 100 && Files.exists(data.resolve("postmaster.pid")); i++) {
            Thread.sleep(100);
        }
    }

    private static void start(Path data, int port) throws Exception {
        asPostgres(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l", data + ".log", "-o",
                "-p " + port + " -k " + root + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        DATA.add(data);
    }

    private static void asPostgres(String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        args.addAll(List.of(command));
        run(args.toArray(String[]::new));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static Connection open(int port, String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, props);
    }

    private static List<Map<String, Object>> unused(Map<String, Object> report, String kind) {
        return JsonRead.list(report, "findings").stream().filter(f -> kind.equals(f.get("kind"))).toList();
    }

    @Test
    void anIndexScannedOnlyOnTheStandbyIsNotUnusedAndAStoppedStandbyWithholdsEveryVerdict() throws Exception {
        Path targets = root.resolve("targets.yaml");
        Files.writeString(targets, """
                targets:
                  - name: rep
                    conninfo: "host=127.0.0.1 port=%d user=postgres dbname=fleet_rep sslmode=disable"
                    replicas: ["host=127.0.0.1 port=%d user=postgres sslmode=disable connect_timeout=2"]
                """.formatted(PRIMARY, STANDBY));
        Cli.Result plan = Cli.run("plan", "--targets", targets.toString(), "--format", "json");
        assertTrue(plan.exitCode() == 0 || plan.exitCode() == 1, plan::toString);
        Map<String, Object> report = JsonRead.object(plan.out());
        List<Map<String, Object>> unused = unused(report, "unused_index");
        List<Object> indexes = unused.stream().map(f -> (Object) ((List<?>) f.get("indexes")).get(0)).toList();
        assertEquals(List.of("t_b"), indexes, plan::toString);
        Map<?, ?> details = (Map<?, ?>) unused.get(0).get("details");
        assertEquals(Map.of("primary", 0, "127.0.0.1:" + STANDBY, 0), details.get("scans_per_node"), details::toString);
        assertTrue(unused(report, "unused_index_unverified").isEmpty());
        // the replica was only read: pgmaint never connects to it to act
        assertFalse(plan.out().contains("\"database\":\"postgres\""));

        stopByPid(root.resolve("standby"));
        Cli.Result down = Cli.run("plan", "--targets", targets.toString(), "--format", "json");
        Map<String, Object> withheld = JsonRead.object(down.out());
        assertTrue(unused(withheld, "unused_index").isEmpty(), down::toString);
        List<Map<String, Object>> unverified = unused(withheld, "unused_index_unverified");
        assertEquals(1, unverified.size(), down::toString);
        String message = unverified.get(0).get("message").toString();
        assertTrue(message.contains("127.0.0.1:" + STANDBY) && message.contains("2 index(es)"), message);
    }
}
