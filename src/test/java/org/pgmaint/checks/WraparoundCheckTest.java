package org.pgmaint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.TestDatabase;

/**
 * xid_wraparound: real xid ages (burnt with txid_current) against levels set tiny through the config, so a
 * table created before 1,100 transactions is critical, one created before 100 is a warning and a table
 * frozen afterwards is quiet.
 */
@Covers("xid_wraparound")
class WraparoundCheckTest {

    private static void burnXids(TestDatabase db, int n) {
        String[] statements = new String[n];
        java.util.Arrays.fill(statements, "select txid_current()");
        db.exec(statements);
    }

    /** VACUUM (FREEZE) of the table; full runs merge their analyze into it: VACUUM (FREEZE, ANALYZE). */
    private static boolean isFreeze(Map<String, Object> action, String quotedTable) {
        String sql = action.get("sql").toString();
        return sql.equals("VACUUM (FREEZE) " + quotedTable) || sql.equals("VACUUM (FREEZE, ANALYZE) " + quotedTable);
    }

    private static double fraction(TestDatabase db, int xids) {
        long freezeMaxAge = Long.parseLong(db.value("show autovacuum_freeze_max_age").toString());
        return xids / (double) freezeMaxAge;
    }

    @Test
    void criticalTablesGetAnUrgentVacuumFreezeFirstInAnyMode() {
        try (TestDatabase db = TestDatabase.create()) {
            db.exec("create schema app", "create schema \"Weird Schema\"",
                    "create table app.old(id int)", "create table \"Weird Schema\".\"Odd \"\"Name\"\" Table\"(id int)",
                    "create table app.busy(id int) with (autovacuum_enabled = false)");
            burnXids(db, 1000);
            db.exec("create table app.middle(id int)");
            burnXids(db, 100);
            db.exec("create table app.fresh(id int)", "vacuum freeze app.fresh");
            // app.busy also needs an ordinary vacuum: the freeze must still come first
            db.execFlushed("insert into app.busy select generate_series(1, 10000)", "analyze app.busy",
                    "delete from app.busy where id <= 5000");
            db.awaitDeadTuples("app", "busy", 5000);
            for (String mode : List.of("standard", "full")) {
                List<String> args = new java.util.ArrayList<>(List.of(
                        "--set", "thresholds.xid_critical_fraction=" + fraction(db, 1000),
                        "--set", "thresholds.xid_warning_fraction=" + fraction(db, 50)));
                if (mode.equals("full")) {
                    args.add("--full");
                }
                PlanRun plan = PlanRun.of(db, args.toArray(String[]::new));
                Map<String, Object> old = plan.finding("xid_wraparound", "app", "old");
                assertEquals("critical", old.get("severity"));
                plan.finding("xid_wraparound", "Weird Schema", "Odd \"Name\" Table");
                assertEquals("warning", plan.finding("xid_wraparound", "app", "middle").get("severity"));
                plan.assertNone("xid_wraparound", "app", "fresh");

                List<Map<String, Object>> actions = plan.actions();
                List<Map<String, Object>> freezes = actions.stream()
                        .filter(a -> a.get("sql").toString().contains("FREEZE")).toList();
                assertEquals(3, freezes.size(), actions::toString);
                for (int i = 0; i < freezes.size(); i++) {
                    assertEquals(freezes.get(i), actions.get(i), "freezes come first: " + actions);
                }
                assertTrue(actions.stream().anyMatch(a -> isFreeze(a, "\"app\".\"old\"")), actions::toString);
                assertTrue(actions.stream().anyMatch(a -> isFreeze(a,
                        "\"Weird Schema\".\"Odd \"\"Name\"\" Table\"")), actions::toString);
                assertTrue(actions.stream().anyMatch(a -> a.get("sql").toString().contains("FREEZE")
                        && a.get("table").equals("busy")), actions::toString);
            }
        }
    }

    @Test
    void defaultLevelsAreQuietOnAYoungCluster() {
        try (TestDatabase db = TestDatabase.create()) {
            db.exec("create schema app", "create table app.old(id int)");
            burnXids(db, 100);
            PlanRun plan = PlanRun.of(db);
            assertEquals(List.of(), plan.findings("xid_wraparound"));
            assertTrue(plan.actions().stream().noneMatch(a -> a.get("sql").toString().contains("FREEZE")));
        }
    }
}
