package org.pgmaint.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.CatalogLoader;
import org.pgmaint.collect.CheckResult;
import org.pgmaint.collect.CheckNotRun;
import org.pgmaint.execute.RunResult;
import org.pgmaint.model.Action;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Mode;
import org.pgmaint.plan.ActionSql;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;

/** A fixed run result with every section filled, hostile names included, for golden and rendering tests. */
public final class SampleRun {
    static final String ODD_TABLE = "Odd \"Name\" Table";
    static final String HOSTILE = "drop table x; --";
    static final String MARKUP = "<b>bold</b> & <script>alert(1)</script>";
    static final Instant STARTED = Instant.parse("2026-11-24T03:00:00Z");
    static final Instant FINISHED = Instant.parse("2026-11-24T03:04:05.250Z");

    /** The built-in checks: the report sections they declare are what the reports list. */
    static final Catalog BUILT_IN = CatalogLoader.load(List.of(Path.of("checks")));

    static final List<String> PARTITIONS = List.of("events_2026_01", "events_2026_02", "events_2026_03");

    private SampleRun() {
    }

    /**
     * Eleven daily runs up to STARTED for the trend charts: the database growing 10 MB a day, the xid age 1.2
     * billion rising 20M a day, two large tables (one with a hostile name), one with a gap.
     */
    public static TrendData trends() {
        List<TrendData.RunFigures> runs = new java.util.ArrayList<>();
        List<TrendData.TablePoint> odd = new java.util.ArrayList<>();
        List<TrendData.TablePoint> events = new java.util.ArrayList<>();
        for (int ago = 10; ago >= 0; ago--) {
            Instant at = STARTED.minus(java.time.Duration.ofDays(ago));
            runs.add(new TrendData.RunFigures(at, 2_147_483_648L - ago * 10_485_760L, 1_200_000_000L - ago * 20_000_000L,
                    200_000_000L));
            odd.add(new TrendData.TablePoint(at, 6000L - ago * 300L, 734_003_200L - ago * 5_242_880L));
            if (ago != 4) {
                events.add(new TrendData.TablePoint(at, 4000L + (ago % 3) * 1000L, 524_288_000L));
            }
        }
        return new TrendData(STARTED.minus(java.time.Duration.ofDays(30)), STARTED, runs, List.of(
                new TrendData.TableSeries("Weird Schema", MARKUP, odd), new TrendData.TableSeries("app", "events", events)),
                20_000_000.0);
    }

