package org.pgmaint.execute;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
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
import org.pgmaint.model.Mode;
import org.pgmaint.plan.ActionSql;
import org.pgmaint.plan.Plan;
import org.pgmaint.plan.PlannedAction;

/**
 * Reads a plan saved by {@code pgmaint plan --out} (the JSON report) with Jackson, streaming, so a plan of any
 * size pgmaint wrote is read back; a duplicate key is an error, as in the YAML files. Only the actions' names,
 * options and details are taken; {@link PlanRecheck} then runs only what the live plan produces, never the
 * file's text. Findings are not read back.
 */
public final class PlanFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String WHAT_IT_IS = "a pgmaint plan is the JSON object `pgmaint plan --out FILE` writes";
    private final String source;
    private final List<Problem> problems = new ArrayList<>();

    private PlanFile(String source) {
        this.source = source;
    }

    public static Plan read(Path file) {
        PlanFile reader = new PlanFile(file.toString());
        return reader.parse(reader.load(file));
    }

    private Object load(Path file) {
        try {
            if (!looksLikeJsonObject(file)) {
                throw invalid("", "not a pgmaint plan file (" + WHAT_IT_IS + ")");
            }
            return JSON.readValue(file.toFile(), Object.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : Math.max(at.getLineNr(), 0);
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String message = e.getOriginalMessage().lines().findFirst().orElse("").trim();
            if (message.startsWith("Duplicate field ")) {
                throw new InvalidInputException("plan file", Problem.at(source, line, "", "duplicate key "
                        + message.substring("Duplicate field ".length()) + where + ": each key may appear once"));
            }
            throw new InvalidInputException("plan file", Problem.at(source, line, "", "not valid JSON" + where + ": "
                    + message));
        } catch (IOException e) {
            throw invalid("", "cannot read: " + e.getMessage());
        }
    }

    /** Whether the file starts (after white space) with '{' and holds no NUL byte in its first block. */
    private static boolean looksLikeJsonObject(Path file) throws IOException {
        byte[] head = new byte[8192];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        int first = -1;
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                return false;
            }
            if (first < 0 && !Character.isWhitespace(head[i])) {
                first = head[i];
            }
        }
        return first == '{';
    }

    private Plan parse(Object root) {
        if (!(root instanceof Map<?, ?> map)) {
            throw invalid("", "should be the JSON object `pgmaint plan --out FILE` writes");
        }
        if (!Integer.valueOf(Plan.SCHEMA_VERSION).equals(map.get("schema_version"))) {
            throw invalid("schema_version", "is " + map.get("schema_version") + ", should be " + Plan.SCHEMA_VERSION);
        }
        String database = text(map, "database", "database", true);
        String modeWord = text(map, "mode", "mode", true);
        Mode mode = modeWord == null ? null : Mode.of(modeWord).orElse(null);
        if (modeWord != null && mode == null) {
            problems.add(Problem.of(source, "mode", "'" + modeWord + "' is not valid: should be " + Mode.valid()));
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
        try {
            ActionSql.render(action);
        } catch (IllegalArgumentException e) {
            problems.add(Problem.of(source, key, e.getMessage()));
            return null;
        }
        // the file's statement text, only to be compared with the live plan's: it is never executed
        String fileSql = item.get("sql") == null ? null : item.get("sql").toString();
        boolean isApproved = (Boolean) approved;
        return new PlannedAction(id, action, isApproved, fileSql, PlannedAction.PLANNED,
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
