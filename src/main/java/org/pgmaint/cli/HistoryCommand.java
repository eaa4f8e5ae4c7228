package org.pgmaint.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pgmaint.config.Config;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.config.ValueType;
import org.pgmaint.db.ConnectionSettings;
import org.pgmaint.db.Identifiers;
import org.pgmaint.history.HistorySettings;
import org.pgmaint.history.HistoryStore;
import org.pgmaint.history.TargetKey;
import org.pgmaint.model.Text;
import org.pgmaint.report.Json;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints the recorded series of a table, an index or the database, or applies the history's retention. */
@Command(name = "history", description = "Print the recorded history of a table, an index or the database (pgmaint's own runs), or prune it.")
public class HistoryCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    ConnectionOptions connection;

    @ArgGroup(exclusive = true)
    What what = new What();

    static class What {
        @Option(names = "--table", paramLabel = "SCHEMA.TABLE", description = "The table's series: live and dead tuples, size, last vacuum and analyze, xid age.")
        String table;
        @Option(names = "--index", paramLabel = "SCHEMA.INDEX", description = "The index's series: scans and size.")
        String index;
        @Option(names = "--database", description = "The database's runs: size, xid and multixact age (the default).")
        boolean database;
        @Option(names = "--prune", description = "Delete the runs older than history.retention_days (every target's).")
        boolean prune;
    }

    @Option(names = "--since", paramLabel = "DURATION", description = "How far back, e.g. 7d or 12h (default: 30d).")
    String since = "30d";

    @Mixin
    Format.Choice output;

    @Override
    public Integer call() {
        Config config = common.loadConfig(connection.flags());
        Duration back;
        try {
            back = (Duration) ValueType.DURATION.parse(since);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("command line", Problem.of("--since", since, e.getMessage()));
        }
        HistorySettings settings = HistorySettings.from(config, Clock.systemUTC());
        try (HistoryStore store = HistoryStore.open(settings)) {
            if (what.prune) {
                int deleted = store.prune(Instant.now().minus(Duration.ofDays(settings.retentionDays())));
                System.out.println("pruned " + deleted + " runs older than " + settings.retentionDays() + " days from "
                        + settings.describe());
                return ExitCodes.OK;
            }
            TargetKey key = TargetKey.of(ConnectionSettings.from(config));
            Instant from = Instant.now().minus(back);
            List<Map<String, Object>> rows = what.table != null ? tableRows(store, key, from)
                    : what.index != null ? indexRows(store, key, from) : databaseRows(store, key, from);
            String title = what.table != null ? "table " + what.table : what.index != null ? "index " + what.index
                    : "database " + key.database();
            if (output.format == Format.json) {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("target", key.target());
                root.put("database", key.database());
                root.put("object", title);
                root.put("points", rows);
                StandardOutput.print(Json.write(root));
            } else {
                StandardOutput.print(text(title, key, rows));
            }
            return ExitCodes.OK;
        }
    }

    private List<String> qualified(String text, String option) {
        try {
            return List.of(Identifiers.parseQualified(text));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("command line", Problem.of(option, text, e.getMessage()));
        }
    }

    private List<Map<String, Object>> tableRows(HistoryStore store, TargetKey key, Instant from) {
        List<String> name = qualified(what.table, "--table");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (HistoryStore.TablePoint p : store.tablePoints(key, name.get(0), name.get(1), from)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("at", p.at().toString());
            row.put("live_tuples", p.liveTuples());
            row.put("dead_tuples", p.deadTuples());
            row.put("mod_since_analyze", p.modSinceAnalyze());
            row.put("bytes", p.bytes());
            row.put("last_vacuum", p.lastVacuum() == null ? null : p.lastVacuum().toString());
            row.put("last_analyze", p.lastAnalyze() == null ? null : p.lastAnalyze().toString());
            row.put("xid_age", p.xidAge());
            rows.add(row);
        }
        return rows;
    }

    private List<Map<String, Object>> indexRows(HistoryStore store, TargetKey key, Instant from) {
        List<String> name = qualified(what.index, "--index");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (HistoryStore.IndexPoint p : store.indexPoints(key, name.get(0), name.get(1), from)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("at", p.at().toString());
            row.put("scans", p.scans());
            row.put("stats_reset", p.statsReset() == null ? null : p.statsReset().toString());
            rows.add(row);
        }
        return rows;
    }

    private static List<Map<String, Object>> databaseRows(HistoryStore store, TargetKey key, Instant from) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (HistoryStore.RunPoint p : store.runs(key, from)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("at", p.started().toString());
            row.put("command", p.command());
            row.put("exit_code", p.exitCode());
            row.put("bytes", p.databaseBytes());
            row.put("xid_age", p.xidAge());
            row.put("mxid_age", p.mxidAge());
            rows.add(row);
        }
        return rows;
    }

    private static String text(String title, TargetKey key, List<Map<String, Object>> rows) {
        StringBuilder out = new StringBuilder("history of ").append(Text.escape(title)).append(" on ")
                .append(Text.escape(key.toString())).append(": ").append(rows.size()).append(rows.size() == 1 ? " point" : " points")
                .append('\n');
        if (rows.isEmpty()) {
            return out.toString();
        }
        List<String> columns = new ArrayList<>(rows.get(0).keySet());
        out.append(String.join("  ", columns.stream().map(c -> c.toUpperCase(java.util.Locale.ROOT)).toList())).append('\n');
        for (Map<String, Object> row : rows) {
            List<String> cells = new ArrayList<>();
            for (String column : columns) {
                Object value = row.get(column);
                cells.add(value == null ? "-" : Text.escape(value.toString()));
            }
            out.append(String.join("  ", cells)).append('\n');
        }
        return out.toString();
    }
}
