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
        Optional<BuiltInSource> builtIn = BuiltInSource.named(from);
        if (builtIn.isPresent()) {
            return builtIn.get().problem(type);
        }
        ConfigKey key = ConfigKeys.find(from);
        if (key == null || key.secret()) {
            String near = Nearest.didYouMean(Nearest.names(from, ConfigKeys.names()));
            return Optional.of("'" + from + "' is not a configuration key" + (near.isEmpty() ? "" : ": " + near)
                    + " (pgmaint config lists them; or "
                    + String.join(", ", BuiltInSource.names()) + ")");
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
        Optional<BuiltInSource> builtIn = BuiltInSource.named(from);
        if (builtIn.isPresent()) {
            return builtIn.get().value(ownPids);
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
                    String why = BuiltInSource.named(param.from()).map(BuiltInSource::notSettable).orElseGet(() ->
                            "is set by " + param.from() + ", so that key's checks hold: set " + param.from()
                                    + " instead (" + ConfigKeys.find(param.from()).type().validForm() + ")");
                    problems.add(Problem.of(config.origin(key), key, why));
                }
            }
        }
        return problems;
    }
}
