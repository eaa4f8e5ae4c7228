package org.pgmaint.history;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.pgmaint.collect.CheckResult;
import org.pgmaint.execute.RunResult;
import org.pgmaint.model.Finding;
import org.pgmaint.model.Severity;
import org.pgmaint.plan.PlannedAction;

/**
 * A run's history record, taken from the facts the run already collected (TableActivity and XidAge per table,
 * IndexUsageWindow per index, DatabaseTrend for the database, TablespaceTrend per tablespace): recording asks the
 * database nothing more.
 */
public final class RunRecords {
    private RunRecords() {
    }

    public static RunRecord of(RunResult result, TargetKey key, String command, int exitCode, String version) {
        RunRecord.RunInfo run = new RunRecord.RunInfo(UUID.randomUUID().toString(), key, command,
                result.plan().mode().name().toLowerCase(java.util.Locale.ROOT), result.startedAt(), result.finishedAt(),
                exitCode, version);
        Map<String, Object> db = rows(result, HistoryCollector.DATABASE_TREND).stream().findFirst().orElse(Map.of());
        RunRecord.DatabaseSample database = new RunRecord.DatabaseSample(result.plan().serverVersion(),
                instant(db.get("stats_reset")), (Long) db.get("database_bytes"), (Long) db.get("xid_age"),
                (Long) db.get("mxid_age"), (Long) db.get("next_xid"), (Long) db.get("freeze_max_age"),
                (Long) db.get("multixact_freeze_max_age"));
        return new RunRecord(run, database, tables(result), indexes(result), findings(result.plan().findings()),
                actions(result.plan().actions()), tablespaces(result));
    }

    private static List<RunRecord.TableSample> tables(RunResult result) {
        Map<String, Map<String, Object>> ages = new LinkedHashMap<>();
        for (Map<String, Object> row : rows(result, "XidAge")) {
            if ("table".equals(row.get("object_kind"))) {
                ages.put(HistoryStore.objectKey((String) row.get("schema_name"), (String) row.get("table_name")), row);
            }
        }
        List<RunRecord.TableSample> tables = new ArrayList<>();
        for (Map<String, Object> row : rows(result, "TableActivity")) {
            Map<String, Object> age = ages.getOrDefault(HistoryStore.objectKey((String) row.get("schema_name"),
                    (String) row.get("table_name")), Map.of());
            tables.add(new RunRecord.TableSample((String) row.get("schema_name"), (String) row.get("table_name"),
                    (Long) row.get("live_tuples"), (Long) row.get("dead_tuples"), (Long) row.get("mod_since_analyze"),
                    (Long) row.get("table_bytes"), instant(row.get("last_vacuum")), instant(row.get("last_analyze")),
                    (Long) age.get("xid_age"), (Long) age.get("mxid_age")));
        }
        return tables;
    }

    private static List<RunRecord.IndexSample> indexes(RunResult result) {
        return rows(result, HistoryCollector.INDEX_USAGE).stream().map(row -> new RunRecord.IndexSample(
                (String) row.get("schema_name"), (String) row.get("index_name"), (String) row.get("table_name"),
                (Long) row.get("idx_scan"), (Long) row.get("index_bytes"))).toList();
    }

    private static List<RunRecord.TablespaceSample> tablespaces(RunResult result) {
        return rows(result, HistoryCollector.TABLESPACE_TREND).stream().filter(row -> row.get("bytes") != null)
                .map(row -> new RunRecord.TablespaceSample((String) row.get("tablespace"), (Long) row.get("bytes")))
                .toList();
    }

    private static List<RunRecord.FindingSample> findings(List<Finding> findings) {
        return findings.stream().map(RunRecords::sample).toList();
    }

    static RunRecord.FindingSample sample(Finding f) {
        return new RunRecord.FindingSample(key(f), f.kind(), object(f), f.severity().id(), needsHuman(f));
    }

    /** What makes a finding the same one in the next run: its kind and object (table and indexes, or subject). */
    public static String key(Finding finding) {
        String key = String.join("\u001f", finding.kind(), String.valueOf(finding.schema()), String.valueOf(finding.table()),
                String.join(",", finding.indexes()));
        Object subject = finding.details().get(Finding.SUBJECT);
        // without a subject the key stays what earlier versions recorded, so a lasting finding keeps its first_seen
        return subject == null ? key : key + "\u001f" + subject;
    }

    /** The same test as the alert file's: critical, or a rule said a human is needed. */
    public static boolean needsHuman(Finding finding) {
        return finding.severity() == Severity.CRITICAL || finding.alerting() != Finding.Alerting.IF_CRITICAL;
    }

    static String object(Finding finding) {
        Object subject = finding.details().get(Finding.SUBJECT);
        if (finding.table() == null && subject != null) {
            return subject.toString();
        }
        String table = finding.table() == null ? "" : (finding.schema() == null ? "" : finding.schema() + ".") + finding.table();
        return finding.indexes().isEmpty() ? table : table + " (" + String.join(", ", finding.indexes()) + ")";
    }

    private static List<RunRecord.ActionSample> actions(List<PlannedAction> actions) {
        return actions.stream().map(a -> new RunRecord.ActionSample(a.action().kind().id(), object(a),
                a.status(), a.durationMillis())).toList();
    }

    private static String object(PlannedAction planned) {
        String name = planned.action().index() != null ? planned.action().index() : planned.action().table();
        if (name == null) {
            return "";
        }
        return planned.action().schema() == null ? name : planned.action().schema() + "." + name;
    }

    private static List<Map<String, Object>> rows(RunResult result, String factType) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CheckResult check : result.facts()) {
            if (check.check().fact().type().equals(factType)) {
                rows.addAll(check.rows());
            }
        }
        return rows;
    }

    private static Instant instant(Object value) {
        return value instanceof OffsetDateTime time ? time.toInstant() : null;
    }
}
