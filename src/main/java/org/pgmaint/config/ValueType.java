package org.pgmaint.config;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** The types a configuration value may have; each parses text and says what a valid value looks like. */
public enum ValueType {
    STRING("any text"),
    INT("a whole number such as 5"),
    NUMBER("a number such as 20 or 7.5"),
    BOOL("true or false"),
    DURATION("a duration such as 500ms, 30s, 10min, 1h or 2d"),
    LIST("a list such as [a, b], or one name; in the list quote a name with a comma, spaces at its ends or"
            + " double quotes: [\"a,b\", \" c\", '\"A\".b']");

    private static final Pattern DURATION_TEXT =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)?");

    private static final Pattern PLAIN_ITEM = Pattern.compile("[A-Za-z0-9_/.][A-Za-z0-9_/.$-]*");

    /** The longest duration any value may have. */
    public static final Duration LONGEST = Duration.ofDays(36_500);

    private final String validForm;

    ValueType(String validForm) {
        this.validForm = validForm;
    }

    public String validForm() {
        return validForm;
    }

    /** Parses one value; throws IllegalArgumentException with the valid form when it does not fit. */
    public Object parse(String text) {
        if (this == LIST) {
            return parseList(text == null ? "" : text);
        }
        String value = text == null ? "" : text.trim();
        try {
            return switch (this) {
                case STRING -> value;
                case INT -> Integer.parseInt(value);
                case NUMBER -> finite(value);
                case BOOL -> parseBool(value);
                case DURATION -> parseDuration(value);
                case LIST -> parseList(value);
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(invalid(value));
        }
    }

    /**
     * A list given as text (environment, --set, a YAML scalar): a YAML flow list {@code [a, "b,c", " d"]} whose
     * items are kept exactly, or a single name. Names are matched exactly (roles, application_names, tables), so
     * text that could mean two things, a comma-joined "a,b" or a name with spaces at its ends, is refused.
     */
    private List<String> parseList(String text) {
        String value = text.strip();
        if (value.isEmpty()) {
            return List.of();
        }
        if (value.startsWith("[")) {
            try {
                Node node = new Yaml(new LoaderOptions()).compose(new StringReader(value));
                if (node instanceof SequenceNode sequence) {
                    List<String> items = new ArrayList<>();
                    for (Node item : sequence.getValue()) {
                        if (!(item instanceof ScalarNode scalar)) {
                            throw new IllegalArgumentException("'" + text + "' is not valid: list items should be names, not lists or maps");
                        }
                        items.add(scalar.getValue());
                    }
                    return List.copyOf(items);
                }
            } catch (YAMLException e) {
                // reported below with the valid form
            }
            throw new IllegalArgumentException(invalid(text));
        }
        if (value.contains(",") || !value.equals(text)) {
            throw new IllegalArgumentException("'" + text + "' is ambiguous: names are matched exactly, so write a list: "
                    + (value.contains(",") ? "[" + String.join(", ", value.split("\\s*,\\s*")) + "] for several names, or [\"" + value + "\"] for one name with a comma"
                    : "[\"" + text + "\"] for a name with spaces at its ends, or " + value + " without them"));
        }
        return List.of(value);
    }

    /** A list as text that {@link #parse} reads back to the same items: a YAML flow list, items quoted when needed. */
    public static String listText(List<?> items) {
        StringBuilder out = new StringBuilder("[");
        for (Object item : items) {
            String text = String.valueOf(item);
            out.append(out.length() > 1 ? ", " : "");
            if (PLAIN_ITEM.matcher(text).matches()) {
                out.append(text);
            } else {
                out.append('"');
                for (char c : text.toCharArray()) {
                    switch (c) {
                        case '"' -> out.append("\\\"");
                        case '\\' -> out.append("\\\\");
                        default -> {
                            if (c < 0x20 || c == 0x7f) {
                                out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                            } else {
                                out.append(c);
                            }
                        }
                    }
                }
                out.append('"');
            }
        }
        return out.append(']').toString();
    }

    private String invalid(String value) {
        return "'" + value + "' is not valid: should be " + validForm;
    }

    private Double finite(String value) {
        double number = Double.parseDouble(value);
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException(invalid(value));
        }
        return number;
    }

    private Boolean parseBool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(invalid(value));
        };
    }

    private Duration parseDuration(String value) {
        Matcher m = DURATION_TEXT.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(invalid(value));
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit.charAt(0)) {
            case 'd' -> amount * 86_400_000d;
            case 'h' -> amount * 3_600_000d;
            case 'm' -> unit.equals("ms") ? amount : amount * 60_000d;
            default -> amount * 1000d;
        };
        if (millis > LONGEST.toMillis()) {
            // beyond this, deadlines in nanoseconds overflow; no setting needs a century
            throw new IllegalArgumentException("'" + value + "' is not valid: too long, should be at most "
                    + format(LONGEST) + " (100 years)");
        }
        return Duration.ofMillis(Math.round(millis));
    }

    public static String format(Object value) {
        if (value instanceof Duration d) {
            long ms = d.toMillis();
            if (ms % 86_400_000 == 0 && ms > 0) return ms / 86_400_000 + "d";
            if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
            if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "min";
            if (ms % 1000 == 0) return ms / 1000 + "s";
            return ms + "ms";
        }
        if (value instanceof Double n && n == Math.rint(n) && !Double.isInfinite(n)) {
            return String.valueOf(n.longValue());
        }
        if (value instanceof List<?> list) {
            return listText(list);
        }
        return String.valueOf(value);
    }
}
