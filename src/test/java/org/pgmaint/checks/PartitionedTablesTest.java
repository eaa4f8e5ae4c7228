package org.pgmaint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.TestDatabase;

/**
 * Partitioned tables: the parent's own ANALYZE (autovacuum never does it), sizes that are the partitions' sum
 * (relpages of a partitioned table or index is -1 or 0), a partitioned index judged once by its partitions' scans.
 */
@Covers("partitioned_table_analyze")
class PartitionedTablesTest {
    private static final String PARENT = "Odd \"Parted\"";
    private static final String PARENT_SQL = "app.\"Odd \"\"Parted\"\"\"";
    private static TestDatabase db;

    @BeforeAll
    static void fixture() {
        db = TestDatabase.create();
        db.execFlushed("create schema app",
                "create table app.site(id int primary key)",
                "insert into app.site select generate_series(1, 10)",
                "create table " + PARENT_SQL + "(id int, site_id int references app.site, v int, w int) partition by range (id)",
                "create table app.\"parted; 1\" partition of " + PARENT_SQL + " for values from (0) to (5000) with (autovacuum_enabled = false)",
                "create table app.parted_2 partition of " + PARENT_SQL + " for values from (5000) to (10000) with (autovacuum_enabled = false)",
                "insert into " + PARENT_SQL + " select g, g % 10 + 1, g, g from generate_series(0, 9999) g",
                "create index parted_v on " + PARENT_SQL + " (v)",
                "create index parted_v_again on " + PARENT_SQL + " (v)");
        // after the inserts' counts are flushed: else they land after the analyze and count as modifications
        db.execFlushed("vacuum analyze " + PARENT_SQL);
    }

    @AfterAll
    static void drop() {
        if (db != null) {
            db.close();
        }
    }

    private static List<Map<String, Object>> parentAnalyzes(PlanRun plan) {
        return plan.actions().stream().filter(a -> "analyze".equals(a.get("kind")) && PARENT.equals(a.get("table"))).toList();
    }

    @Test
    void aFullRunAnalyzesTheParentAStandardRunOnlyWhenItIsStale() {
        assertEquals(List.of(), parentAnalyzes(PlanRun.of(db)), "analyzed and unchanged: nothing to do");
        List<Map<String, Object>> full = parentAnalyzes(PlanRun.of(db, "--full"));
        assertEquals(1, full.size(), full::toString);
        assertTrue(full.get(0).get("reason").toString().contains("autovacuum never does"), full.toString());
    }

    @Test
    void sizesOfPartitionedTablesAndIndexesAreTheirPartitionsSum() {
        long partitionBytes = ((Number) db.value("select sum(pg_relation_size(inhrelid)) from pg_inherits"
                + " where inhparent = '" + PARENT_SQL.replace("'", "''") + "'::regclass")).longValue();
        long indexBytes = ((Number) db.value("select sum(pg_relation_size(i.inhrelid)) from pg_inherits i"
                + " where i.inhparent = 'app.parted_v'::regclass")).longValue();
        PlanRun plan = PlanRun.of(db);
        Map<String, Object> duplicate = plan.finding("duplicate_index", "app", PARENT);
        assertTrue(duplicate.get("message").toString().contains("to save " + org.pgmaint.model.Text.bytes((double) indexBytes)),
                duplicate.toString());
        Map<String, Object> unused = plan.findings("unused_index", "app", PARENT).stream()
                .filter(f -> ((List<?>) f.get("indexes")).contains("parted_v")).findFirst().orElseThrow();
        assertTrue(unused.get("message").toString().contains("its 2 partitions, summed"), unused.toString());
        assertTrue(unused.get("message").toString().contains("it costs " + org.pgmaint.model.Text.bytes(indexBytes)), unused.toString());
        assertEquals("DROP INDEX \"app\".\"parted_v\";", unused.get("suggestion"));
        // each partition's own copy is not reported again
        plan.assertNone("unused_index", "app", "parted; 1");
        plan.assertNone("unused_index", "app", "parted_2");
        Map<String, Object> fk = plan.finding("fk_without_index", "app", PARENT);
        assertEquals(partitionBytes, ((Number) ((Map<?, ?>) fk.get("details")).get("table_bytes")).longValue(), fk.toString());
    }
}
