package org.pgmaint.fleet;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pgmaint.catalog.Catalog;
import org.pgmaint.collect.CheckResult;
import org.pgmaint.collect.CollectedFacts;
import org.pgmaint.collect.Collector;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Mode;
import org.pgmaint.model.Severity;
import org.pgmaint.model.Text;

/**
 * The unused-index verdict of a primary with replicas: index scans are counted per node (each server keeps its
 * own statistics), so an index the primary never scans may serve every read on a replica. An {@code unused_index}
 * finding of the primary stands only when no replica used the index either: scanned it since its statistics began
 * (PostgreSQL 13-15) or, where the node records {@code last_idx_scan} (16+), last scanned it within the
 * unused-index window. It then lists every node's scans and last scan. A replica whose statistics cover less than
 * the window makes the verdict weak (info), naming the node and since when. When a replica cannot be read, no
 * index of the database is reported unused: one {@code unused_index_unverified} finding says which replica and
 * why, rather than a false verdict. The replicas' rows come from the {@code scope: replica} checks of the catalog
 * ({@code checks/indexes/replica_index_usage.yaml}, its SQL per major).
 */
public final class ReplicaIndexUsage {
    public static final String UNUSED = "unused_index";
    public static final String UNVERIFIED = "unused_index_unverified";
    /** The fact type of the replica check's rows, and of the primary's own unused-index and history facts. */
    static final String REPLICA_FACT = "ReplicaIndexScans";
    private static final String PRIMARY_FACT = "UnusedIndex";
    private static final String HISTORY_FACT = "IndexUsageWindow";
    private static final String PRIMARY = "primary";

    /** An index's scans on one node and its last scan (null: before PostgreSQL 16, or never). */
    public record Scans(long count, OffsetDateTime last) {
    }

    /** One node's scanned indexes (by schema and index name) and when its statistics began. */
    public record NodeScans(String node, Map<List<String>, Scans> scans, OffsetDateTime statsSince, boolean reset) {
    }

    /** A replica that could not be read, and why. */
    public record Unreadable(String node, String reason) {
    }

    /**
     * The windows the primary's verdict was made with: {@code lastScanDays}, the unused_index check's
     * last_scan_older_than_days (a last scan within it is a use); {@code statsDays}, per table, the statistics age
     * a firm verdict needs (unused_index_min_stats_age_days, or a history finding's own window).
     */
    public record Windows(double lastScanDays, StatsWindow statsDays) {
    }

    /** The statistics age a firm verdict on an index of this table needs, in days. */
    public interface StatsWindow {
        double days(String schema, String table);
    }

    private ReplicaIndexUsage() {
    }

    /**
     * The scans of every index of the connected database on one replica: the catalog's {@code scope: replica}
     * checks, read-only, their SQL for the replica's major.
     *
     * @throws IllegalStateException when the check failed or was skipped there (the reason is its message)
     */
    public static NodeScans read(Connection replica, String node, Catalog catalog, Mode mode, Duration timeout) {
        CollectedFacts collected = new Collector(replica, timeout, Map.of()).collectOnReplica(catalog, mode);
        if (!collected.failed().isEmpty() || !collected.skipped().isEmpty()) {
            var notRun = collected.failed().isEmpty() ? collected.skipped().get(0) : collected.failed().get(0);
            throw new IllegalStateException("check " + notRun.id() + " " + notRun.reason());
        }
        Map<List<String>, Scans> scans = new HashMap<>();
        OffsetDateTime since = null;
        boolean reset = false;
        boolean ran = false;
        for (CheckResult result : collected.results()) {
            if (!REPLICA_FACT.equals(result.check().fact().type())) {
                continue;
            }
            ran = true;
            for (Map<String, Object> row : result.rows()) {
                since = (OffsetDateTime) row.get("stats_since");
                reset = row.get("stats_reset") != null;
                if (row.get("schema_name") != null) {
                    scans.put(List.of((String) row.get("schema_name"), (String) row.get("index_name")),
                            new Scans(((Number) row.get("idx_scan")).longValue(), (OffsetDateTime) row.get("last_scan")));
                }
            }
        }
        if (!ran) {
            throw new IllegalStateException("the catalog has no scope: replica check of facts " + REPLICA_FACT);
        }
        return new NodeScans(node, scans, since, reset);
    }

