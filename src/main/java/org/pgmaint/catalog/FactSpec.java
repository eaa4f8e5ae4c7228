package org.pgmaint.catalog;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The fact type a check declares: the Drools type name and its fields (result column to type), in order. */
public record FactSpec(String type, Map<String, FieldType> fields) {

    public FactSpec {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** snake_case column to camelCase field: {@code dead_tuples} is {@code deadTuples}. */
    public static String fieldName(String column) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = name.length() > 0;
            } else {
                name.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
                upper = false;
            }
        }
        return name.toString();
    }

    public static String capitalize(String name) {
        return name.isEmpty() ? name : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }
}
