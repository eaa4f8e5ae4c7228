package org.pgmaint.history;

import java.time.Instant;
import java.util.List;

/**
 * What one run leaves in the history: the run itself, the database's figures, and one row per table, index,
 * finding, action and tablespace.
 */
public record RunRecord(RunInfo run, DatabaseSample database, List<TableSample> tables, List<IndexSample> indexes,
                        List<FindingSample> findings, List<ActionSample> actions, List<TablespaceSample> tablespaces) {

    public RunRecord {
        tables = List.copyOf(tables);
        indexes = List.copyOf(indexes);
        findings = List.copyOf(findings);
        actions = List.copyOf(actions);
        tablespaces = List.copyOf(tablespaces);
    }

    /** A run that measured no tablespace. */
    public RunRecord(RunInfo run, DatabaseSample database, List<TableSample> tables, List<IndexSample> indexes,
                     List<FindingSample> findings, List<ActionSample> actions) {
        this(run, database, tables, indexes, findings, actions, List.of());
    }

    /** @param runId a UUID made by the writer: unique across every writer of a central store */
    public record RunInfo(String runId, TargetKey key, String command, String mode, Instant started, Instant finished,
                          int exitCode, String pgmaintVersion) {
    }

    /** The database's figures; any may be null when its check did not run. */
    public record DatabaseSample(String serverVersion, Instant statsReset, Long bytes, Long xidAge, Long mxidAge, Long nextXid,
                                 Long freezeMaxAge, Long multixactFreezeMaxAge) {
    }

    public record TableSample(String schema, String table, Long liveTuples, Long deadTuples, Long modSinceAnalyze,
                              Long bytes, Instant lastVacuum, Instant lastAnalyze, Long xidAge, Long mxidAge) {
    }

    public record IndexSample(String schema, String index, String table, Long scans, Long bytes) {
    }

    /**
     * @param key what makes it the same finding in another run (kind, schema, table, indexes); the message is not
     *            kept: at 7,500 tables the findings' messages were most of a run's 26 MB
     */
    public record FindingSample(String key, String kind, String object, String severity, boolean needsHuman) {
    }

    public record ActionSample(String kind, String object, String status, Long durationMillis) {
    }

    /** A tablespace's size (pg_tablespace_size, the whole cluster's relations in it). */
    public record TablespaceSample(String name, long bytes) {
    }
}
