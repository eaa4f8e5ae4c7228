package org.pgmaint.catalog;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Column types a check's fact may declare, with the Java type of the fact field and the conversion from JDBC. */
public enum FieldType {
    TEXT("text", "String"),
    INT("int", "Integer"),
    BIGINT("bigint", "Long"),
    NUMERIC("numeric", "Double"),
    BOOL("bool", "Boolean"),
    TIMESTAMPTZ("timestamptz", "java.time.OffsetDateTime"),
    TEXT_ARRAY("text[]", "java.util.List"),
    INT_ARRAY("int[]", "java.util.List");

    private final String yamlName;
    private final String javaType;

    FieldType(String yamlName, String javaType) {
        this.yamlName = yamlName;
        this.javaType = javaType;
    }

    public String yamlName() {
        return yamlName;
    }

    /** The type as written in a DRL declaration. */
    public String javaType() {
        return javaType;
    }

    public static FieldType fromYaml(String name) {
        for (FieldType type : values()) {
            if (type.yamlName.equals(name)) {
                return type;
            }
        }
        return null;
    }

    public static String validNames() {
        return String.join(", ", Arrays.stream(values()).map(FieldType::yamlName).toList());
    }

    /** Converts a value read from JDBC/jOOQ to this field's Java type. */
    public Object fromDatabase(Object value) {
        if (value == null) {
            return null;
        }
        return switch (this) {
            case TEXT -> value.toString();
            case INT -> ((Number) value).intValue();
            case BIGINT -> ((Number) value).longValue();
            case NUMERIC -> ((Number) value).doubleValue();
            case BOOL -> (Boolean) value;
            case TIMESTAMPTZ -> toOffsetDateTime(value);
            case TEXT_ARRAY -> toList(value).stream().map(v -> v == null ? null : v.toString()).toList();
            case INT_ARRAY -> toList(value).stream().map(v -> v == null ? null : ((Number) v).intValue()).toList();
        };
    }

    /** Parses a parameter default or config value given as YAML text (lists as comma-separated text). */
    public Object fromText(String text) {
        String value = text.trim();
        return switch (this) {
            case TEXT -> text;
            case INT -> Integer.parseInt(value);
            case BIGINT -> Long.parseLong(value);
            case NUMERIC -> Double.parseDouble(value);
            case BOOL -> switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on" -> Boolean.TRUE;
                case "false", "no", "off" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException("'" + value + "' is not true or false");
            };
            case TIMESTAMPTZ -> OffsetDateTime.parse(value);
            case TEXT_ARRAY -> value.isEmpty() ? List.<String>of()
                    : Arrays.stream(value.split(",")).map(String::trim).toList();
            case INT_ARRAY -> value.isEmpty() ? List.<Integer>of()
                    : Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).toList();
        };
    }

    /** The value as bound to a query parameter: lists become arrays so {@code = any(:p)} works. */
    public Object toBind(Object value) {
        if (value instanceof List<?> list) {
            return this == INT_ARRAY ? list.toArray(new Integer[0]) : list.stream().map(String::valueOf).toArray(String[]::new);
        }
        if (this == NUMERIC && value instanceof Double d) {
            return BigDecimal.valueOf(d);
        }
        return value;
    }

    private static OffsetDateTime toOffsetDateTime(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt;
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant().atOffset(ZoneOffset.UTC);
        }
        if (value instanceof java.time.Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(value.toString());
    }

    private static List<Object> toList(Object value) {
        try {
            Object raw = value instanceof Array array ? array.getArray() : value;
            if (raw instanceof Object[] items) {
                return new ArrayList<>(Arrays.asList(items));
            }
            if (raw instanceof List<?> list) {
                return new ArrayList<>(list);
            }
            throw new IllegalArgumentException("expected an array, got " + raw.getClass().getSimpleName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read array value: " + e.getMessage(), e);
        }
    }
}
