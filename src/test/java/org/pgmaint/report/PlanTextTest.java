package org.pgmaint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.pgmaint.collect.CheckNotRun;
import org.pgmaint.execute.RunResult;
import org.pgmaint.model.Action;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Mode;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;
import org.pgmaint.testing.VersionIndependent;

/** The terminal text of a plan, exactly: header, summary, aligned action table, findings, skipped and failed checks. */
@VersionIndependent
class PlanTextTest {
    @Test
    void rendersTheWholePlan() {
        Action vacuum = Action.vacuum("public", "orders", "dead tuples 25%").withOption("analyze").withOption("freeze");
        Action reindex = Action.reindex("Weird Schema", "Odd \"Name\" Table", "orders_pkey", "full run: important table");
        Action cancel = Action.cancelQuery(4242, "2026-01-01", "2026-01-02", "active for 12 min");
        Plan plan = new Plan("shop", "15.20", 15, Mode.FULL, List.of(
                new PlannedAction("1", vacuum, true, "VACUUM (ANALYZE, FREEZE) public.orders", "planned", null, null),
                new PlannedAction("2", reindex, false, "REINDEX", "skipped", "lock timeout", null),
                new PlannedAction("3", cancel, true, "select pg_cancel_backend(4242)", "planned", null, null)),
                List.of(Finding.critical("duplicate_index", "public", "orders", "two identical indexes")
                                .withIndexes("a_idx", "b_idx").withSuggestion("DROP INDEX CONCURRENTLY public.b_idx;"),
                        Finding.info("long_running_query", null, null, "pid 4242 active for 12 min")),
                List.of(new CheckNotRun("cache_processor_lag", "no SQL for PostgreSQL 12")),
                List.of(new CheckNotRun("table_bloat", "failed: canceling statement due to statement timeout")));

        String text = PlanText.render(new RunResult(plan, true, Instant.EPOCH, Instant.EPOCH, List.of()));

        assertEquals("""
                pgmaint full plan for database shop (PostgreSQL 15.20), dry run: nothing was changed

                Summary: 2 findings (1 critical, 0 warning, 1 info)
                  KIND                CRITICAL  WARNING  INFO  WEAK  RECLAIM  LARGEST
                  duplicate_index     1         0        0     0
                  long_running_query  0         0        1     0

                #  KIND                      OBJECT                                           APPROVED  STATUS   REASON
                1  vacuum (analyze, freeze)  public.orders                                    yes       planned  dead tuples 25%
                2  reindex                   Weird Schema.Odd "Name" Table index orders_pkey  no        skipped  full run: important table [lock timeout]
                3  cancel_query              pid 4242                                         yes       planned  active for 12 min

                Findings (2) by kind, the most space to reclaim first, at most 20 per kind:
                duplicate_index (1):
                  [critical] public.orders: two identical indexes => DROP INDEX CONCURRENTLY public.b_idx;
                long_running_query (1):
                  [info] pid 4242 active for 12 min

                skipped check cache_processor_lag: no SQL for PostgreSQL 12
                FAILED check table_bloat: failed: canceling statement due to statement timeout
                """, text);
    }

    @Test
    void optionsReadTheSameInEveryLocale() {
        Locale before = Locale.getDefault();
        try {
            // Turkish lower-cases I to a dotless i
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            Action vacuum = Action.vacuum("public", "orders", "dead tuples").withOption("analyze").withOption("index_cleanup");
            Plan plan = new Plan("shop", "15.20", 15, Mode.STANDARD,
                    List.of(new PlannedAction("1", vacuum, true, "VACUUM", "planned", null, null)), List.of(), List.of(), List.of());
            String text = PlanText.render(new RunResult(plan, true, Instant.EPOCH, Instant.EPOCH, List.of()));
            assertTrue(text.contains("vacuum (analyze, index_cleanup)"), text);
        } finally {
            Locale.setDefault(before);
        }
    }
}