    /** The primary's own scans of the indexes it reports, from its unused-index and history facts. */
    public static Map<List<String>, Scans> primaryScans(List<CheckResult> facts) {
        Map<List<String>, Scans> scans = new HashMap<>();
        for (CheckResult result : facts) {
            String type = result.check().fact().type();
            if (!PRIMARY_FACT.equals(type) && !HISTORY_FACT.equals(type)) {
                continue;
            }
            for (Map<String, Object> row : result.rows()) {
                List<String> key = List.of((String) row.get("schema_name"), (String) row.get("index_name"));
                long count = row.get("idx_scan") instanceof Number n ? n.longValue() : 0;
                OffsetDateTime last = row.get("last_scan") instanceof OffsetDateTime t ? t : null;
                scans.merge(key, new Scans(count, last), (a, b) -> a.last() != null ? a : b);
            }
        }
        return scans;
    }

    /**
     * The primary's findings with the replicas' verdict: unused-index findings dropped when a replica used the
     * index, kept with every node's scans when none did (weak when a replica's statistics are younger than the
     * window), all dropped (one unverified finding instead) when a replica could not be read. Other findings pass
     * unchanged.
     */
    public static List<Finding> apply(List<Finding> findings, Map<List<String>, Scans> primary, List<NodeScans> replicas,
                                      List<Unreadable> unreadable, Windows windows, Instant now) {
        List<Finding> out = new ArrayList<>();
        int withheld = 0;
        for (Finding finding : findings) {
            if (!UNUSED.equals(finding.kind()) || finding.indexes().isEmpty()) {
                out.add(finding);
            } else if (!unreadable.isEmpty()) {
                withheld++;
            } else {
                Finding verdict = verdict(finding, primary, replicas, windows, now);
                if (verdict != null) {
                    out.add(verdict);
                }
            }
        }
        if (withheld > 0) {
            StringBuilder why = new StringBuilder();
            for (Unreadable u : unreadable) {
                why.append(why.isEmpty() ? "" : "; ").append("replica ").append(u.node()).append(": ").append(u.reason());
            }
            out.add(Finding.info(UNVERIFIED, null, null, withheld + " index(es) without scans on the primary are not"
                    + " reported unused: a replica could not be read, and it may scan them (" + why + ")")
                    .withDetail("withheld", withheld));
        }
        return out;
    }

    /** One unused-index finding weighed on every node: null when a replica used the index. */
    private static Finding verdict(Finding finding, Map<List<String>, Scans> primary, List<NodeScans> replicas,
                                   Windows windows, Instant now) {
        List<String> key = List.of(finding.schema(), finding.indexes().get(0));
        Instant usedSince = now.minusSeconds(Math.round(windows.lastScanDays() * 86400));
        double statsDays = finding.details().get("window_days") instanceof Number history ? history.doubleValue()
                : windows.statsDays().days(finding.schema(), finding.table());
        Scans own = primary.getOrDefault(key, new Scans(0, null));
        Map<String, Object> scans = new LinkedHashMap<>();
        Map<String, Object> lastScans = new LinkedHashMap<>();
        Map<String, Object> statsSince = new LinkedHashMap<>();
        scans.put(PRIMARY, own.count());
        lastScans.put(PRIMARY, text(own.last()));
        List<String> young = new ArrayList<>();
        for (NodeScans node : replicas) {
            Scans on = node.scans().getOrDefault(key, new Scans(0, null));
            // 13-15 record no last scan: any scan since the statistics began is a use
            if (on.count() > 0 && (on.last() == null || on.last().toInstant().isAfter(usedSince))) {
                return null;
            }
            scans.put(node.node(), on.count());
            lastScans.put(node.node(), text(on.last()));
            statsSince.put(node.node(), text(node.statsSince()));
            double age = node.statsSince() == null ? 0
                    : Duration.between(node.statsSince().toInstant(), now).toSeconds() / 86400.0;
            if (age < statsDays) {
                young.add("replica " + node.node() + "'s statistics begin at " + text(node.statsSince()) + " ("
                        + (node.reset() ? "its stats_reset" : "its start") + ", " + Text.num(age) + " days ago)");
            }
        }
        Finding kept = finding.withDetail("scans_per_node", scans).withDetail("last_scan_per_node", lastScans)
                .withDetail("stats_since_per_node", statsSince);
        if (young.isEmpty()) {
            return kept;
        }
        return kept.withSeverity(Severity.INFO).weak(true).withMessage(finding.message() + " (weak: "
                + String.join("; ", young) + ", less than the " + Text.num(statsDays) + "-day window)");
    }

    private static String text(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
