package org.pgmaint.testing;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** Reads JSON in tests (JSON is YAML; SnakeYAML parses it). */
public final class JsonRead {
    private JsonRead() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String json) {
        return (Map<String, Object>) new Yaml().load(json);
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> list(Map<String, Object> root, String key) {
        return (List<Map<String, Object>>) root.get(key);
    }
}
