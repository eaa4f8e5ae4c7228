package org.pgmaint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.TestDatabase;

/** table_bloat and index_bloat: a table and index 70% emptied by a delete + vacuum, beside dense ones. */
@Covers({"table_bloat", "index_bloat"})
class BloatChecksTest {
    private static final String[] SMALL_FLOORS = {
        "--set", "params.table_bloat.min_table_bytes=1000000",
        "--set", "params.index_bloat.min_index_bytes=500000",
        "--set", "thresholds.table_bloat_min_wasted_bytes=100000",
        "--set", "thresholds.index_bloat_min_wasted_bytes=100000"};

    private static void fixture(TestDatabase db) {
        db.execFlushed("create schema app", "create schema \"Weird Schema\"",
                "create table app.dense(id int primary key, pad text) with (autovacuum_enabled = false)",
                "insert into app.dense select g, repeat('x', 100) from generate_series(1, 100000) g",
                "vacuum analyze app.dense",
                "create table \"Weird Schema\".\"Odd \"\"Name\"\" Table\"(id int, pad text) with (autovacuum_enabled = false)",
                "insert into \"Weird Schema\".\"Odd \"\"Name\"\" Table\" select g, repeat('x', 100) from generate_series(1, 100000) g",
                "create index \"Odd \"\"Name\"\" idx\" on \"Weird Schema\".\"Odd \"\"Name\"\" Table\" (id)",
                "analyze \"Weird Schema\".\"Odd \"\"Name\"\" Table\"",
                "delete from \"Weird Schema\".\"Odd \"\"Name\"\" Table\" where id % 10 < 7",
                "vacuum analyze \"Weird Schema\".\"Odd \"\"Name\"\" Table\"",
                // vacuumed but never analyzed: sized, but no column statistics
                "create table app.unanalyzed(id int, pad text) with (autovacuum_enabled = false)",
                "insert into app.unanalyzed select g, repeat('y', 100) from generate_series(1, 50000) g",
                "vacuum app.unanalyzed");
    }

    @Test
    void bloatedTableAndIndexAreReportedDenseOnesAreNot() {
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            PlanRun plan = PlanRun.of(db, SMALL_FLOORS);
            String weird = "Weird Schema";
            String odd = "Odd \"Name\" Table";
            Map<String, Object> table = plan.finding("table_bloat", weird, odd);
            assertEquals("critical", table.get("severity"), table.toString());
            double pct = ((Number) ((Map<?, ?>) table.get("details")).get("wasted_pct")).doubleValue();
            assertTrue(pct > 60 && pct < 80, "about 70% wasted, estimated " + pct);
            assertEquals("VACUUM (FULL, ANALYZE) \"Weird Schema\".\"Odd \"\"Name\"\" Table\";", table.get("suggestion"));

            Map<String, Object> index = plan.finding("index_bloat", weird, odd);
            assertEquals(List.of("Odd \"Name\" idx"), index.get("indexes"));
            double indexPct = ((Number) ((Map<?, ?>) index.get("details")).get("wasted_pct")).doubleValue();
            assertTrue(indexPct > 55 && indexPct < 80, "about 70% of the index wasted, estimated " + indexPct);
            assertEquals("REINDEX INDEX CONCURRENTLY \"Weird Schema\".\"Odd \"\"Name\"\" idx\";", index.get("suggestion"));

            plan.assertNone("table_bloat", "app", "dense");
            plan.assertNone("index_bloat", "app", "dense");
        }
    }

    @Test
    void tableWithoutStatisticsIsNamedNotGuessed() {
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            PlanRun plan = PlanRun.of(db, SMALL_FLOORS);
            Map<String, Object> f = plan.finding("table_bloat", "app", "unanalyzed");
            assertEquals("info", f.get("severity"));
            assertEquals("missing", ((Map<?, ?>) f.get("details")).get("statistics"));
            assertTrue(f.get("message").toString().contains("no planner statistics"), f.toString());
        }
    }

    @Test
    void defaultSizeFloorKeepsSmallTablesQuiet() {
        try (TestDatabase db = TestDatabase.create()) {
            fixture(db);
            PlanRun plan = PlanRun.of(db);
            assertEquals(List.of(), plan.findings("table_bloat"));
            assertEquals(List.of(), plan.findings("index_bloat"));
        }
    }
}
