package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgmaint.report.Templates;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/** `pgmaint report`: findings only, never actions; `pgmaint validate` also parses the report templates. */
class ReportCommandTest {

    @Test
    void reportListsNoActionsEvenWhenSomeAreDue() throws IOException {
        try (TestDatabase db = TestDatabase.create()) {
            db.execFlushed("create schema app",
                    "create table app.\"Odd \"\"Name\"\" Table\"(id int) with (autovacuum_enabled = false)",
                    "insert into app.\"Odd \"\"Name\"\" Table\" select generate_series(1, 10000)",
                    "analyze app.\"Odd \"\"Name\"\" Table\"",
                    "delete from app.\"Odd \"\"Name\"\" Table\" where id <= 5000");
            db.awaitDeadTuples("app", "Odd \"Name\" Table", 5000);
            Cli.Result plan = Cli.run("plan", db, "--format", "json");
            assertFalse(JsonRead.list(JsonRead.object(plan.out()), "actions").isEmpty(), plan::toString);

            Cli.Result json = Cli.run("report", db, "--format", "json");
            assertEquals(0, json.exitCode(), json::toString);
            Map<String, Object> report = JsonRead.object(json.out());
            assertEquals(db.name(), report.get("database"));
            assertTrue(JsonRead.list(report, "actions").isEmpty(), json::toString);
            assertEquals(true, report.get("dry_run"));

            Path metrics = Files.createTempDirectory("pgmaint-metrics").resolve("pgmaint.prom");
            Cli.Result text = Cli.run("report", db, "--metrics-file", metrics.toString());
            assertEquals(0, text.exitCode(), text::toString);
            assertTrue(text.out().startsWith("pgmaint findings report: database " + db.name()), text::toString);
            assertFalse(text.out().contains("ACTIONS"), text::toString);
            assertTrue(text.out().lines().anyMatch(l -> l.matches(" +5000 +5000 +50\\.0%  app\\.Odd \"Name\" Table")),
                    text::toString);
            String prom = Files.readString(metrics);
            assertTrue(prom.contains("pgmaint_table_dead_tuple_ratio_before_run{database=\"" + db.name()
                    + "\",schema=\"app\",table=\"Odd \\\"Name\\\" Table\"} 0.5000"), prom);
            assertTrue(prom.contains("pgmaint_actions{database=\"" + db.name()
                    + "\",mode=\"standard\",kind=\"vacuum\",status=\"planned\"} 0"), prom);
        }
    }

    @Test
    void metricsOfAnUnreachableDatabaseNameIt(@TempDir Path dir) throws IOException {
        Path metrics = dir.resolve("pgmaint.prom");
        for (String command : List.of("report", "run")) {
            Files.writeString(metrics, "stale\n");
            Cli.Result result = Cli.run(command, "-h", "127.0.0.1", "-p", "1", "-d", "Odd \"db\" name", "-U", "postgres",
                    "--metrics-file", metrics.toString(), "--set", "report.dir=" + dir.resolve("runs"));
            assertEquals(ExitCodes.DATABASE_UNAVAILABLE, result.exitCode(), result::toString);
            String prom = Files.readString(metrics);
            assertTrue(prom.contains("pgmaint_run_outcome{database=\"Odd \\\"db\\\" name\",mode=\"standard\","
                    + "outcome=\"unreachable\"} 1"), command + ":\n" + prom);
        }
    }

    @Test
    void reportOnAClosedPortExitsThree() {
        Cli.Result result = Cli.run("report", "-h", "127.0.0.1", "-p", "1", "-d", "postgres", "-U", "postgres");
        assertEquals(ExitCodes.DATABASE_UNAVAILABLE, result.exitCode(), result::toString);
    }

    @Test
    void validateParsesTheTemplates(@TempDir Path dir) throws IOException {
        Cli.Result ok = Cli.run("validate");
        assertEquals(0, ok.exitCode(), ok::toString);
        assertTrue(ok.out().contains("3 report templates"), ok::toString);

        for (String name : Templates.ALL) {
            Files.writeString(dir.resolve(name), "fine\n");
        }
        Files.writeString(dir.resolve(Templates.REPORT_HTML), "<p>\n${run.database\n</p>\n");
        Cli.Result broken = Cli.run("validate", "--set", "report.templates_dir=" + dir);
        assertEquals(ExitCodes.INVALID_INPUT, broken.exitCode(), broken::toString);
        assertTrue(broken.err().contains(dir.resolve(Templates.REPORT_HTML) + ":"), broken::toString);

        Cli.Result badRetention = Cli.run("validate", "--set", "report.retention_days=0");
        assertEquals(ExitCodes.INVALID_INPUT, badRetention.exitCode(), badRetention::toString);
        assertTrue(badRetention.err().contains("report.retention_days: '0' is not valid: should be a whole number from 1 to 3650"), badRetention::toString);
    }
}
