package org.pgmaint.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pgmaint.collect.CollectedFacts;
import org.pgmaint.config.Config;
import org.pgmaint.model.Action;
import org.pgmaint.model.Mode;
import org.pgmaint.rules.Evaluation;
import org.pgmaint.testing.VersionIndependent;

@VersionIndependent
class PlannerTest {
    private static List<String> order(Action... actions) {
        CollectedFacts collection = new CollectedFacts(15, "15.0", "app", List.of(), List.of(), List.of());
        Plan plan = new Planner(ApprovalPolicy.from(Config.defaults()))
                .plan(collection, new Evaluation(List.of(actions), List.of(), 0), Mode.STANDARD);
        return plan.actions().stream().map(p -> p.action().kind().id() + " " + p.action().table()).toList();
    }

    @Test
    void vacuumAfterAPurgeOfTheSameTableRunsAfterItWhateverItsPriority() {
        List<String> sql = order(
                Action.vacuum("app", "events", "dead tuples").withPriority(1_000_000),
                Action.retentionDelete("app", "events", "expired rows").withPriority(10),
                Action.vacuum("app", "other", "dead tuples").withPriority(500),
                Action.vacuum("app", "frozen", "wraparound").withOption("FREEZE").asUrgent());
        assertEquals(List.of("vacuum frozen", "vacuum other", "retention_delete events", "vacuum events"), sql);
    }

    @Test
    void vacuumAndAnalyzeOfOneTableMergeIntoOneStatement() {
        CollectedFacts collection = new CollectedFacts(15, "15.0", "app", List.of(), List.of(), List.of());
        Plan plan = new Planner(ApprovalPolicy.from(Config.defaults())).plan(collection, new Evaluation(
                List.of(Action.analyze("app", "t", "modified"), Action.vacuum("app", "t", "dead")), List.of(), 0), Mode.STANDARD);
        assertEquals(List.of("VACUUM (ANALYZE) \"app\".\"t\""), plan.actions().stream().map(PlannedAction::sql).toList());
    }

    @Test
    void aBlockedVacuumStaysUnapprovedWithItsReasonAndAbsorbsNoAnalyze() {
        CollectedFacts collection = new CollectedFacts(15, "15.0", "app", List.of(), List.of(), List.of());
        Plan plan = new Planner(ApprovalPolicy.from(Config.defaults())).plan(collection, new Evaluation(List.of(
                Action.vacuum("app", "held", "dead").blockedBy("held by prepared transaction 'x' since 2026-12-02T05:00:00Z"),
                Action.analyze("app", "held", "modified"),
                Action.vacuum("app", "old", "dead").blockedBy("held by pid 7"),
                Action.vacuum("app", "old", "wraparound").withOption("FREEZE").asUrgent()), List.of(), 0), Mode.STANDARD);
        Map<String, PlannedAction> byStatement = new java.util.HashMap<>();
        plan.actions().forEach(p -> byStatement.put(p.sql(), p));
        assertEquals(java.util.Set.of("VACUUM \"app\".\"held\"", "ANALYZE \"app\".\"held\"", "VACUUM (FREEZE) \"app\".\"old\""),
                byStatement.keySet());
        PlannedAction held = byStatement.get("VACUUM \"app\".\"held\"");
        assertEquals(false, held.approved());
        assertEquals("blocked: held by prepared transaction 'x' since 2026-12-02T05:00:00Z", held.detail());
        assertEquals(true, byStatement.get("ANALYZE \"app\".\"held\"").approved());
        PlannedAction urgent = byStatement.get("VACUUM (FREEZE) \"app\".\"old\"");
        assertEquals(true, urgent.approved(), "an urgent FREEZE merged with a blocked vacuum still runs");
        assertEquals(null, urgent.action().blocked());
    }
}
