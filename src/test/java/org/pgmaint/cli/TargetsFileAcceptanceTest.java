package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.report.PathNames;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.ServerWithSettings;
import org.pgmaint.testing.TestServer;

/**
 * A fleet of three targets from one file: the test server, a second private server on another port, and a host
 * that does not answer. Two complete, the third is a failure entry with its alert, within the connect timeout.
 */
class TargetsFileAcceptanceTest {
    @TempDir
    Path dir;

    private static String conninfo(ConnectionSettings server) {
        return "host=" + server.host() + " port=" + server.port() + " user=postgres dbname=postgres sslmode=disable";
    }

    @Test
    void twoTargetsCompleteAndTheOneThatDoesNotAnswerIsAFailureEntryWithItsAlert() throws Exception {
        ConnectionSettings shared = TestServer.admin();
        ConnectionSettings second = ServerWithSettings.admin(Map.of("work_mem", "8MB"));
        Path targets = dir.resolve("targets.yaml");
        Files.writeString(targets, """
                targets:
                  - name: shared
                    conninfo: "%s"
                    tags: [local]
                  - name: second
                    conninfo: "%s"
                    tags: [local]
                    config:
                      thresholds.vacuum_dead_tuple_pct: 30
                  - name: gone
                    conninfo: "host=10.255.255.1 port=5432 user=postgres dbname=postgres connect_timeout=2"
                """.formatted(conninfo(shared), conninfo(second)));
        Path reports = dir.resolve("reports");
        long start = System.nanoTime();
        Path metrics = dir.resolve("pgmaint.prom");
        Cli.Result run = Cli.run("run", "--targets", targets.toString(), "--set", "report.dir=" + reports,
                "--format", "json", "--metrics-file", metrics.toString());
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        assertEquals(1, run.exitCode(), run::toString);
        // a hang would never end; the connect timeout (2 s) bounds the target that does not answer (loose: a
        // loaded machine runs the other two targets slowly)
        assertTrue(seconds < 120, "took " + seconds + " s");
        Map<String, Object> root = JsonRead.object(run.out());
        List<Map<String, Object>> done = JsonRead.list(root, "reports");
        assertEquals(List.of("shared", "second"), done.stream().map(r -> r.get("target")).toList());
        List<Map<String, Object>> failures = JsonRead.list(root, "failures");
        assertEquals(1, failures.size(), failures::toString);
        assertEquals("gone", failures.get(0).get("target"));
        assertEquals(3, ((Number) failures.get(0).get("exit_code")).intValue());
        try (Stream<Path> files = Files.list(reports.resolve("gone").resolve("postgres"))) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().matches("alert_\\d{8}_\\d{6}\\.txt")));
        }
        try (Stream<Path> files = Files.list(reports)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.matches("fleet_alert_\\d{8}_\\d{6}\\.txt")), names::toString);
        }
        Path fleetAlert;
        try (Stream<Path> files = Files.list(reports)) {
            fleetAlert = files.filter(p -> p.getFileName().toString().startsWith("fleet_alert_")).findFirst().orElseThrow();
        }
        String alert = Files.readString(fleetAlert);
        assertTrue(alert.contains("gone / postgres") && !alert.contains("shared / postgres"), alert);
        assertTrue(Files.isDirectory(reports.resolve(PathNames.component("second")).resolve("postgres")));

        String prom = Files.readString(metrics);
        assertEquals(1, prom.lines().filter(l -> l.startsWith("# HELP pgmaint_run_outcome ")).count(), prom);
        assertTrue(prom.contains("pgmaint_run_outcome{target=\"gone\",database=\"postgres\",mode=\"standard\",outcome=\"unreachable\"} 1"), prom);
        assertTrue(prom.contains("pgmaint_run_outcome{target=\"shared\",database=\"postgres\""), prom);
        assertTrue(prom.contains("pgmaint_findings_by_severity{target=\"second\",database=\"postgres\""), prom);

        // only the tagged ones
        Cli.Result local = Cli.run("plan", "--targets", targets.toString(), "--tag", "local", "--format", "json");
        assertEquals(0, local.exitCode(), local::toString);
        assertEquals(2, JsonRead.list(JsonRead.object(local.out()), "reports").size());
        Cli.Result one = Cli.run("plan", "--targets", targets.toString(), "--target", "second", "--format", "json");
        assertEquals(0, one.exitCode(), one::toString);
        assertEquals("postgres", JsonRead.object(one.out()).get("database"), "one database: today's object");
        Cli.Result typo = Cli.run("plan", "--targets", targets.toString(), "--target", "secnd");
        assertEquals(2, typo.exitCode(), typo::toString);
        assertTrue(typo.err().contains("did you mean second?"), typo::toString);
        Cli.Result mixed = Cli.run("plan", "--targets", targets.toString(), "-h", "127.0.0.1");
        assertEquals(2, mixed.exitCode(), mixed::toString);
    }
}
