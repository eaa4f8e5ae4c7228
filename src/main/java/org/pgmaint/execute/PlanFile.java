package org.pgmaint.execute;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pgmaint.config.InvalidInputException;
import org.pgmaint.config.Problem;
import org.pgmaint.model.Action;
import org.pgmaint.model.ActionKind;
import org.pgmaint.plan.ActionSql;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;
import org.pgmaint.report.JsonReport;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a plan saved by {@code pgmaint plan --out} (the JSON report; JSON is YAML, so SnakeYAML parses it).
 * Only the actions' names, options and details are taken: each statement is rendered again by
 * {@link ActionSql}, never executed from the file's text. Findings are not read back.
 */
public final class PlanFile {
    private final String source;
    private final List<Problem> problems = new ArrayList<>();

    private PlanFile(String source) {
        this.source = source;
    }

    public static Plan read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidInputException("plan file", Problem.of(file.toString(), "", "cannot read: " + e.getMessage()));
        }
        return new PlanFile(file.toString()).parse(text);
    }

    private Plan parse(String text) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new InvalidInputException("plan file", Problem.of(source, "", "not valid JSON: " + e.getMessage()));
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw invalid("", "should be the JSON object `pgmaint plan --out FILE` writes");
        }
        if (!Integer.valueOf(JsonReport.SCHEMA_VERSION).equals(map.get("schema_version"))) {
            throw invalid("schema_version", "is " + map.get("schema_version") + ", should be " + JsonReport.SCHEMA_VERSION);
        }
        String database = text(map, "database", "database", true);
        String mode = text(map, "mode", "mode", true);
        if (mode != null && !mode.equals("standard") && !mode.equals("full")) {
            problems.add(Problem.of(source, "mode", "'" + mode + "' is not valid: should be standard or full"));
        }
        if (!(map.get("actions") instanceof List<?> items)) {
            throw invalid("actions", "missing: should be a list of actions");
        }
        List<PlannedAction> actions = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String key = "actions[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?> item)) {
                problems.add(Problem.of(source, key, "should be an object"));
                continue;
            }
            PlannedAction action = action(item, key);
            if (action != null && !ids.add(action.id())) {
                problems.add(Problem.of(source, key + ".id", "duplicate id " + action.id()));
            } else if (action != null) {
                actions.add(action);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("plan file", problems);
        }
        Object version = map.get("server_version");
        return new Plan(database, version == null ? null : version.toString(), 0, mode, actions, List.of(), List.of(), List.of());
    }

    private PlannedAction action(Map<?, ?> item, String key) {
        int before = problems.size();
        String id = text(item, "id", key + ".id", true);
        String kindText = text(item, "kind", key + ".kind", true);
        ActionKind kind = null;
        if (kindText != null) {
            try {
                kind = ActionKind.fromId(kindText);
            } catch (IllegalArgumentException e) {
                problems.add(Problem.of(source, key + ".kind", "'" + kindText + "' is not valid: should be one of "
                        + List.of(ActionKind.values()).stream().map(ActionKind::id).toList()));
            }
        }
        boolean needsTable = kind != null && kind != ActionKind.CANCEL_QUERY;
        String schema = text(item, "schema", key + ".schema", needsTable);
        String table = text(item, "table", key + ".table", needsTable);
        String index = text(item, "index", key + ".index", kind == ActionKind.REINDEX);
        Map<String, Object> details = new LinkedHashMap<>();
        if (item.get("details") instanceof Map<?, ?> d) {
            d.forEach((k, v) -> details.put(String.valueOf(k), v));
        }
        if (kind == ActionKind.CANCEL_QUERY) {
            if (!(details.get("pid") instanceof Integer)) {
                problems.add(Problem.of(source, key + ".details.pid", "missing: a cancel_query needs the backend's pid"));
            }
            for (String field : List.of("backend_start", "query_start")) {
                try {
                    java.time.OffsetDateTime.parse(String.valueOf(details.get(field)));
                } catch (RuntimeException e) {
                    problems.add(Problem.of(source, key + ".details." + field,
                            "should be a timestamp such as 2026-11-24T03:00:00.123456Z"));
                }
            }
        }
        Set<String> options = new LinkedHashSet<>();
        if (item.get("options") instanceof List<?> list) {
            list.forEach(o -> options.add(String.valueOf(o)));
        }
        Object approved = item.get("approved");
        if (!(approved instanceof Boolean)) {
            problems.add(Problem.of(source, key + ".approved", "should be true or false"));
        }
        if (problems.size() > before) {
            return null;
        }
        Action action = new Action(kind, schema, table, index, options, String.valueOf(item.get("reason")), 0,
                Boolean.TRUE.equals(item.get("urgent")), details, (String) item.get("rule"), (String) item.get("check"));
        String sql;
        try {
            sql = ActionSql.render(action);
        } catch (IllegalArgumentException e) {
            problems.add(Problem.of(source, key, e.getMessage()));
            return null;
        }
        boolean isApproved = (Boolean) approved;
        return new PlannedAction(id, action, isApproved, sql, PlannedAction.PLANNED,
                isApproved ? null : item.get("detail") == null ? "not approved" : item.get("detail").toString(), null);
    }

    private String text(Map<?, ?> map, String field, String key, boolean required) {
        Object value = map.get(field);
        if (value == null || value.toString().isEmpty()) {
            if (required) {
                problems.add(Problem.of(source, key, "missing"));
            }
            return null;
        }
        return value.toString();
    }

    private InvalidInputException invalid(String key, String message) {
        return new InvalidInputException("plan file", Problem.of(source, key, message));
    }
}
