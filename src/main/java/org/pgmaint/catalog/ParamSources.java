package org.pgmaint.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.pgmaint.config.Config;
import org.pgmaint.config.ConfigKey;
import org.pgmaint.config.ConfigKeys;
import org.pgmaint.config.Nearest;
import org.pgmaint.config.Problem;
import org.pgmaint.db.SystemSchemas;

/**
 * Where check parameters get their values: {@code params.<check>.<param>} from the config, or, for a parameter
 * that declares {@code from: <config key>}, only that key, so the key's checks hold (cancel.query_timeout's floor)
 * and its lists stay exact (never comma-split). A duration binds as whole seconds.
 */
public final class ParamSources {
    private static final Set<FieldType> NUMBERS = Set.of(FieldType.INT, FieldType.BIGINT, FieldType.NUMERIC);

    private ParamSources() {
    }

    /** Why {@code from} cannot set a parameter of this type, if it cannot: not a key, or a value of another kind. */
    static Optional<String> problem(String from, FieldType type) {
        if (from.equals(ParamSpec.OWN_BACKEND_PIDS)) {
            return type == FieldType.INT_ARRAY ? Optional.empty()
                    : Optional.of(from + " is a list of pids: the parameter should be int[]");
        }
        if (from.equals(ParamSpec.SYSTEM_SCHEMAS)) {
            return type == FieldType.TEXT ? Optional.empty()
                    : Optional.of(from + " is a regular expression: the parameter should be text");
        }
        ConfigKey key = ConfigKeys.find(from);
        if (key == null || key.secret()) {
            String near = Nearest.didYouMean(Nearest.names(from, ConfigKeys.names()));
            return Optional.of("'" + from + "' is not a configuration key" + (near.isEmpty() ? "" : ": " + near)
                    + " (pgmaint config lists them; or " + ParamSpec.OWN_BACKEND_PIDS + ", "
                    + ParamSpec.SYSTEM_SCHEMAS + ")");
        }
        boolean fits = switch (key.type()) {
            case INT, DURATION -> NUMBERS.contains(type);
            case NUMBER -> type == FieldType.NUMERIC;
            case BOOL -> type == FieldType.BOOL;
            case STRING -> type == FieldType.TEXT;
            case LIST -> type == FieldType.TEXT_ARRAY;
        };
        return fits ? Optional.empty() : Optional.of(from + " is " + key.type().validForm()
                + ": it cannot set a parameter of type " + type.yamlName());
    }

    /**
     * Every parameter value the config gives, keyed "check_id.param": text as written under params., a list
     * (kept exactly), or a Supplier read when the check runs ({@link ParamSpec#OWN_BACKEND_PIDS}).
     */
    public static Map<String, Object> values(Catalog catalog, Config config, Supplier<List<Integer>> ownPids) {
        Map<String, Object> values = new TreeMap<>(config.params());
        for (Check check : catalog.checks()) {
            for (ParamSpec param : check.params().values()) {
                if (param.from() != null) {
                    values.put(check.id() + "." + param.name(), value(param.from(), config, ownPids));
                }
            }
        }
        return values;
    }

    private static Object value(String from, Config config, Supplier<List<Integer>> ownPids) {
        if (from.equals(ParamSpec.OWN_BACKEND_PIDS)) {
            return ownPids;
        }
        if (from.equals(ParamSpec.SYSTEM_SCHEMAS)) {
            return SystemSchemas.REGEX;
        }
        ConfigKey key = ConfigKeys.find(from);
        return switch (key.type()) {
            case LIST -> config.list(key);
            case DURATION -> String.valueOf(config.duration(key).toSeconds());
            default -> String.valueOf(config.value(key));
        };
    }

    /** A params. value for a parameter that its key sets: refused, naming the key to set instead. */
    public static List<Problem> problems(Catalog catalog, Config config) {
        List<Problem> problems = new ArrayList<>();
        for (Check check : catalog.checks()) {
            for (ParamSpec param : check.params().values()) {
                String name = check.id() + "." + param.name();
                if (param.from() != null && config.params().containsKey(name)) {
                    String key = ConfigKeys.PARAMS + "." + name;
                    problems.add(Problem.of(config.origin(key), key, param.from().equals(ParamSpec.OWN_BACKEND_PIDS)
                            ? "cannot be set: it is pgmaint's own connections"
                            : param.from().equals(ParamSpec.SYSTEM_SCHEMAS)
                            ? "cannot be set: it is PostgreSQL's own schemas"
                            : "is set by " + param.from() + ", so that key's checks hold: set " + param.from()
                                    + " instead (" + ConfigKeys.find(param.from()).type().validForm() + ")"));
                }
            }
        }
        return problems;
    }
}
