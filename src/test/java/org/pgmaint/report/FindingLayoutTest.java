package org.pgmaint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.catalog.CatalogLoader;
import org.pgmaint.collect.CheckResult;
import org.pgmaint.execute.RunResult;
import org.pgmaint.model.Action;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Mode;
import org.pgmaint.model.Severity;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;
import org.pgmaint.testing.VersionIndependent;

/**
 * What the text lists of many findings: a summary first, impact order within a kind, the per-kind limit with a
 * count of the rest, --min-severity, weak findings counted not listed, partitions grouped under their parent.
 */
@VersionIndependent
class FindingLayoutTest {
    private static final Catalog BUILT_IN = CatalogLoader.load(List.of(Path.of("checks")));

    private static Finding unused(String table, String index, long bytes, boolean weak) {
        return Finding.info("unused_index", "app", table, "index " + index + " is unused")
                .withIndexes(index).reclaiming(bytes).weak(weak)
                .withSuggestion("DROP INDEX CONCURRENTLY \"app\".\"" + index + "\";");
    }

    private static String render(List<Finding> findings, List<PlannedAction> actions, List<CheckResult> facts, Listing listing) {
        Plan plan = new Plan("shop", "15.20", 15, Mode.STANDARD, actions, findings, List.of(), List.of());
        return PlanText.render(new RunResult(plan, true, Instant.EPOCH, Instant.EPOCH, List.of(), facts), listing);
    }

    private static List<String> lines(String text, String containing) {
        return text.lines().filter(l -> l.contains(containing)).toList();
    }

    @Test
    void findingsOfAKindComeLargestFirstThenBySeverity() {
        List<Finding> findings = List.of(
                unused("t1", "small_idx", 8192, false),
                unused("t2", "big_idx", 22_000_000, false),
                unused("t3", "mid_idx", 1_000_000, false),
                unused("t4", "mid_warning_idx", 1_000_000, false).withSeverity(Severity.WARNING));
        String text = render(findings, List.of(), List.of(), Listing.DEFAULT);
        List<String> order = lines(text, "  [").stream().map(l -> l.replaceAll(".*index (\\S+) is unused.*", "$1")).toList();
        assertEquals(List.of("big_idx", "mid_warning_idx", "mid_idx", "small_idx"), order, text);
        // the summary names the largest before any list, and the total to reclaim
        assertTrue(text.contains("Summary: 4 findings (0 critical, 1 warning, 3 info), up to 22.9 MB to reclaim"), text);
        assertTrue(text.indexOf("app.t2 big_idx (21.0 MB)") < text.indexOf("Findings ("), text);
    }

    @Test
    void atMostTheLimitPerKindAndACountOfTheRest() {
        List<Finding> findings = new ArrayList<>(IntStream.range(0, 25)
                .mapToObj(i -> unused("t" + i, "idx_" + i, 8192L * (i + 1), false)).toList());
        findings.add(Finding.warning("not_valid_constraint", "app", "t0", "constraint c is not validated"));
        String text = render(findings, List.of(), List.of(), Listing.DEFAULT.withLimit(20));
        assertEquals(20, lines(text, "[info] app.").size(), text);
        assertTrue(text.contains("  ... and 5 more (see the JSON report)\n"), text);
        // the five smallest are the ones left out
        assertFalse(text.contains("idx_4 "), text);
        assertTrue(text.contains("idx_5 "), text);
        // the other kind is listed whole, before the info kind (the worse severity first)
        assertTrue(text.indexOf("not_valid_constraint (1):") < text.indexOf("unused_index (25):"), text);
        String all = render(findings, List.of(), List.of(), Listing.DEFAULT.withLimit(0));
        assertEquals(25, lines(all, "[info] app.").size(), all);
        assertFalse(all.contains("more (see the JSON report)"), all);
    }

    @Test
    void minSeverityLeavesOutTheFindingsBelowIt() {
        List<Finding> findings = List.of(unused("t1", "a_idx", 8192, false),
                Finding.warning("fk_without_index", "app", "t2", "foreign key f has no index"),
                Finding.critical("xid_wraparound", null, null, "database shop is at 82.0% of the wraparound limit"));
        String text = render(findings, List.of(), List.of(), new Listing(Severity.WARNING, false, 20));
        assertTrue(text.contains("foreign key f has no index"), text);
        assertTrue(text.contains("wraparound limit"), text);
        assertFalse(text.contains("a_idx"), text);
        assertTrue(text.contains("Summary: 2 findings (1 critical, 1 warning, 0 info)"), text);
        assertTrue(text.contains("  1 below --min-severity warning not counted"), text);
        String critical = render(findings, List.of(), List.of(), new Listing(Severity.CRITICAL, false, 20));
        assertFalse(critical.contains("foreign key f"), critical);
        assertTrue(critical.contains("  2 below --min-severity critical not counted"), critical);
    }