    public static RunResult withAlerts() {
        Action vacuum = Action.vacuum("app", "events", "dead tuples 40.0% >= 20% (4000 dead, 6000 live)")
                .withProvenance("vacuum: dead tuples at or above the threshold share", "table_activity");
        Action hostile = Action.vacuum("Weird Schema", ODD_TABLE, "dead tuples 60.0% >= 20% (6000 dead, 4000 live)");
        Action analyze = Action.analyze("app", HOSTILE, "never analyzed");
        Action reindex = Action.reindex("app", "customer", "customer_email_idx", "full run: reindex");
        List<PlannedAction> partitionVacuums = PARTITIONS.stream().map(p -> planned(String.valueOf(5 + PARTITIONS.indexOf(p)),
                Action.vacuum("app", p, "dead tuples 30.0% >= 20% (1200 dead, 2800 live)"), true)
                .withOutcome(PlannedAction.DONE, null, 400L)).toList();
        List<PlannedAction> actions = java.util.stream.Stream.concat(java.util.stream.Stream.of(
                planned("1", vacuum, true).withOutcome(PlannedAction.DONE, null, 1250L),
                planned("2", hostile, true).withOutcome(PlannedAction.FAILED, "canceling statement due to lock timeout", 5003L),
                planned("3", analyze, true).withOutcome(PlannedAction.DONE, null, 80L),
                planned("4", reindex, false).withOutcome(PlannedAction.SKIPPED, "not approved (approval.reindex: full)", null)),
                partitionVacuums.stream()).toList();
        // three partitions of app.events_by_month: grouped under it in the text and HTML, one each in the JSON
        List<Finding> partitionFindings = PARTITIONS.stream().map(p -> Finding.warning("unused_index", "app", p,
                "index " + p + "_kind_idx (kind) WHERE archived has not been scanned since statistics began 30 days ago")
                .withIndexes(p + "_kind_idx").reclaiming(8192L * (1 + PARTITIONS.indexOf(p))).weak(false)
                .withSuggestion("DROP INDEX CONCURRENTLY \"app\".\"" + p + "_kind_idx\";")).toList();
        List<Finding> findings = List.of(
                Finding.critical("invalid_index", "app", "customer", "index customer_email_idx is invalid (a failed CREATE INDEX CONCURRENTLY)")
                        .withIndexes("customer_email_idx")
                        .withSuggestion("REINDEX INDEX CONCURRENTLY \"app\".\"customer_email_idx\";"),
                Finding.critical("xid_wraparound", null, null, "database app is at 82.0% of the wraparound limit")
                        .withSuggestion("VACUUM (FREEZE) \"app\".\"events\";").alertFirst(),
                Finding.warning("duplicate_index", "app", MARKUP, "indexes a_idx and b_idx cover the same columns")
                        .withIndexes("a_idx", "b_idx").withColumns("email")
                        .withSuggestion("DROP INDEX CONCURRENTLY \"app\".\"b_idx\";"),
                Finding.warning("cache_processor_lag", null, null, "1520 invalidation events older than 5 min wait")
                        .withDetail("pending_events", 1520L).withDetail("oldest_pending_seconds", 312.0)
                        .withDetail("note", "tab\there, escape \u001b, quote \" and backslash \\")
                        .alertAlways(),
                Finding.info("unused_index", "app", "customer", "index customer_name_idx was never scanned")
                        .withIndexes("customer_name_idx"),
                Finding.info("unused_index", "app", "customer", "index customer_note_idx (note) has not been scanned"
                                + " since statistics began 2 days ago (weak: statistics younger than 7 days)")
                        .withIndexes("customer_note_idx").reclaiming(1_048_576L).weak(true)
                        .withSuggestion("DROP INDEX CONCURRENTLY \"app\".\"customer_note_idx\";"));
        findings = java.util.stream.Stream.concat(findings.stream(), partitionFindings.stream()).toList();
        Plan plan = new Plan("app", "15.19", 15, Mode.STANDARD, actions, findings,
                List.of(new CheckNotRun("index_bloat", "no SQL for PostgreSQL 15 (versions [16])")),
                List.of(new CheckNotRun("long_queries", "failed: permission denied for view pg_stat_activity")));
        List<CheckResult> facts = List.of(
                new CheckResult(BUILT_IN.check("table_activity").orElseThrow(), List.of(
                        activity("app", "events", 6000, 4000, 40.0),
                        activity("Weird Schema", ODD_TABLE, 4000, 6000, 60.0),
                        activity("app", HOSTILE, 5000, 5000, 50.0),
                        activity("app", MARKUP, 100, 10, 9.09),
                        activity("app", "clean", 10000, 0, 0.0),
                        partition(PARTITIONS.get(0)), partition(PARTITIONS.get(1)), partition(PARTITIONS.get(2))), 12),
                new CheckResult(BUILT_IN.check("table_bloat").orElseThrow(), List.of(
                        bloat("app", "events", 8_192_000, 3_276_800),
                        bloat("Weird Schema", ODD_TABLE, 4_096_000, 2_457_600),
                        bloat("app", HOSTILE, 1_024_000, 512_000),
                        bloat("app", MARKUP, 81_920, 7_447),
                        bloat("app", "clean", 450_560, 0)), 7));
        return new RunResult(plan, false, STARTED, FINISHED, List.of(), facts);
    }

    public static RunResult clean() {
        Plan plan = new Plan("app", "15.19", 15, Mode.FULL, List.of(), List.of(), List.of(), List.of());
        return new RunResult(plan, true, STARTED, STARTED.plusMillis(850), List.of(), List.of(
                new CheckResult(BUILT_IN.check("table_activity").orElseThrow(),
                        List.of(activity("app", "clean", 10000, 0, 0.0)), 3),
                new CheckResult(BUILT_IN.check("table_bloat").orElseThrow(), List.of(), 2)));
    }

    /** A table_activity row with the fields the reports read. */
    static Map<String, Object> activity(String schema, String table, long live, long dead, double deadPct) {
        return Map.of("schema_name", schema, "table_name", table, "live_tuples", live, "dead_tuples", dead,
                "dead_tuple_pct", deadPct);
    }

    /** A partition of app.events_by_month, as table_activity returns it (with its top-level parent). */
    static Map<String, Object> partition(String table) {
        return Map.of("schema_name", "app", "table_name", table, "live_tuples", 2800L, "dead_tuples", 1200L,
                "dead_tuple_pct", 30.0, Partitions.ROOT_SCHEMA, "app", Partitions.ROOT_TABLE, "events_by_month");
    }

    /** A table_bloat row: an estimate with statistics. */
    static Map<String, Object> bloat(String schema, String table, long bytes, long wasted) {
        return Map.of("schema_name", schema, "table_name", table, "has_stats", true, "table_bytes", bytes,
                "wasted_bytes", wasted, "wasted_pct", Math.round(10000.0 * wasted / bytes) / 100.0);
    }

    private static PlannedAction planned(String id, Action action, boolean approved) {
        return new PlannedAction(id, action, approved, ActionSql.render(action), PlannedAction.PLANNED,
                approved ? null : "not approved", null);
    }
}
