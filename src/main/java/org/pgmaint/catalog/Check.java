package org.pgmaint.catalog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.pgmaint.model.Mode;

/**
 * One check from {@code checks/**.yaml}: the SQL (per lowest supported PostgreSQL major) that collects
 * facts of one declared type, or (for facts whose query depends on the configuration) the name of the built-in
 * Java collector that produces them ({@code collector}, else null). {@code onStandby}: the facts are this server's own
 * (its sessions), so the check also runs on a hot standby; the others describe data the primary's run reports.
 * {@code report}: the run reports' table lists its rows feed. {@code requiredRole}: a predefined role (pg_monitor)
 * the connected role must have (or be a superuser) for the check's SQL to be readable; without it the check is
 * skipped ("needs pg_monitor") instead of failing; null when any role may run it. {@code scope}: where the check
 * runs ({@link Scope}).
 */
public record Check(String id, String description, Set<Mode> modes, FactSpec fact, Map<String, ParamSpec> params,
                    Map<String, ThresholdSpec> thresholds, Duration statementTimeout,
                    NavigableMap<Integer, NamedSql> sql, Path source, String collector, boolean onStandby,
                    List<ReportSection> report, String requiredRole, Scope scope) {

    /** Where a check runs. */
    public enum Scope {
        /** {@code scope: database} (the default): the connected database's data, in every database of a run */
        DATABASE,
        /**
         * {@code scope: cluster}: its rows are the same from every database of a cluster (server settings, all
         * sessions), so a run over several databases of a cluster runs it once, not once per database
         */
        CLUSTER,
        /**
         * {@code scope: replica}: not run on the planned server, but on each of a target's replicas (their own
         * statistics, such as index scans), where the fleet reads them ({@code fleet.ReplicaIndexUsage})
         */
        REPLICA
    }

    public Check {
        scope = scope == null ? Scope.DATABASE : scope;
        sql = java.util.Collections.unmodifiableNavigableMap(new TreeMap<>(sql));
        report = report == null ? List.of() : List.copyOf(report);
    }

    /** A check of one database's data ({@code scope: database}). */
    public Check(String id, String description, Set<Mode> modes, FactSpec fact, Map<String, ParamSpec> params,
                 Map<String, ThresholdSpec> thresholds, Duration statementTimeout,
                 NavigableMap<Integer, NamedSql> sql, Path source, String collector, boolean onStandby,
                 List<ReportSection> report, String requiredRole) {
        this(id, description, modes, fact, params, thresholds, statementTimeout, sql, source, collector, onStandby,
                report, requiredRole, Scope.DATABASE);
    }

    /** A check that feeds no report section. */
    public Check(String id, String description, Set<Mode> modes, FactSpec fact, Map<String, ParamSpec> params,
                 Map<String, ThresholdSpec> thresholds, Duration statementTimeout,
                 NavigableMap<Integer, NamedSql> sql, Path source, String collector, boolean onStandby) {
        this(id, description, modes, fact, params, thresholds, statementTimeout, sql, source, collector, onStandby,
                List.of(), null);
    }

    /** The SQL for a server: the text under the highest version key not above the server's major. */
    public Optional<NamedSql> sqlFor(int serverMajor) {
        Map.Entry<Integer, NamedSql> entry = sql.floorEntry(serverMajor);
        return entry == null ? Optional.empty() : Optional.of(entry.getValue());
    }

    /** The version key whose SQL serves this server major, for messages ("sql.13"). */
    public String sqlKeyFor(int serverMajor) {
        Integer key = sql.floorKey(serverMajor);
        return key == null ? "sql" : "sql." + key;
    }

    /** {@code scope: cluster}: run once per cluster in a run over several of its databases. */
    public boolean clusterWide() {
        return scope == Scope.CLUSTER;
    }

    /** {@code scope: replica}: run on a target's replicas only, never by the primary's collection. */
    public boolean onReplicas() {
        return scope == Scope.REPLICA;
    }

    public boolean runsIn(Mode mode) {
        return modes.contains(mode);
    }

    /** The majors the check serves; a built-in collector serves every supported major. */
    public String versions() {
        return collector != null ? "13+" : sql.firstKey() + "+";
    }
}
