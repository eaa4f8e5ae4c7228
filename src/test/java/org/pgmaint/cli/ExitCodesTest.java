package org.pgmaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.Cli;
import org.pgmaint.testing.JsonRead;
import org.pgmaint.testing.TestDatabase;

/**
 * plan, report and run --dry-run read the same database the same way, so they exit the same way: 1 when a human is
 * needed (here: a critical finding), 0 when not.
 */
class ExitCodesTest {
    private static final String TABLE = "app.\"Odd \"\"Name\"\" Table\"";

    /** The three read-only commands on one database, each exit code by command. */
    private static Map<String, Integer> exitCodes(TestDatabase db) throws IOException {
        Path dir = Files.createTempDirectory("pgmaint-exit");
        Map<String, Integer> codes = new LinkedHashMap<>();
        for (List<String> command : List.of(List.of("plan"), List.of("plan", "--format", "json"), List.of("report"),
                List.of("report", "--format", "json"), List.of("run", "--dry-run", "--set", "report.dir=" + dir))) {
            Cli.Result result = Cli.run(command.get(0), db, command.subList(1, command.size()).toArray(String[]::new));
            codes.put(String.join(" ", command).replace(dir.toString(), "DIR"), result.exitCode());
        }
        return codes;
    }

    private static void fixture(TestDatabase db) {
        db.exec("create schema app", "create table " + TABLE + "(v int)", "insert into " + TABLE + " values (1), (1), (2)");
    }

    @Test
    void aCriticalFindingIsExitOneForPlanReportAndDryRunAlike() throws IOException {
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            // the invalid leftover of an interrupted REINDEX CONCURRENTLY: critical
            assertThrows(RuntimeException.class, () -> db.exec(
                    "create unique index concurrently \"Odd v_ccnew\" on " + TABLE + " (v)"));
            Map<String, Object> plan = JsonRead.object(Cli.run("plan", db, "--format", "json").out());
            assertTrue(JsonRead.list(plan, "findings").stream().anyMatch(f -> "invalid_index".equals(f.get("kind"))
                    && "critical".equals(f.get("severity"))), plan::toString);

            Map<String, Integer> codes = exitCodes(db);
            codes.forEach((command, code) -> assertEquals(ExitCodes.ALERTS, code, command + ": " + codes));
        }
    }

    @Test
    void noFindingThatNeedsAHumanIsExitZeroForAll() throws IOException {
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            // the look-alike: a valid index whose name only looks like a leftover
            db.exec("create unique index \"Odd v_ccnew\" on " + TABLE + " (v) where v > 1");
            Map<String, Integer> codes = exitCodes(db);
            codes.forEach((command, code) -> assertEquals(ExitCodes.OK, code, command + ": " + codes));
        }
    }
}