    @Test
    void weakFindingsAreCountedNotListedUnlessAsked() {
        List<Finding> findings = List.of(unused("t1", "sure_idx", 8192, false), unused("t2", "young_idx", 30_000_000, true),
                unused("t3", "young2_idx", 8192, true));
        String text = render(findings, List.of(), List.of(), Listing.DEFAULT);
        assertFalse(text.contains("index young_idx is unused"), text);
        assertTrue(text.contains("index sure_idx is unused"), text);
        assertTrue(text.contains("  2 weak findings counted, not listed (--weak lists them)\n"), text);
        // counted in the summary, and the largest (weak) index is still named there
        assertTrue(text.contains("Summary: 3 findings (0 critical, 0 warning, 3 info; 2 weak)"), text);
        assertTrue(lines(text, "  unused_index").get(0).contains("app.t2 young_idx (28.6 MB)"), text);
        String weak = render(findings, List.of(), List.of(), new Listing(Severity.INFO, true, 20));
        assertTrue(weak.contains("index young_idx is unused"), weak);
        assertFalse(weak.contains("counted, not listed"), weak);
    }

    @Test
    void findingsAndActionsOfPartitionsAreGroupedUnderTheirParent() {
        List<String> parts = IntStream.range(0, 64).mapToObj(i -> String.format("issue_search_data_%02d", i)).toList();
        List<Map<String, Object>> rows = new ArrayList<>(parts.stream().map(p -> Map.<String, Object>of(
                "schema_name", "gitlab_partitions_static", "table_name", p,
                Partitions.ROOT_SCHEMA, "public", Partitions.ROOT_TABLE, "issue_search_data")).toList());
        // two partitions of another parent: too few to group
        rows.add(Map.of("schema_name", "public", "table_name", "small_1", Partitions.ROOT_SCHEMA, "public", Partitions.ROOT_TABLE, "small"));
        rows.add(Map.of("schema_name", "public", "table_name", "small_2", Partitions.ROOT_SCHEMA, "public", Partitions.ROOT_TABLE, "small"));
        List<CheckResult> facts = List.of(new CheckResult(BUILT_IN.check("table_activity").orElseThrow(), rows, 1));
        List<PlannedAction> actions = new ArrayList<>();
        actions.add(new PlannedAction("1", Action.vacuum("public", "users", "dead tuples 50%"), true, "VACUUM users", "planned", null, null));
        for (String p : parts) {
            actions.add(new PlannedAction(String.valueOf(actions.size() + 1), Action.vacuum("gitlab_partitions_static", p,
                    "dead tuples 60.0% >= 20%"), true, "VACUUM " + p, "planned", null, null));
        }
        actions.add(new PlannedAction(String.valueOf(actions.size() + 1), Action.vacuum("public", "small_1", "dead tuples 30%"), true,
                "VACUUM small_1", "planned", null, null));
        List<Finding> findings = new ArrayList<>(parts.stream().map(p -> Finding.warning("table_bloat", "gitlab_partitions_static", p,
                "table " + p + " is wasting space").reclaiming(p.endsWith("17") ? 900_000L : 100_000L)).toList());
        findings.add(Finding.warning("table_bloat", "public", "small_1", "table small_1 is wasting space").reclaiming(50_000L));
        findings.add(Finding.warning("table_bloat", "public", "small_2", "table small_2 is wasting space").reclaiming(40_000L));

        String text = render(findings, actions, facts, Listing.DEFAULT);
        assertEquals(List.of("2-65  vacuum  public.issue_search_data (64 partitions)  yes       planned  first"
                        + " gitlab_partitions_static.issue_search_data_00: dead tuples 60.0% >= 20%"),
                lines(text, "2-65 "), text);
        assertTrue(text.contains("\n1     vacuum  public.users"), text);
        assertTrue(text.contains("\n66    vacuum  public.small_1"), text);
        // one finding line for the 64, the largest partition first, the sum as its size
        assertEquals(1, lines(text, "[warning] public.issue_search_data (64 partitions): table issue_search_data_17 is wasting space"
                + " [partitions: gitlab_partitions_static.issue_search_data_17, gitlab_partitions_static.issue_search_data_00,"
                + " gitlab_partitions_static.issue_search_data_01 and 61 more]").size(), text);
        assertEquals(3, lines(text, "[warning]").size(), text);
        assertTrue(text.contains("table_bloat (66):"), text);
    }
}
