package org.pgmaint.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pgmaint.model.Finding;

/**
 * The unused-index verdict of a primary with replicas: index scans are counted per node (each server keeps its
 * own statistics), so an index the primary never scans may serve every read on a replica. An {@code unused_index}
 * finding of the primary stands only when no replica scanned the index either since its statistics began; it then
 * lists the scans per node. When a replica cannot be read, no index of the database is reported unused: one
 * {@code unused_index_unverified} finding says which replica and why, rather than a false verdict.
 */
public final class ReplicaIndexUsage {
    public static final String UNUSED = "unused_index";
    public static final String UNVERIFIED = "unused_index_unverified";
    private static final String SCANS = "select /* pgmaint:replica_index_usage */ s.schemaname::text, s.indexrelname::text,"
            + " s.idx_scan, (select d.stats_reset::text from pg_catalog.pg_stat_database d"
            + " where d.datname = pg_catalog.current_database())"
            + " from pg_catalog.pg_stat_user_indexes s";

    /** One replica's index scans (by schema and index name) and when its statistics were reset (null: never). */
    public record NodeScans(String node, Map<List<String>, Long> scans, String statsReset) {
    }

    /** A replica that could not be read, and why. */
    public record Unreadable(String node, String reason) {
    }

    private ReplicaIndexUsage() {
    }

    /** The scans of every index of the connected database on one node (a read-only connection to the replica). */
    public static NodeScans read(Connection replica, String node) throws SQLException {
        Map<List<String>, Long> scans = new HashMap<>();
        String reset = null;
        try (PreparedStatement statement = replica.prepareStatement(SCANS); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                scans.put(List.of(rs.getString(1), rs.getString(2)), rs.getLong(3));
                reset = rs.getString(4);
            }
        }
        return new NodeScans(node, scans, reset);
    }

    /**
     * The primary's findings with the replicas' verdict: unused-index findings dropped when a replica scanned the
     * index, kept with {@code scans_per_node} when none did, all dropped (one unverified finding instead) when a
     * replica could not be read. Other findings pass unchanged.
     */
    public static List<Finding> apply(List<Finding> findings, List<NodeScans> replicas, List<Unreadable> unreadable) {
        List<Finding> out = new ArrayList<>();
        int withheld = 0;
        for (Finding finding : findings) {
            if (!UNUSED.equals(finding.kind()) || finding.indexes().isEmpty()) {
                out.add(finding);
                continue;
            }
            if (!unreadable.isEmpty()) {
                withheld++;
                continue;
            }
            List<String> key = List.of(finding.schema(), finding.indexes().get(0));
            Map<String, Object> perNode = new LinkedHashMap<>();
            perNode.put("primary", 0L);
            boolean scanned = false;
            for (NodeScans node : replicas) {
                long scans = node.scans().getOrDefault(key, 0L);
                perNode.put(node.node(), scans);
                scanned |= scans > 0;
            }
            if (!scanned) {
                out.add(finding.withDetail("scans_per_node", perNode));
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
}
